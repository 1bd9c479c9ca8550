import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { ConnectionError, pairingQr, type PairingPayload } from "@carter/kit/node";
import { type Command, parseCommandArgs } from "../command.js";
import { UsageError } from "../command.js";

/** Payload field → the flag that set it, so a bad value is reported against the flag. */
const FLAG_OF: Record<string, string> = {
  url: "--url",
  channel: "--channel",
  role: "--role",
  token: "--token",
  k: "--key",
};

function redact(text: string): string {
  const payload = JSON.parse(text) as Record<string, unknown>;
  for (const secret of ["token", "k"]) if (payload[secret] !== undefined) payload[secret] = "[redacted]";
  return JSON.stringify(payload);
}

export const pairCommand: Command = {
  name: "pair",
  summary: "print and save a pairing QR that points the app at a relay channel",
  usage:
    "carter pair --url ws://HOST:8765 --channel NAME [--role viewer] [--token T] [--key BASE64] " +
    "[--out DIR | --png FILE --svg FILE] [--show-secrets]",
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      options: {
        url: { type: "string" },
        channel: { type: "string" },
        role: { type: "string" },
        token: { type: "string" },
        key: { type: "string" },
        out: { type: "string" },
        png: { type: "string" },
        svg: { type: "string" },
        "show-secrets": { type: "boolean" },
      },
    });
    if (values.url === undefined)
      throw new UsageError("--url is required (the relay the phone dials, e.g. ws://192.168.1.50:8765)");
    if (values.channel === undefined) throw new UsageError("--channel is required");
    if (values.out !== undefined && (values.png !== undefined || values.svg !== undefined)) {
      throw new UsageError("give either --out DIR or --png/--svg FILE, not both");
    }
    const payload: PairingPayload = {
      url: values.url,
      channel: values.channel,
      role: values.role ?? "viewer",
    };
    if (values.token !== undefined) payload.token = values.token;
    if (values.key !== undefined) payload.k = values.key;

    let qr;
    try {
      qr = await pairingQr(payload);
    } catch (error) {
      if (error instanceof ConnectionError) {
        throw new UsageError(`${FLAG_OF[error.field] ?? error.field}: ${error.reason}`);
      }
      throw error;
    }

    const directory = resolve(values.out ?? ".");
    const pngPath = resolve(values.png ?? join(directory, "pairing.png"));
    const svgPath = resolve(values.svg ?? join(directory, "pairing.svg"));
    for (const path of new Set([pngPath, svgPath])) await mkdir(dirname(path), { recursive: true });
    await Promise.all([writeFile(pngPath, qr.png), writeFile(svgPath, qr.svg)]);

    io.out(qr.terminal);
    io.out(`Pairing payload: ${values["show-secrets"] ? qr.text : redact(qr.text)}`);
    io.out(`Wrote ${pngPath}\nWrote ${svgPath}`);
    io.out("Scan it in the app: Settings → Studio Session → Open Scanner.");
    return 0;
  },
};
