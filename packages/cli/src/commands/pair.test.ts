import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pairingQr } from "@carter/kit/node";
import { describe, expect, it } from "vitest";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

const KEY = Buffer.alloc(32, 5).toString("base64");
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "carter-pair-"));
}

describe("carter pair", () => {
  it("prints the QR and the redacted payload, and writes pairing.png/svg into --out", async () => {
    const out = join(tempDir(), "qr");
    const io = testIO();
    const args = [
      "pair",
      "--url",
      "ws://192.168.1.50:8765",
      "--channel",
      "home",
      "--token",
      "s3cret",
      "--key",
      KEY,
      "--out",
      out,
    ];
    expect(await main(args, io)).toBe(0);

    const expected = await pairingQr({
      url: "ws://192.168.1.50:8765",
      channel: "home",
      role: "viewer",
      token: "s3cret",
      k: KEY,
    });
    expect(expected.text).toBe(
      `{"url":"ws://192.168.1.50:8765","channel":"home","role":"viewer","token":"s3cret","k":"${KEY}"}`,
    );
    const stdout = io.stdout();
    expect(stdout.startsWith(expected.terminal)).toBe(true);
    expect(stdout).toContain(
      'Pairing payload: {"url":"ws://192.168.1.50:8765","channel":"home","role":"viewer","token":"[redacted]","k":"[redacted]"}',
    );
    expect(stdout).not.toContain(KEY);
    expect(stdout).not.toContain("s3cret");

    const png = readFileSync(join(out, "pairing.png"));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.equals(expected.png)).toBe(true);
    const svg = readFileSync(join(out, "pairing.svg"), "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toBe(expected.svg);
  });

  it("--show-secrets prints the payload as encoded; --png/--svg pick the files", async () => {
    const dir = tempDir();
    const io = testIO();
    const args = [
      "pair",
      "--url",
      "wss://relay.example",
      "--channel",
      "editor",
      "--role",
      "controller",
      "--key",
      KEY,
    ];
    expect(
      await main([...args, "--png", join(dir, "a.png"), "--svg", join(dir, "b.svg"), "--show-secrets"], io),
    ).toBe(0);
    expect(io.stdout()).toContain(
      `Pairing payload: {"url":"wss://relay.example","channel":"editor","role":"controller","k":"${KEY}"}`,
    );
    expect(existsSync(join(dir, "a.png"))).toBe(true);
    expect(readFileSync(join(dir, "b.svg"), "utf8")).toContain("</svg>");
    expect(existsSync(join(dir, "pairing.png"))).toBe(false);
  });

  it.each([
    [["--channel", "home"], /--url is required/],
    [["--url", "ws://h:8765"], /--channel is required/],
    [
      ["--url", "http://h:8765", "--channel", "home"],
      /^carter pair: --url: scheme must be ws:\/\/ or wss:\/\/, got http:\/\//,
    ],
    [
      ["--url", "ws://h:8765", "--channel", "my home"],
      /^carter pair: --channel: "my home" is not a valid name/,
    ],
    [
      ["--url", "ws://h:8765", "--channel", "home", "--key", "c2hvcnQ="],
      /^carter pair: --key: must be standard base64/,
    ],
    [
      ["--url", "ws://h:8765", "--channel", "home", "--out", "d", "--png", "x.png"],
      /give either --out DIR or --png\/--svg FILE/,
    ],
    [["--url", "ws://h:8765", "--channel", "home", "--colour", "red"], /Unknown option '--colour'/],
    [["--url"], /argument missing/],
    [["--url", "ws://h:8765", "--channel", "home", "stray"], /Unexpected argument 'stray'/],
  ])("bad flags %j: usage error, exit 2", async (flags, message) => {
    const io = testIO();
    expect(await main(["pair", ...flags], io)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr()).toContain("Usage: carter pair --url");
    expect(io.stdout()).toBe("");
  });
});
