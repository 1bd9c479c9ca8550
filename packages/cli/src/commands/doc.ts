import { formatControlDoc, getControlDoc } from "@carter/kit";
import { type Command, parseCommandArgs } from "../command.js";
import { UsageError } from "../command.js";

export const docCommand: Command = {
  name: "doc",
  summary: "document one control type: fields, value, what it emits, an example",
  usage: "carter doc <type> [--json]",
  run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      options: { json: { type: "boolean" } },
      allowPositionals: true,
    });
    if (positionals.length !== 1)
      throw new UsageError("give exactly one control type (carter catalog lists them)");
    // An unknown type throws UnknownControlTypeError, naming the closest type (exit 1).
    const doc = getControlDoc(positionals[0]);
    io.out(values.json ? JSON.stringify(doc, null, 2) : formatControlDoc(doc));
    return Promise.resolve(0);
  },
};
