import { readdir } from "node:fs/promises";
import { formatResult, isSuite, type Suite } from "./lib/report.js";
import { killAllServers } from "./lib/server-process.js";

/**
 * `npm run bench` runs every suite in bench/suites/; `npm run bench -- <name>...` runs those named.
 * A suite is any `bench/suites/<file>.ts` whose default export is a `Suite`: adding one needs no
 * change here.
 */

const DEFAULT_SUITE_TIMEOUT_MS = 170_000;
const suitesDir = new URL("./suites/", import.meta.url);

async function loadSuites(): Promise<Suite[]> {
  const files = (await readdir(suitesDir))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .sort();
  const suites: Suite[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, suitesDir).href)) as { default?: unknown };
    if (!isSuite(module.default)) {
      throw new Error(
        `bench/suites/${file}: the default export must be a Suite ({ name, description, run })`,
      );
    }
    suites.push(module.default);
  }
  return suites;
}

function usage(suites: Suite[]): string {
  const lines = suites.map((suite) => `  ${suite.name.padEnd(12)} ${suite.description}`);
  return ["usage: npm run bench [-- <suite>...]", "suites:", ...lines].join("\n");
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function main(args: string[]): Promise<number> {
  const suites = await loadSuites();
  if (args.includes("--help") || args.includes("-h") || args.includes("--list")) {
    console.log(usage(suites));
    return 0;
  }
  const unknown = args.filter((name) => !suites.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    console.error(`unknown suite ${unknown.map((name) => `"${name}"`).join(", ")}\n${usage(suites)}`);
    return 2;
  }
  const selected = args.length === 0 ? suites : suites.filter((suite) => args.includes(suite.name));
  let failed = 0;
  for (const suite of selected) {
    const startedAt = performance.now();
    console.error(`running suite "${suite.name}": ${suite.description}`);
    try {
      const result = await withTimeout(
        suite.run({ log: (line) => console.error(`  ${line}`) }),
        suite.timeoutMs ?? DEFAULT_SUITE_TIMEOUT_MS,
        `suite "${suite.name}"`,
      );
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
      console.log(`${formatResult(`${suite.name} (${seconds} s, ${new Date().toISOString()})`, result)}\n`);
    } catch (error) {
      failed++;
      console.error(
        `suite "${suite.name}" failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      killAllServers();
    }
  }
  return failed === 0 ? 0 : 1;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAllServers();
    process.exit(130);
  });
}

// Exit explicitly: a suite that timed out may still hold sockets and timers.
process.exit(await main(process.argv.slice(2)));
