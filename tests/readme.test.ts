import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../packages/cli/src/main.js";
import { testIO } from "../packages/cli/src/test-support.js";

/**
 * The README's commands are each run somewhere: the twenty-line hub by `examples/twenty-lines.test.ts`
 * (which also holds the README's copy to the file) and `tests/packed-install.test.ts`, the project
 * quickstart by the packed-install test, each command's behaviour by its own test in
 * `packages/cli`. This file holds the README's lists to what exists: every `carter` command of the
 * table answers `--help`, and every `npm` script the quickstart names is a script.
 */

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const MANIFEST = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  scripts: Record<string, string>;
};

/** The first cell of each row of the README's `carter` command table, as its code spans. */
function tableCommands(readme: string): string[] {
  const section = /## The `carter` command\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `carter"))
    .flatMap((line) => [...line.split(/(?<!\\)\|/)[1].matchAll(/`(carter [^`]+)`/g)].map((m) => m[1]));
}

/**
 * The command words of a table entry, alternatives expanded: `carter gateway account\|token …`
 * is `gateway account`, `gateway token`. Words stop at the first option, placeholder or ellipsis.
 */
function commandWords(entry: string): string[][] {
  const words: string[] = [];
  for (const word of entry.replace(/\\\|/g, "|").split(/\s+/).slice(1)) {
    if (!/^[a-z][a-z|-]*$/.test(word)) break;
    words.push(word);
  }
  return words.reduce<string[][]>(
    (paths, word) => paths.flatMap((path) => word.split("|").map((choice) => [...path, choice])),
    [[]],
  );
}

describe("the README's `carter` command table", () => {
  const entries = tableCommands(README);

  it("is found, with every command the CLI's help lists", async () => {
    expect(entries.length).toBeGreaterThanOrEqual(14);
    const io = testIO();
    expect(await main(["--help"], io)).toBe(0);
    const listed = [...io.stdout().matchAll(/^ {2}([a-z][a-z-]*)\s/gm)].map((m) => m[1]);
    const documented = new Set(entries.flatMap(commandWords).map((words) => words[0]));
    expect(listed.length).toBeGreaterThan(0);
    for (const command of listed) expect(documented, `carter ${command} is in the README`).toContain(command);
  });

  it("names only commands that answer --help with their usage and exit 0", async () => {
    const commands = [...new Set(entries.flatMap(commandWords).map((words) => words.join(" ")))];
    expect(commands).toEqual(expect.arrayContaining(["relay", "gateway token", "doc", "init"]));
    for (const command of commands) {
      const io = testIO();
      const code = await main([...command.split(" "), "--help"], io);
      expect({ command, code, stderr: io.stderr() }).toEqual({ command, code: 0, stderr: "" });
      expect(io.stdout(), command).toContain(`carter ${command}`);
    }
  }, 60_000);

  it("expands alternatives and stops at options", () => {
    expect(commandWords("carter gateway account\\|token\\|device …")).toEqual([
      ["gateway", "account"],
      ["gateway", "token"],
      ["gateway", "device"],
    ]);
    expect(commandWords("carter relay [--host 127.0.0.1]")).toEqual([["relay"]]);
    expect(commandWords("carter validate <file...> [--json]")).toEqual([["validate"]]);
  });
});

describe("the README's quickstart", () => {
  it("names only npm scripts the repository has", () => {
    const quickstart = /## Quickstart\n+```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? "";
    const scripts = [...quickstart.matchAll(/^npm (?:run )?([a-z:]+)/gm)]
      .map((m) => m[1])
      .filter((name) => !["ci", "install"].includes(name));
    expect(scripts).toEqual(["start", "test"]);
    for (const script of scripts) expect(MANIFEST.scripts, script).toHaveProperty(script);
    // `npm start` is `carter demo`, which packages/cli/src/commands/demo.test.ts runs.
    expect(MANIFEST.scripts.start).toMatch(/carter\.js demo$/);
  });
});
