import QRCode from "qrcode";
import { parseConnection } from "../connection/parse.js";
import type { PairingPayload } from "../connection/emit.js";

/** The three renderings of one pairing QR. */
export interface PairingQr {
  /** The exact JSON string encoded in the QR. */
  text: string;
  /** Half-block characters with ANSI colours, two module rows per line. */
  terminal: string;
  svg: string;
  png: Buffer;
}

export interface PairingQrOptions {
  /** PNG pixels per module; default 8. */
  scale?: number;
  /** Quiet zone in modules; default 4 (the QR standard's minimum). */
  margin?: number;
  /** Default `M`: survives some glare on a screen, keeps the symbol small. */
  errorCorrectionLevel?: "L" | "M" | "Q" | "H";
}

/**
 * The pairing JSON in the app's field order, without absent fields. Throws `ConnectionError`
 * for a payload the app could not use (bad url, channel, role or key).
 */
export function pairingText(payload: PairingPayload): string {
  parseConnection(payload);
  const ordered: PairingPayload = {
    url: payload.url,
    channel: payload.channel,
    role: payload.role ?? "viewer",
  };
  if (payload.token !== undefined && payload.token !== "") ordered.token = payload.token;
  if (payload.k !== undefined) ordered.k = payload.k;
  return JSON.stringify(ordered);
}

/** Renders a pairing payload as terminal text, SVG and PNG (same symbol in all three). */
export async function pairingQr(payload: PairingPayload, options: PairingQrOptions = {}): Promise<PairingQr> {
  const text = pairingText(payload);
  const errorCorrectionLevel = options.errorCorrectionLevel ?? "M";
  const margin = options.margin ?? 4;
  const [terminal, svg, png] = await Promise.all([
    QRCode.toString(text, { type: "terminal", small: true, errorCorrectionLevel }),
    QRCode.toString(text, { type: "svg", errorCorrectionLevel, margin }),
    QRCode.toBuffer(text, { type: "png", errorCorrectionLevel, margin, scale: options.scale ?? 8 }),
  ]);
  return { text, terminal, svg, png };
}
