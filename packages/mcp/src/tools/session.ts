import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { pairingQr } from "@carter/kit/node";
import { z } from "zod";
import type { McpContext } from "../context.js";
import { mintGatewayToken, type Minted } from "../gateway-mint.js";
import { EDITOR_NAME, McpSession } from "../session.js";
import { defineTool, ToolError } from "../tool.js";
import { VirtualDevice } from "../virtual-device.js";

const member = z.object({ id: z.string(), name: z.string(), role: z.string() });
const pairing = z.object({
  url: z.string(),
  channel: z.string(),
  role: z.string(),
  token: z.string().optional(),
  k: z.string().optional(),
});

async function writePng(ctx: McpContext, name: string, png: Buffer): Promise<string> {
  const dir = ctx.options.outputDir ?? join(tmpdir(), "carter-mcp");
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await writeFile(file, png);
  return file;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Session tools: join a channel, pair a device (phone or virtual), see who is there. */
export function registerSessionTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, "connect", {
    title: "Connect to a channel",
    description:
      "Joins a channel as the editor. Without url, starts an embedded auth-free relay (port 8765 unless " +
      "configured; reachable on the LAN) and pairs phones to it; with url (ws:// relay or wss:// gateway) " +
      "and token, joins that one; with url, admin_token_file and account instead of a token, mints one on " +
      "the gateway first (an account session, or with mint: device a new device of the account). The " +
      "pairing QR carries the same token. Replaces any earlier connection.",
    input: {
      url: z.string().optional().describe("relay or gateway URL; absent = embedded relay"),
      token: z.string().optional().describe("gateway token (never needed for the embedded relay)"),
      channel: z.string().default("editor"),
      name: z.string().default(EDITOR_NAME),
      port: z.number().int().min(0).max(65535).optional().describe("embedded relay port (0 = any free)"),
      public_host: z.string().optional().describe("host a phone dials (default: this machine's LAN address)"),
      admin_token_file: z
        .string()
        .optional()
        .describe("the gateway's admin credential file ($DATA/admin-token) to mint a token with"),
      account: z.string().optional().describe("the Connect+ account number to mint for"),
      mint: z.enum(["session", "device"]).default("session").describe("account session or device token"),
      validator: z.string().optional().describe("the gateway's API URL (default: url over http(s))"),
    },
    output: {
      relayUrl: z.string(),
      embedded: z.boolean(),
      channel: z.string(),
      name: z.string(),
      pairing,
      minted: z
        .object({
          kind: z.enum(["session", "device"]),
          account: z.string(),
          expiresAt: z.number(),
          deviceId: z.string().optional(),
        })
        .optional(),
    },
    run: async (input) => {
      if (input.url !== undefined && !/^wss?:\/\//.test(input.url))
        throw new ToolError(`url: must start with ws:// or wss://, got '${input.url}'`);
      let token = input.token;
      let minted: Minted | undefined;
      if (input.admin_token_file !== undefined) {
        if (input.url === undefined) throw new ToolError("url: pass the gateway's URL to mint a token on it");
        if (token !== undefined) throw new ToolError("token: pass token or admin_token_file, not both");
        if (input.account === undefined || !/^\d+$/.test(input.account))
          throw new ToolError("account: pass the account number (digits) to mint a token for");
        const adminToken = (
          await readFile(ctx.path(input.admin_token_file), "utf8").catch((error: NodeJS.ErrnoException) => {
            throw new ToolError(
              `admin_token_file: cannot read ${input.admin_token_file} (${error.code ?? error.message})`,
            );
          })
        ).trim();
        minted = await mintGatewayToken({
          url: input.url,
          validator: input.validator,
          adminToken,
          account: input.account,
          kind: input.mint,
          name: input.name,
          ttlMs: 12 * 3_600_000,
        });
        token = minted.token;
      }
      await ctx.closeSession();
      ctx.session = await McpSession.open({
        url: input.url,
        token,
        channel: input.channel,
        role: "editor",
        name: input.name,
        port: input.port ?? ctx.options.relayPort ?? 8765,
        host: ctx.options.relayHost ?? "0.0.0.0",
        publicHost: input.public_host,
      });
      const s = ctx.session;
      ctx.changed("carter://session");
      return {
        text: `connected to ${s.relayUrl} on channel '${input.channel}' as '${input.name}'${s.embedded ? " (embedded relay)" : ""}${minted ? ` with a minted ${minted.kind} token of account ${minted.account}` : ""}`,
        data: {
          relayUrl: s.relayUrl,
          embedded: s.embedded,
          channel: input.channel,
          name: input.name,
          pairing: s.pairing,
          ...(minted && {
            minted: {
              kind: minted.kind,
              account: minted.account,
              expiresAt: minted.expiresAt,
              ...(minted.deviceId !== undefined && { deviceId: minted.deviceId }),
            },
          }),
        },
      };
    },
  });

  defineTool(server, "show_qr", {
    title: "Pairing QR",
    description:
      "The pairing QR a phone scans (Settings → Studio Session → Open Scanner): its JSON, a terminal " +
      "rendering, and a PNG file (also returned as an image).",
    input: {},
    output: { payload: pairing, text: z.string(), terminal: z.string(), pngFile: z.string() },
    readOnly: true,
    run: async () => {
      const session = ctx.requireSession();
      const qr = await pairingQr(session.pairing);
      const pngFile = await writePng(ctx, `pair-${session.options.channel}.png`, qr.png);
      return {
        text: `scan to pair (${qr.text}); PNG at ${pngFile}\n${qr.terminal}`,
        data: { payload: session.pairing, text: qr.text, terminal: qr.terminal, pngFile },
        extra: [{ type: "image", data: qr.png.toString("base64"), mimeType: "image/png" }],
      };
    },
  });

  defineTool(server, "wait_for_device", {
    title: "Wait for a device",
    description: "Polls the roster each second until a device (not a hub or editor) joins the channel.",
    input: { timeout_s: z.number().min(0).max(600).default(60) },
    output: { device: member },
    readOnly: true,
    run: async ({ timeout_s }) => {
      const session = ctx.requireSession();
      const deadline = Date.now() + timeout_s * 1000;
      for (;;) {
        const [device] = await session.devices();
        if (device) return { text: `device '${device.name}' is on the channel`, data: { device } };
        if (Date.now() >= deadline)
          throw new ToolError(
            `no device joined channel '${session.options.channel}' within ${timeout_s} s: scan the QR (show_qr) or open_virtual_device`,
          );
        await sleep(1000);
      }
    },
  });

  defineTool(server, "list_devices", {
    title: "List devices",
    description: "The channel's roster: devices, and every member with its role.",
    input: {},
    output: { devices: z.array(member), members: z.array(member) },
    readOnly: true,
    run: async () => {
      const session = ctx.requireSession();
      const members = (await session.roster()).map(({ id, name, role }) => ({ id, name, role }));
      const devices = (await session.devices()).map(({ id, name, role }) => ({ id, name, role }));
      return {
        text: devices.length
          ? `devices: ${devices.map((d) => d.name).join(", ")}`
          : "no device on the channel",
        data: { devices, members },
      };
    },
  });

  defineTool(server, "disconnect", {
    title: "Disconnect",
    description: "Closes the virtual device, leaves the channel and stops the embedded relay.",
    input: {},
    output: { disconnected: z.boolean() },
    run: async () => {
      const was = ctx.session !== null;
      await ctx.closeSession();
      ctx.changed("carter://session");
      return { text: was ? "disconnected" : "was not connected", data: { disconnected: was } };
    },
  });

  defineTool(server, "open_virtual_device", {
    title: "Open a virtual device",
    description:
      "Starts the web device headless (Chromium) and pairs it to this channel with the pairing QR's " +
      "payload, as a phone would: a live-edit session waiting for push_layout. Every device tool then works without a phone.",
    input: {
      width: z.number().int().min(200).max(3000).default(390),
      height: z.number().int().min(200).max(3000).default(844),
    },
    output: { name: z.string(), url: z.string(), phase: z.string(), liveEdit: z.boolean() },
    run: async ({ width, height }) => {
      const session = ctx.requireSession();
      if (ctx.virtualDevice)
        throw new ToolError(`a virtual device is already open ('${ctx.virtualDevice.name}')`);
      // The page dials the relay from this machine: give it the loopback URL the editor uses.
      const payload = { ...session.pairing, url: session.relayUrl };
      const device = await VirtualDevice.open(payload, { width, height, timeoutMs: 30_000 });
      ctx.virtualDevice = device;
      const state = await device.state();
      return {
        text: `virtual device '${device.name}' connected (live-edit session)`,
        data: { name: device.name, url: device.url, phase: state.phase, liveEdit: state.liveEdit },
      };
    },
  });

  defineTool(server, "close_virtual_device", {
    title: "Close the virtual device",
    description: "Closes the headless web device.",
    input: {},
    output: { closed: z.boolean() },
    run: async () => {
      const device = ctx.virtualDevice;
      ctx.virtualDevice = null;
      await device?.close();
      return { text: device ? "closed" : "no virtual device was open", data: { closed: device !== null } };
    },
  });

  defineTool(server, "screenshot_device", {
    title: "Screenshot the virtual device",
    description: "A PNG of what the virtual device shows (returned as an image and written to a file).",
    input: {},
    output: { pngFile: z.string(), bytes: z.number() },
    readOnly: true,
    run: async () => {
      const device = ctx.virtualDevice;
      if (!device)
        throw new ToolError("no virtual device: call open_virtual_device (a phone cannot be screenshotted)");
      const png = await device.screenshot();
      const pngFile = await writePng(ctx, `device-${Date.now()}.png`, png);
      return {
        text: `screenshot at ${pngFile}`,
        data: { pngFile, bytes: png.length },
        extra: [{ type: "image", data: png.toString("base64"), mimeType: "image/png" }],
      };
    },
  });
}
