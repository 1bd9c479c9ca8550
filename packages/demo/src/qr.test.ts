import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { terminalQr } from "./qr.js";

/**
 * Reads half-block terminal art back into dark/light modules (two module rows per line). Dark
 * modules are drawn in black ink (SGR 30); anything drawn in another ink only pads the quiet zone.
 */
function modulesOf(art: string): boolean[][] {
  const rows: boolean[][] = [];
  for (const line of art.split("\n")) {
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    let blackInk = false;
    for (const [, sgr, char] of line.matchAll(/\u001b\[([0-9;]*)m|(.)/gsu)) {
      if (sgr !== undefined) {
        if (sgr === "30") blackInk = true;
        else if (sgr === "37" || sgr === "0") blackInk = false;
        continue;
      }
      top.push(blackInk && (char === "█" || char === "▀"));
      bottom.push(blackInk && (char === "█" || char === "▄"));
    }
    rows.push(top, bottom);
  }
  return rows;
}

/** The matrix without its all-light quiet zone. */
function trimmed(rows: boolean[][]): boolean[][] {
  const dark = (row: boolean[]) => row.some(Boolean);
  const kept = rows.slice(rows.findIndex(dark), rows.length - [...rows].reverse().findIndex(dark));
  const first = Math.min(...kept.map((row) => row.indexOf(true)).filter((i) => i >= 0));
  const last = Math.max(...kept.map((row) => row.lastIndexOf(true)));
  return kept.map((row) => row.slice(first, last + 1));
}

describe("terminalQr", () => {
  it("prints exactly the modules of the URL's QR code, so a phone camera reads the URL", async () => {
    const url =
      "http://192.168.1.20:8080/?layout=http%3A%2F%2F192.168.1.20%3A8765%2Flayout-0123456789abcdef.json";
    const expected = QRCode.create(url, { errorCorrectionLevel: "L" }).modules;
    const size = expected.size;
    const matrix = Array.from({ length: size }, (_, r) =>
      Array.from({ length: size }, (_, c) => expected.get(r, c) === 1),
    );
    expect(trimmed(modulesOf(await terminalQr(url)))).toEqual(matrix);
    expect(trimmed(modulesOf(await terminalQr(`${url}x`)))).not.toEqual(matrix);
  });
});
