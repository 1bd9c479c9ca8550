import { parseArgs, type ParseArgsConfig } from "node:util";
import { formatControlList, listControls } from "@carter/kit";
import type { Command } from "../command.js";
import { UsageError } from "../command.js";

/** `parseArgs` (strict) with every flag or positional mistake reported as a usage error (exit 2). */
export function parseCommandArgs<T extends ParseArgsConfig>(
  args: string[],
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ ...config, args, strict: true });
  } catch (error) {
    if (String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError((error as Error).message);
    }
    throw error;
  }
}

const CATEGORIES = ["input", "display", "container", "layout"];

export const catalogCommand: Command = {
  name: "catalog",
  summary: "list the 43 layout control types",
  usage: "carter catalog [--category input|display|container|layout] [--json]",
  run(args, io) {
    const { values } = parseCommandArgs(args, {
      options: { json: { type: "boolean" }, category: { type: "string" } },
    });
    if (values.category !== undefined && !CATEGORIES.includes(values.category)) {
      throw new UsageError(`--category must be one of ${CATEGORIES.join(", ")}, got '${values.category}'`);
    }
    const controls = listControls().filter(
      (c) => values.category === undefined || c.category === values.category,
    );
    io.out(values.json ? JSON.stringify(controls, null, 2) : formatControlList(controls));
    return Promise.resolve(0);
  },
};
