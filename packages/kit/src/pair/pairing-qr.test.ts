import { describe, expect, it } from "vitest";
import { ConnectionError } from "../connection/checks.js";
import { pairingQr, pairingText } from "./pairing-qr.js";
import { expectedModules, modulesFromPng, modulesFromSvg, modulesFromTerminal } from "./test-support.js";

const KEY = Buffer.alloc(32, 3).toString("base64");
const payload = { url: "ws://192.168.1.50:8765", channel: "editor", role: "viewer", token: "T0k", k: KEY };

describe("pairingText", () => {
  it("writes the app's fields in order and drops absent or empty ones", () => {
    expect(pairingText(payload)).toBe(
      `{"url":"ws://192.168.1.50:8765","channel":"editor","role":"viewer","token":"T0k","k":"${KEY}"}`,
    );
    expect(pairingText({ url: "wss://r.example", channel: "home", token: "", role: "controller" })).toBe(
      '{"url":"wss://r.example","channel":"home","role":"controller"}',
    );
  });

  it("refuses payloads the app could not use", () => {
    expect(() => pairingText({ ...payload, url: "http://x" })).toThrow(ConnectionError);
    expect(() => pairingText({ ...payload, channel: "no spaces" })).toThrow(/^channel: /);
    expect(() => pairingText({ ...payload, k: "abc=" })).toThrow(/^k: /);
  });
});

describe("pairingQr", () => {
  it("renders the same symbol, encoding the payload text, as terminal text, SVG and PNG", async () => {
    const qr = await pairingQr(payload, { scale: 4, margin: 2 });
    expect(JSON.parse(qr.text)).toEqual(payload);
    const expected = expectedModules(qr.text);
    expect(expected.size).toBeGreaterThanOrEqual(21);
    expect(modulesFromSvg(qr.svg, 2)).toEqual(expected);
    expect(modulesFromTerminal(qr.terminal, expected.size)).toEqual(expected);
    expect(modulesFromPng(qr.png, 4, 2)).toEqual(expected);
  });

  it("encodes a different symbol for a different payload", async () => {
    const a = await pairingQr(payload);
    const b = await pairingQr({ ...payload, channel: "kitchen" });
    expect(modulesFromSvg(b.svg, 4)).not.toEqual(expectedModules(a.text));
    expect(modulesFromSvg(b.svg, 4)).toEqual(expectedModules(b.text));
  });

  it("writes a valid SVG document and PNG signature with defaults", async () => {
    const qr = await pairingQr({ url: "ws://10.0.0.2:8765", channel: "home", role: "viewer" });
    expect(qr.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(qr.svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect([...qr.png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = expectedModules(qr.text).size;
    expect(qr.png.readUInt32BE(16)).toBe((size + 8) * 8);
  });
});
