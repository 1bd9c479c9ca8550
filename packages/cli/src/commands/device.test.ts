import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

describe("carter device", () => {
  it("serves the app and the layout file, and stops on a signal", { timeout: 180_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), "carter-cli-device-")), "layout.json");
    writeFileSync(file, JSON.stringify({ name: "Bench", version: 1, tabs: [] }));
    const io = testIO();
    const exit = main(["device", "--port", "0", "--layout", file, "--relay", "ws://127.0.0.1:8765"], io);
    const url = /^carter device serving (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(await io.firstLine)?.[1];
    expect(url).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);
    expect(await (await fetch(new URL("layout.json", url))).json()).toEqual({
      name: "Bench",
      version: 1,
      tabs: [],
      connection: { identity: {}, url: "ws://127.0.0.1:8765" },
    });
    io.stop();
    expect(await exit).toBe(0);
  });

  it("serves HTTPS with a kept development certificate under --tls", { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "carter-cli-tls-"));
    const io = testIO({ env: { CARTER_TLS_DIR: dir } });
    const exit = main(["device", "--port", "0", "--tls"], io);
    const url = /^carter device serving (https:\/\/127\.0\.0\.1:\d+\/)$/.exec(await io.firstLine)?.[1];
    expect(url).toBeDefined();
    expect(io.stderr()).toContain(`development certificate made in ${dir}`);
    const cert = readFileSync(join(dir, "dev-cert.pem"), "utf8");
    const status = await new Promise<number>((resolve, reject) =>
      get(url!, { ca: cert }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on("error", reject),
    );
    expect(status).toBe(200);
    io.stop();
    expect(await exit).toBe(0);
  });

  it("rejects bad flags with usage errors", async () => {
    for (const args of [["--port", "x"], ["--relay", "http://x"], ["--bogus"]]) {
      const io = testIO();
      expect(await main(["device", ...args], io)).toBe(2);
      expect(io.stderr()).toContain("Usage: carter device");
    }
    const io = testIO();
    expect(await main(["device", "--port", "0", "--layout", "/nope.json"], io)).toBe(1);
    expect(io.stderr()).toContain("layout /nope.json: no such file");
  });
});
