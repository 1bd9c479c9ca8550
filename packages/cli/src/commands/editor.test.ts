import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

describe("carter editor", () => {
  it(
    "serves the app and the FILE, writes saves back, and stops on a signal",
    { timeout: 180_000 },
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), "carter-cli-editor-")), "layout.json");
      writeFileSync(file, JSON.stringify({ name: "Bench", version: 1, tabs: [] }));
      const io = testIO();
      const exit = main(["editor", "--port", "0", file], io);
      const url = /^carter editor serving (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(await io.firstLine)?.[1];
      expect(url).toBeDefined();
      expect((await fetch(url!)).status).toBe(200);
      const served = await fetch(new URL("layout.json", url));
      expect(served.headers.get("x-carter-file")).toBe("layout.json");
      expect(await served.json()).toEqual({ name: "Bench", version: 1, tabs: [] });
      const saved = await fetch(new URL("layout.json", url), {
        method: "PUT",
        body: '{"name":"Saved","version":1,"tabs":[]}',
      });
      expect(await saved.json()).toEqual({ saved: "layout.json" });
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ name: "Saved", version: 1, tabs: [] });
      const live = (await (await fetch(new URL("live.json", url))).json()) as { pairing: unknown };
      expect(live.pairing).toEqual({
        url: `ws://127.0.0.1:${new URL(url!).port}/relay`,
        channel: "editor",
        role: "viewer",
      });
      expect((await fetch(new URL("device/", url))).status).toBe(200);
      const refused = await fetch(new URL("layout.json", url), { method: "PUT", body: "[1]" });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error: "layout: must be a JSON object" });
      io.stop();
      expect(await exit).toBe(0);
    },
  );

  it("rejects bad flags with usage errors", async () => {
    for (const args of [
      ["--port", "x"],
      ["a.json", "b.json"],
      ["--bogus"],
      ["--relay", "http://x"],
      ["--token", "t"],
    ]) {
      const io = testIO();
      expect(await main(["editor", ...args], io)).toBe(2);
      expect(io.stderr()).toContain("Usage: carter editor");
    }
  });
});
