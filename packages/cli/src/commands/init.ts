import { relative } from "node:path";
import { scaffold } from "create-carter";
import { parseCommandArgs, UsageError, type Command } from "../command.js";

export const initCommand: Command = {
  name: "init",
  summary: "start a new project: a layout, a typed hub, a test and the scripts to run them",
  usage: [
    "carter init [directory] [--name NAME]",
    "",
    "  directory  where to write the project (default: the current directory, which must be empty)",
    "  --name     the package.json name (default: the directory's name)",
    "",
    "Writes layout.json, hub.js, hub.test.js, README.md and package.json (start, test, device).",
    "The same as `npm create carter@latest`.",
  ].join("\n"),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      allowPositionals: true,
      options: { name: { type: "string" } },
    });
    if (positionals.length > 1)
      throw new UsageError(`expected at most one directory, got ${positionals.length}`);
    const made = scaffold({ directory: positionals[0] ?? ".", name: values.name });
    const shown = relative(process.cwd(), made.directory) || ".";
    io.out(`Created ${made.name} in ${shown}: ${made.files.join(", ")}`);
    io.out(`Next: ${shown === "." ? "" : `cd ${shown} && `}npm install && npm test && npm start`);
    return 0;
  },
};
