import { createHash } from "node:crypto";
import type { RedisClientType } from "@redis/client";

/** Runs Lua scripts by SHA1 (EVALSHA), sending the body once per Redis server (EVAL after NOSCRIPT). */
export class ScriptRunner {
  private readonly shas = new Map<string, string>();

  constructor(private readonly client: RedisClientType) {}

  async run(script: string, keys: string[], args: string[]): Promise<unknown> {
    let sha = this.shas.get(script);
    if (sha === undefined) {
      sha = createHash("sha1").update(script).digest("hex");
      this.shas.set(script, sha);
    }
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.client.sendCommand(["EVALSHA", sha, ...tail]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      // A Redis that restarted (or never saw the script): EVAL caches it for the next EVALSHA.
      return await this.client.sendCommand(["EVAL", script, ...tail]);
    }
  }
}
