import { RedisBackplane } from "@carter/relay-redis";
import { UsageError } from "../command.js";

/** `--redis` / `MESH_REDIS_URL` and `--node-id` / `MESH_NODE_ID`, shared by `carter relay` and `carter cluster`. */
export function redisBackplaneFromFlags(
  redis: string | undefined,
  nodeId: string | undefined,
  env: NodeJS.ProcessEnv,
  routeTimeoutMs: number | undefined,
): RedisBackplane | undefined {
  const url = (redis ?? env.MESH_REDIS_URL)?.trim();
  const id = (nodeId ?? env.MESH_NODE_ID)?.trim();
  if (!url) {
    if (id) throw new UsageError("--node-id needs --redis (or MESH_REDIS_URL)");
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--redis must be a redis:// or rediss:// URL, got "${url}"`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:")
    throw new UsageError(`--redis must be a redis:// or rediss:// URL, got "${redactedUrl(url)}"`);
  try {
    return new RedisBackplane({ url, nodeId: id || undefined, routeTimeoutMs });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The URL without its password, for printing. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(invalid url)";
  }
}
