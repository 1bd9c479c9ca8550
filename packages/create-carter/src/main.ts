import { relative } from "node:path";
import { parseArgs } from "node:util";
import { scaffold } from "./scaffold.js";

const USAGE = [
  "Usage: npm create carter@latest [directory] [-- --name NAME]",
  "       carter init [directory] [--name NAME]",
  "",
  "Writes a new Carter project (layout.json, hub.js, hub.test.js, README.md, package.json) into",
  "directory (default: carter-panel). Asks nothing; refuses a directory that has files.",
].join("\n");

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** `create-carter [directory] [--name NAME]`; resolves to the exit code. */
export async function main(argv: string[], io: Output = stdio): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { name: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    io.err(`expected at most one directory, got ${parsed.positionals.length}\n\n${USAGE}`);
    return 2;
  }
  try {
    const made = scaffold({ directory: parsed.positionals[0] ?? "carter-panel", name: parsed.values.name });
    const shown = relative(process.cwd(), made.directory) || ".";
    io.out(
      [
        `Created ${made.name} in ${shown}: ${made.files.join(", ")}`,
        "",
        "Next:",
        ...(shown === "." ? [] : [`  cd ${shown}`]),
        "  npm install",
        "  npm start        # the hub, with its own relay",
        "  npm run device   # the web device showing layout.json",
        "  npm test         # drive the layout through a relay",
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
}
