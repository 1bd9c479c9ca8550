import { formatControlList, listControls } from "@carter/kit";
import { parseCommandArgs, UsageError, type Command } from "../command.js";

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
