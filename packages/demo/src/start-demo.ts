import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { startDeviceServer, type RunningDeviceServer } from "@carter/device/server";
import type { Layout } from "@carter/kit";
import { startDemoHub, type DemoHub, type LogLevel } from "./demo-hub.js";
import { startDemoRelay, type DemoRelay } from "./demo-relay.js";
import { lanAddresses, localHostFor, urlHost } from "./hosts.js";
import { demoLayout } from "./layout.js";

export interface DemoOptions {
  /** Interface both servers bind. Default `0.0.0.0` (phones on the LAN can reach it). */
  host?: string;
  /** Web device port; 0 = any free port. Default 8080. */
  port?: number;
  /** Relay port; 0 = any free port. Default 8765. */
  relayPort?: number;
  /** The relay token and layout secret. Default: 128 random bits per run. */
  token?: string;
  /** System push period in ms; 0 = only on `demoHub.publish`. Default 1000. */
  intervalMs?: number;
  /**
   * Serve the device page and the layout over HTTPS and the relay over `wss://` (plain `ws://`
   * stays open on the same port for the in-process hub) with this certificate, e.g.
   * `developmentCertificate` from `@carter/relay/tls`. Phones need it for sensors and the camera.
   */
  tls?: { cert: string; key: string };
  /** Progress lines (the device build notice). Default: nowhere. */
  log?: (line: string) => void;
  /** Hub events (also shown in the device's log console). Default: nowhere. */
  onHubLog?: (level: LogLevel, text: string) => void;
}

export interface RunningDemo {
  /** The device page on this machine, with the layout URL in its query. */
  readonly deviceUrl: string;
  /** The same page through each LAN address (what the QR should carry); empty when bound to loopback. */
  readonly lanUrls: readonly string[];
  /** Where the hub dials the relay. */
  readonly relayUrl: string;
  readonly relayPort: number;
  readonly devicePort: number;
  readonly token: string;
  readonly layout: Layout;
  readonly demoHub: DemoHub;
  /** Stops the relay only (devices and the hub start reconnecting). */
  stopRelay(): Promise<void>;
  /** Starts a fresh relay on the same port. */
  startRelay(): Promise<void>;
  /** Stops the hub, the relay and the device server. Safe to call twice. */
  close(): Promise<void>;
}

/** The device page at `host` with the secret layout URL (same host, relay port) in its query. */
function deviceUrlFor(
  host: string,
  devicePort: number,
  relayPort: number,
  layoutPath: string,
  scheme: "http" | "https",
): string {
  const layoutUrl = `${scheme}://${urlHost(host)}:${relayPort}${layoutPath}`;
  return `${scheme}://${urlHost(host)}:${devicePort}/?layout=${encodeURIComponent(layoutUrl)}`;
}

/**
 * Starts the whole demo in this process: a token-guarded relay (serving the layout at a secret
 * path), the demo hub, and the web device server.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const host = options.host ?? "0.0.0.0";
  const token = options.token ?? randomBytes(16).toString("base64url");
  const localHost = localHostFor(host);
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    let layout: Layout | null = null;
    const relayOptions = { host, token, layout: () => layout!, tls: options.tls };
    const scheme = options.tls ? "https" : "http";
    let relay: DemoRelay | null = await startDemoRelay({ ...relayOptions, port: options.relayPort ?? 8765 });
    const { port: relayPort, layoutPath, url: relayUrl } = relay;
    cleanups.push(async () => {
      await relay?.close();
      relay = null;
    });
    layout = demoLayout({ url: relayUrl, token, cores: cpus().length });

    const demoHub = await startDemoHub({
      url: relayUrl,
      token,
      layout,
      intervalMs: options.intervalMs,
      onLog: options.onHubLog,
    });
    cleanups.push(() => demoHub.close());

    const device: RunningDeviceServer = await startDeviceServer({
      host,
      port: options.port ?? 8080,
      tls: options.tls,
      log: options.log ?? (() => {}),
    });
    cleanups.push(() => device.close());

    let closing: Promise<void> | null = null;
    return {
      deviceUrl: deviceUrlFor(localHost, device.port, relayPort, layoutPath, scheme),
      lanUrls: lanAddresses(host).map((address) =>
        deviceUrlFor(address, device.port, relayPort, layoutPath, scheme),
      ),
      relayUrl,
      relayPort,
      devicePort: device.port,
      token,
      layout,
      demoHub,
      async stopRelay() {
        await relay?.close();
        relay = null;
      },
      async startRelay() {
        if (relay) throw new Error("the relay is already running");
        relay = await startDemoRelay({ ...relayOptions, port: relayPort });
      },
      close() {
        closing ??= closeAll();
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
