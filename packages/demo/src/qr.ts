import QRCode from "qrcode";

/** `text` as a terminal QR code: half-block characters, two module rows per line. */
export function terminalQr(text: string): Promise<string> {
  return QRCode.toString(text, { type: "terminal", small: true, errorCorrectionLevel: "L" });
}
