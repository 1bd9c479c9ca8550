import { chmod, readFile, writeFile } from "node:fs/promises";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { isJsonObject } from "@carter/protocol";
import { z } from "zod";
import type { McpContext } from "../context.js";
import { defineTool, ToolError } from "../tool.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The channel and room key of a credential file already at `file`, if any. */
async function existingCredential(file: string): Promise<{ channel?: unknown; k?: unknown } | null> {
  try {
    const value = JSON.parse(await readFile(file, "utf8")) as unknown;
    return isJsonObject(value) ? value : {};
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? null : {};
  }
}

/**
 * `provision_device` (session-protocol §5.6): the device's owner approves minting a credential for
 * a new hub or device of their Connect+ account on the device; the credential goes to a 0600 file
 * and its secrets never come back to the model.
 */
export function registerProvisionTool(server: McpServer, ctx: McpContext): void {
  defineTool(server, "provision_device", {
    title: "Provision a hub or device through the phone",
    description:
      "Asks the paired device's owner to approve adding a hub (or controller/viewer) to their Connect+ " +
      "account (an approval sheet for 60 s), polls for the result each second, and writes the credential " +
      "(§3.3: url, channel, role, token, refresh, did, k, validator) to a 0600 file. Returns no secrets. " +
      "Refuses to overwrite an existing file unless overwrite.",
    input: {
      to: z.string().describe("credential file to write (e.g. porch-hub.json)"),
      channel: z.string().describe("the channel the new hub or device joins"),
      role: z.enum(["hub", "controller", "viewer"]).default("hub"),
      reuse_room_key: z.boolean().default(true).describe("share the channel's room key (else a fresh one)"),
      overwrite: z.boolean().default(false),
      device: z.string().optional().describe("device name (default: the only device on the channel)"),
      timeout_s: z.number().min(1).max(600).default(70),
    },
    output: {
      file: z.string(),
      channel: z.string(),
      role: z.string(),
      deviceId: z.string().nullable(),
      keyReuse: z.string(),
      expiresAt: z.number().nullable(),
      warnings: z.array(z.string()),
    },
    run: async (input) => {
      const session = ctx.requireSession();
      const file = ctx.path(input.to);
      const before = await existingCredential(file);
      if (before !== null && !input.overwrite)
        throw new ToolError(`to: ${input.to} exists; pass overwrite: true to replace it`);
      const device = await session.requireDevice(input.device);
      const asked = await session.verb(device, "provision-device", {
        channel: input.channel,
        role: input.role,
        reuse_room_key: input.reuse_room_key,
      });
      if (typeof asked.request_id !== "string")
        throw new ToolError(`provision-device: '${device.name}' sent no request_id`);
      const deadline = Date.now() + input.timeout_s * 1000;
      let result: Record<string, unknown>;
      for (;;) {
        result = await session.verb(device, "get-provision-result", { request_id: asked.request_id });
        if (result.status !== "pending") break;
        if (Date.now() >= deadline)
          throw new ToolError(
            `provision_device: nobody approved on '${device.name}' within ${input.timeout_s} s`,
          );
        await sleep(1000);
      }
      const credential = result.credential;
      if (!isJsonObject(credential))
        throw new ToolError(`get-provision-result: '${device.name}' sent no credential`);
      const warnings: string[] = [];
      if (
        before !== null &&
        before.channel === credential.channel &&
        before.k !== undefined &&
        before.k !== credential.k
      )
        warnings.push(`${input.to} held a different room key (k) for channel '${input.channel}'`);
      await writeFile(file, `${JSON.stringify(credential, null, 2)}\n`, { mode: 0o600 });
      await chmod(file, 0o600);
      const keyReuse = String(result.key_reuse ?? "unknown");
      return {
        text: `credential for a ${input.role} on '${input.channel}' written to ${file} (0600, key ${keyReuse})${warnings.length ? `; ${warnings.join("; ")}` : ""}`,
        data: {
          file,
          channel: input.channel,
          role: input.role,
          deviceId: typeof credential.did === "string" ? credential.did : null,
          keyReuse,
          expiresAt: typeof result.expires_at === "number" ? result.expires_at : null,
          warnings,
        },
      };
    },
  });
}
