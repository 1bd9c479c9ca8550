/**
 * Reads QR module matrices back out of the renderings `pairingQr` produces, so tests can check
 * that the terminal text, SVG and PNG each carry the intended symbol (compared with the matrix
 * `QRCode.create` computes for the payload text).
 */
import { inflateSync } from "node:zlib";
import QRCode from "qrcode";

/** Dark modules, row-major, `size × size`. */
export interface ModuleMatrix {
  size: number;
  dark: boolean[];
}

export function expectedModules(
  text: string,
  errorCorrectionLevel: "L" | "M" | "Q" | "H" = "M",
): ModuleMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel });
  return { size: modules.size, dark: Array.from(modules.data, (bit) => bit === 1) };
}

/** The qrcode SVG draws each run of dark modules as `M col row+0.5 h len` / `m skip 0 h len`. */
export function modulesFromSvg(svg: string, margin: number): ModuleMatrix {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path stroke="[^"]*" d="([^"]*)"/.exec(svg);
  if (!viewBox || !path) throw new Error("not a qrcode SVG");
  const size = Number(viewBox[1]) - 2 * margin;
  const dark = new Array<boolean>(size * size).fill(false);
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path[1].matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (command === "M") {
      x = Number(a) - margin;
      y = Number(b) - 0.5 - margin;
    } else if (command === "m") {
      x += Number(a);
    } else {
      for (let i = 0; i < Number(a); i++) dark[y * size + x + i] = true;
      x += Number(a);
    }
  }
  return { size, dark };
}

const ESC = "\x1b[";
const LINE_SETUP = `${ESC}47m${ESC}30m`;
const RESET = `${ESC}0m`;
/** The small terminal renderer's palette: two vertical pixels per character; 2 = dark, 1 = light, 0 = outside. */
const TERMINAL_PALETTE: Record<string, string> = {
  [`${RESET} ${LINE_SETUP}`]: "00",
  [`${RESET}${ESC}37m▄${LINE_SETUP}`]: "01",
  [`${RESET}${ESC}30m▄${LINE_SETUP}`]: "02",
  [`${RESET}${ESC}37m▀${LINE_SETUP}`]: "10",
  [`${RESET}${ESC}30m▀${LINE_SETUP}`]: "20",
  " ": "11",
  "▄": "12",
  "▀": "21",
  "█": "22",
};

export function modulesFromTerminal(terminal: string, size: number): ModuleMatrix {
  const tokens = Object.keys(TERMINAL_PALETTE).sort((a, b) => b.length - a.length);
  const body = terminal.slice(LINE_SETUP.length, terminal.length - RESET.length);
  const lines = body.split(`${RESET}\n${LINE_SETUP}`).filter((line) => line.length > 0);
  const dark = new Array<boolean>(size * size).fill(false);
  lines.forEach((line, lineIndex) => {
    let rest = line;
    let x = -1;
    while (rest.length > 0) {
      const token = tokens.find((t) => rest.startsWith(t));
      if (!token)
        throw new Error(
          `unexpected terminal output at line ${lineIndex}: ${JSON.stringify(rest.slice(0, 12))}`,
        );
      const code = TERMINAL_PALETTE[token];
      for (const [offset, pixel] of [code[0], code[1]].entries()) {
        const y = -1 + 2 * lineIndex + offset;
        if (x >= 0 && x < size && y >= 0 && y < size) dark[y * size + x] = pixel === "2";
      }
      rest = rest.slice(token.length);
      x++;
    }
  });
  return { size, dark };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes an 8-bit RGBA PNG (what pngjs writes) and samples the centre pixel of each module. */
export function modulesFromPng(png: Buffer, scale: number, margin: number): ModuleMatrix {
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw new Error("not a PNG");
  }
  let offset = 8;
  let width = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      if (data[8] !== 8 || data[9] !== 6) throw new Error("expected 8-bit RGBA");
    } else if (type === "IDAT") {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * width);
  for (let row = 0; row < width; row++) {
    const filter = raw[row * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const value = raw[row * (stride + 1) + 1 + i];
      const left = i >= 4 ? pixels[row * stride + i - 4] : 0;
      const up = row > 0 ? pixels[(row - 1) * stride + i] : 0;
      const upLeft = row > 0 && i >= 4 ? pixels[(row - 1) * stride + i - 4] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      pixels[row * stride + i] = (value + predictor) & 255;
    }
  }
  const size = width / scale - 2 * margin;
  const dark = new Array<boolean>(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = (x + margin) * scale + (scale >> 1);
      const py = (y + margin) * scale + (scale >> 1);
      dark[y * size + x] = pixels[py * stride + px * 4] < 128;
    }
  }
  return { size, dark };
}
