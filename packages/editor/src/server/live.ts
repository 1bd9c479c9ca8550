import type { Server } from "node:http";
import { networkInterfaces } from "node:os";
import { pairingText, type PairingPayload } from "@carter/kit/node";
import { isValidName } from "@carter/protocol";
import { startRelay, type RunningRelay } from "@carter/relay";
import QRCode from "qrcode";

/** Where the editor's live-edit channel lives (session-protocol §5.1). */
export interface LiveOptions {
  /** A relay or gateway `ws(s)://` URL to join; absent: an embedded relay at `/relay` on the editor's port. */
  relay?: string;
  /** The token for `relay`, written into the pairing payload too. */
  token?: string;
  /** Default `editor`. */
  channel?: string;
}

/** What the editor page reads from `/live.json` to join the channel and pair devices. */
export interface LiveInfo {
  /** The relay URL the editor page dials; `null`: the embedded relay, at `/relay` of the page's own origin. */
  relay: string | null;
  channel: string;
  token: string | null;
  /** The pairing payload the CAR-TER app scans (session-protocol §3.2). */
  pairing: PairingPayload;
  /** The web device paired the same way: the device app served by the editor, with `#pair=`. */
  deviceUrl: string;
  /** SVG QR codes of the pairing payload (`app`) and of `deviceUrl` (`web`). */
  qr: { app: string; web: string };
}

export interface LiveChannel {
  info(): LiveInfo;
  close(): Promise<void>;
}

function lanAddress(): string | null {
  for (const entries of Object.values(networkInterfaces()))
    for (const entry of entries ?? []) if (!entry.internal && entry.family === "IPv4") return entry.address;
  return null;
}

/** The host a phone dials: this machine's LAN address when bound to every interface, else the bind host. */
function publicHost(bindHost: string): string {
  const host = bindHost === "0.0.0.0" || bindHost === "::" ? (lanAddress() ?? "127.0.0.1") : bindHost;
  return host.includes(":") ? `[${host}]` : host;
}

function checkRelayUrl(relay: string): void {
  if (!/^wss?:\/\/[^/]/.test(relay)) throw new Error(`relay: must be a ws:// or wss:// URL, got '${relay}'`);
}

/**
 * Starts the editor's live-edit channel: an embedded relay on the editor's own HTTP server (path
 * `/relay`, so the page, the served web device and a phone all reach it on one port), or a given
 * relay. Answers the pairing payload and its QR codes.
 */
export async function startLiveChannel(
  server: Server,
  bind: { host: string; port: number },
  options: LiveOptions,
): Promise<LiveChannel> {
  const channel = options.channel ?? "editor";
  if (!isValidName(channel))
    throw new Error(
      `channel: '${channel}' is not a channel name (a letter or digit, then letters, digits, _ or -; at most 64)`,
    );
  if (options.relay !== undefined) checkRelayUrl(options.relay);
  let relay: RunningRelay | null = null;
  if (options.relay === undefined) relay = await startRelay({ server, path: "/relay", logLevel: "warn" });
  const host = publicHost(bind.host);
  const pairing: PairingPayload = {
    url: options.relay ?? `ws://${host}:${bind.port}/relay`,
    channel,
    role: "viewer",
  };
  if (options.token !== undefined) pairing.token = options.token;
  const appText = pairingText(pairing);
  const deviceUrl = `http://${host}:${bind.port}/device/#pair=${encodeURIComponent(appText)}`;
  const [app, web] = await Promise.all(
    [appText, deviceUrl].map((text) =>
      QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 }),
    ),
  );
  const info: LiveInfo = {
    relay: options.relay ?? null,
    channel,
    token: options.token ?? null,
    pairing,
    deviceUrl,
    qr: { app, web },
  };
  return {
    info: () => info,
    close: async () => {
      await relay?.close();
    },
  };
}
