import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../command.js";
import { main } from "../main.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  let printed: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (printed = resolve));
  const cli: CliIO = {
    out: (text) => {
      out.push(text);
      printed(text);
    },
    err: (text) => err.push(text),
    stdin: Readable.from([]),
    env: {},
    stopSignal: new Promise((resolve) => (stop = resolve)),
  };
  return { cli, out, err, firstLine, stop: () => stop("SIGTERM") };
}

describe("carter device", () => {
  it("serves the app and the layout file, and stops on a signal", { timeout: 180_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), "carter-cli-device-")), "layout.json");
    writeFileSync(file, JSON.stringify({ name: "Bench", version: 1, tabs: [] }));
    const harness = io();
    const exit = main(
      ["device", "--port", "0", "--layout", file, "--relay", "ws://127.0.0.1:8765"],
      harness.cli,
    );
    const url = /^carter device serving (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(await harness.firstLine)?.[1];
    expect(url).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);
    expect(await (await fetch(new URL("layout.json", url))).json()).toEqual({
      name: "Bench",
      version: 1,
      tabs: [],
      connection: { identity: {}, url: "ws://127.0.0.1:8765" },
    });
    harness.stop();
    expect(await exit).toBe(0);
  });

  it("rejects bad flags with usage errors", async () => {
    for (const args of [["--port", "x"], ["--relay", "http://x"], ["--bogus"]]) {
      const harness = io();
      expect(await main(["device", ...args], harness.cli)).toBe(2);
      expect(harness.err.join("\n")).toContain("Usage: carter device");
    }
    const harness = io();
    expect(await main(["device", "--port", "0", "--layout", "/nope.json"], harness.cli)).toBe(1);
    expect(harness.err.join("\n")).toContain("layout /nope.json: no such file");
  });
});
