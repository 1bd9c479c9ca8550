import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { validateLayout } from "@carter/kit";
import { describe, expect, it } from "vitest";
import { main } from "../main.js";
import { testIO } from "../test-support.js";
import type { FileReport } from "./validate.js";

const CARTER = fileURLToPath(new URL("../../bin/carter.js", import.meta.url));
const CORPUS = fileURLToPath(new URL("../../../kit/src/validate/corpus/", import.meta.url));
const corpusFiles = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => join(CORPUS, f));

const good = {
  name: "Ok",
  version: 1,
  tabs: [{ title: "Main", icon: "house", children: [{ type: "spacer", id: "s", position: [0, 0] }] }],
};
const bad = {
  ...good,
  tabs: [{ title: "Main", icon: "house", children: [{ type: "knob", id: "k", position: [0, 0] }] }],
};

/** Runs the real `carter` executable with `input` piped to its stdin. */
function runCarter(args: string[], input: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CARTER, ...args], { stdio: ["pipe", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout }));
    child.stdin.end(input);
  });
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "carter-validate-")), name);
  writeFileSync(path, text);
  return path;
}

describe("carter validate", () => {
  it("--json reports the library's findings for every corpus layout", async () => {
    const io = testIO();
    const code = await main(["validate", "--json", ...corpusFiles], io);
    const reports = JSON.parse(io.stdout()) as FileReport[];
    expect(reports.map((r) => r.file)).toEqual(corpusFiles);
    for (const report of reports) {
      const expected = validateLayout(JSON.parse(readFileSync(report.file, "utf8")));
      expect(report).toEqual({ file: report.file, ok: expected.ok, findings: expected.findings });
    }
    expect(code).toBe(1);
  });

  it("prints file, severity, path and message, then a summary; exit 0 without errors", async () => {
    const file = tempFile(
      "good.json",
      JSON.stringify({
        ...good,
        extra: 1,
        tabs: [{ ...good.tabs[0], children: [{ ...good.tabs[0].children[0], colour: 1 }] }],
      }),
    );
    const io = testIO();
    expect(await main(["validate", file], io)).toBe(0);
    expect(io.stdout()).toBe(
      `${file}: warning $.tabs[0].children[0].colour  unknown_field: "colour" is not a documented spacer control field; the app ignores it\n${file}: 0 errors, 1 warning`,
    );
  });

  it("exits 1 on errors", async () => {
    const io = testIO();
    expect(await main(["validate", tempFile("bad.json", JSON.stringify(bad))], io)).toBe(1);
    expect(io.stdout()).toMatch(
      /error {3}\$\.tabs\[0\]\.children\[0\]\.type {2}unknown_type: unknown control type "knob"/,
    );
  });

  it("reads stdin with -", async () => {
    const io = testIO({ stdin: Readable.from([JSON.stringify(good)]) });
    expect(await main(["validate", "-"], io)).toBe(0);
    expect(io.stdout()).toBe("<stdin>: 0 errors, 0 warnings");
  });

  it("the executable reads a piped layout from stdin and exits 1 on errors, 0 without", async () => {
    const failed = await runCarter(["validate", "-"], JSON.stringify(bad));
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^<stdin>: error {3}\$\.tabs\[0\]\.children\[0\]\.type {2}unknown_type: /);
    expect(failed.stdout.endsWith("<stdin>: 1 error, 0 warnings\n")).toBe(true);
    const passed = await runCarter(["validate", "--json", "-"], JSON.stringify(good));
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout)).toEqual([{ file: "-", ok: true, findings: [] }]);
  });

  it("an unreadable file or invalid JSON is an error for that file, with line and column", async () => {
    const io = testIO();
    const broken = tempFile("broken.json", '{\n  "name": "x",\n  "version": 1 "tabs": []\n}');
    const missing = join(tmpdir(), "carter-validate-no-such-file.json");
    expect(await main(["validate", "--json", broken, missing], io)).toBe(1);
    expect(JSON.parse(io.stdout())).toEqual([
      {
        file: broken,
        ok: false,
        findings: [
          {
            code: "invalid_json",
            severity: "error",
            path: "$",
            message: "invalid JSON at line 3, column 16: expected ',' or '}', found \"\\\"\"",
          },
        ],
      },
      {
        file: missing,
        ok: false,
        findings: [
          { code: "unreadable", severity: "error", path: "$", message: "cannot read file: no such file" },
        ],
      },
    ]);
  });

  it("usage errors exit 2", async () => {
    expect(await main(["validate"], testIO())).toBe(2);
    expect(await main(["validate", "--bogus", "x.json"], testIO())).toBe(2);
    expect(await main(["validate", "-", "-"], testIO())).toBe(2);
    expect(await main(["validate", "--json=yes", "x.json"], testIO())).toBe(2);
  });
});
