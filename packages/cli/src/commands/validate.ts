import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { formatFindings, parseJson, validateLayout, type Finding } from "@carter/kit";
import { type Command, parseCommandArgs } from "../command.js";
import { UsageError } from "../command.js";

/** One file's outcome; a file that cannot be read or parsed is one error finding at `$`. */
export interface FileReport {
  file: string;
  ok: boolean;
  findings: Finding[];
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

function unreadable(file: string, code: "unreadable" | "invalid_json", message: string): FileReport {
  return { file, ok: false, findings: [{ code, severity: "error", path: "$", message }] };
}

async function checkFile(file: string, stdin: Readable): Promise<FileReport> {
  let text: string;
  try {
    text = file === "-" ? await readAll(stdin) : await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return unreadable(
      file,
      "unreadable",
      code === "ENOENT" ? "cannot read file: no such file" : `cannot read file: ${(error as Error).message}`,
    );
  }
  let layout: unknown;
  try {
    layout = parseJson(text);
  } catch (error) {
    return unreadable(file, "invalid_json", (error as Error).message);
  }
  const result = validateLayout(layout);
  return { file, ok: result.ok, findings: result.findings };
}

export const validateCommand: Command = {
  name: "validate",
  summary: "check layout files against the layout format",
  usage: "carter validate [--json] <file...>   (use - for stdin)",
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      options: { json: { type: "boolean", default: false } },
      allowPositionals: true,
    });
    if (positionals.length === 0) throw new UsageError("give at least one layout file (or - for stdin)");
    if (positionals.filter((p) => p === "-").length > 1)
      throw new UsageError("stdin (-) can be read only once");
    const reports: FileReport[] = [];
    for (const file of positionals) reports.push(await checkFile(file, io.stdin));
    if (values.json) io.out(JSON.stringify(reports, null, 2));
    else
      io.out(reports.map((r) => formatFindings(r.findings, r.file === "-" ? "<stdin>" : r.file)).join("\n"));
    return reports.every((r) => r.ok) ? 0 : 1;
  },
};
