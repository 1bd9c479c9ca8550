import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Hub } from "@carter/hub";

/** How tests and the command line point an example at a relay. */
export interface ExampleOptions {
  /** Relay to join; without one the hub embeds a relay. */
  url?: string;
  /** Port of the embedded relay (default 8765; 0 picks a free one). */
  relayPort?: number;
  /** Where the example narrates what it does (default: nowhere). */
  log?: (line: string) => void;
}

export interface RunningExample {
  hub: Hub;
  stop(): Promise<void>;
}

/** True when `moduleUrl` is the script node was started with (not an import from a test). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

function portFromEnv(): number | undefined {
  const raw = process.env.CARTER_RELAY_PORT;
  if (raw === undefined || raw.trim() === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`CARTER_RELAY_PORT must be a port number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

/**
 * Runs an example from the command line: `CARTER_RELAY_URL` joins a running relay, otherwise the
 * hub embeds one (`CARTER_RELAY_PORT`, default 8765). Stops cleanly on SIGINT/SIGTERM.
 */
export async function runExample(
  name: string,
  start: (options: ExampleOptions) => Promise<RunningExample>,
): Promise<void> {
  const url = process.env.CARTER_RELAY_URL || undefined;
  const running = await start({ url, relayPort: portFromEnv(), log: (line) => console.log(line) });
  const stop = () => {
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  // Armed before the ready line: whoever waits for that line may signal at once.
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  console.log(
    `${name}: hub '${running.hub.name}' is on ${running.hub.url}` +
      (url ? "" : " (embedded relay)") +
      `; load examples/${name}.layout.json on a device connected there. Ctrl-C stops.`,
  );
}
