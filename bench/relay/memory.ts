import { closeAll, connectMany } from "../lib/clients.js";
import type { ServerProcess } from "../lib/server-process.js";

export interface IdleMemoryResult {
  connections: number;
  rssBytesPerConnection: number;
  heapBytesPerConnection: number;
  /** False when the server process was not started with --expose-gc, so the figures include garbage. */
  collected: boolean;
}

/**
 * Resident memory the server holds per idle identified connection: RSS (and heap) after a full GC
 * with `connections` idle viewers, minus the same before they connected, divided by their number.
 */
export async function measureIdleMemory(
  server: ServerProcess,
  connections: number,
): Promise<IdleMemoryResult> {
  const before = await server.collectedStats();
  const members = await connectMany(
    server.url,
    connections,
    (index) => ({
      name: `idle-${index}`,
      channel: "idle",
      role: "viewer",
    }),
    200,
  );
  try {
    const after = await server.collectedStats();
    return {
      connections,
      rssBytesPerConnection: (after.rss - before.rss) / connections,
      heapBytesPerConnection: (after.heapUsed - before.heapUsed) / connections,
      collected: before.collected && after.collected,
    };
  } finally {
    closeAll(members);
  }
}
