import { writeFile } from "node:fs/promises";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { asRenderedSummary, compareEcho, validateLayout } from "@carter/kit";
import { isJsonObject } from "@carter/protocol";
import { z } from "zod";
import type { McpContext } from "../context.js";
import { defineTool, json, jsonObject, ToolError } from "../tool.js";

const layoutInput = {
  layout: json("a layout object (omit to use the open document)").optional(),
  file: z
    .string()
    .optional()
    .describe("path to a layout JSON file (large layouts never pass through the model)"),
};
const deviceInput = z.string().optional().describe("device name (default: the only device on the channel)");

const comparison = z.object({
  matches: z.boolean(),
  dropped: z.array(z.object({ id: z.string(), type: z.string(), tab: z.string() })),
  unexpected: z.array(z.object({ id: z.string(), type: z.string(), tab: z.string() })),
  differing: z.array(
    z.object({ id: z.string(), field: z.string(), document: z.unknown(), rendered: z.unknown() }),
  ),
  renderedCount: z.number(),
  documentCount: z.number(),
});

/** Device tools: the live-edit verbs of session-protocol §5.2–5.4, truthful about what rendered. */
export function registerDeviceTools(server: McpServer, ctx: McpContext): void {
  const layoutOf = (input: { layout?: unknown; file?: string }) => ctx.layoutFrom(input, ctx.documentLayout);

  defineTool(server, "push_layout", {
    title: "Push a layout",
    description:
      "Renders a layout (the open document by default) on the device. One resolvable device: routed " +
      "apply-layout, and the device's rendered echo is compared with the document (dropped controls " +
      "listed). Otherwise (or with broadcast) a layout-update broadcast to every paired device. " +
      "Refuses a layout with validation errors unless force.",
    input: {
      ...layoutInput,
      device: deviceInput,
      broadcast: z.boolean().default(false),
      force: z.boolean().default(false),
    },
    output: {
      mode: z.enum(["routed", "broadcast"]),
      device: z.string().nullable(),
      rendered: json("the device's summary of what it rendered (routed only)").nullable(),
      comparison: comparison.nullable(),
      warnings: z.number(),
    },
    run: async (input) => {
      const session = ctx.requireSession();
      const layout = await layoutOf(input);
      const report = validateLayout(layout);
      if (!report.ok && !input.force)
        throw new ToolError(
          `layout has ${report.errors.length} validation error(s): ${report.errors
            .slice(0, 5)
            .map((f) => `${f.path}: ${f.message}`)
            .join("; ")} (fix them, or pass force)`,
        );
      const { msg_type: _dropped, ...body } = layout;
      const device = input.broadcast ? null : await session.resolveDevice(input.device);
      ctx.lastPushed = body;
      if (!device) {
        session.client.broadcast("layout-update", body);
        return {
          text: "no single device resolved: broadcast layout-update to every paired device (no echo)",
          data: {
            mode: "broadcast" as const,
            device: null,
            rendered: null,
            comparison: null,
            warnings: report.warnings.length,
          },
        };
      }
      const reply = await session.verb(device, "apply-layout", body, 15_000);
      const rendered = asRenderedSummary(reply.rendered);
      const result = rendered ? compareEcho(body, rendered) : null;
      ctx.lastRendered = reply.rendered ?? null;
      ctx.changed("carter://device");
      const verdict = !result
        ? "the device sent no rendered summary"
        : result.matches
          ? `all ${result.documentCount} controls rendered as the document says`
          : `echo differs: ${result.dropped.length} dropped (${result.dropped.map((d) => d.id).join(", ")}), ${result.differing.length} differing, ${result.unexpected.length} unexpected`;
      return {
        text: `pushed to '${device.name}': ${verdict}`,
        data: {
          mode: "routed" as const,
          device: device.name,
          rendered: reply.rendered ?? null,
          comparison: result,
          warnings: report.warnings.length,
        },
      };
    },
  });

  defineTool(server, "save_layout", {
    title: "Save a layout on the device",
    description:
      "Persists a layout (the open document by default) on the device: routed save-layout when one " +
      "device resolves, else a layout-save broadcast.",
    input: {
      ...layoutInput,
      device: deviceInput,
      device_file: z.string().optional().describe("file name on the device"),
    },
    output: {
      mode: z.enum(["routed", "broadcast"]),
      device: z.string().nullable(),
      file: z.string().nullable(),
    },
    run: async (input) => {
      const session = ctx.requireSession();
      const { msg_type: _dropped, ...layout } = await layoutOf(input);
      const device = await session.resolveDevice(input.device);
      if (!device) {
        session.client.broadcast("layout-save", layout);
        return {
          text: "broadcast layout-save (no single device resolved)",
          data: { mode: "broadcast" as const, device: null, file: null },
        };
      }
      const payload: Record<string, unknown> = { layout };
      if (input.device_file !== undefined) payload.file = input.device_file;
      const reply = await session.verb(device, "save-layout", payload);
      const file = typeof reply.file === "string" ? reply.file : null;
      return {
        text: `saved on '${device.name}'${file ? ` as ${file}` : ""}`,
        data: { mode: "routed" as const, device: device.name, file },
      };
    },
  });

  defineTool(server, "get_device_layout", {
    title: "What the device shows",
    description:
      "The device's summary of what it rendered (get-current-layout), with the full layout when full.",
    input: { device: deviceInput, full: z.boolean().default(false) },
    output: {
      device: z.string(),
      isLiveEditSession: z.boolean().nullable(),
      activeFile: z.string().nullable(),
      summary: json("{name, accentColor, tabs:[{title, icon, controls:[{id,type,position,span}]}]} or null"),
      layout: jsonObject("the full layout").optional(),
    },
    readOnly: true,
    run: async ({ device: name, full }) => {
      const session = ctx.requireSession();
      const device = await session.requireDevice(name);
      const reply = await session.verb(device, "get-current-layout", { include: full ? "full" : "summary" });
      const summary = reply.summary ?? null;
      const controls = asRenderedSummary(summary)?.tabs.reduce((n, t) => n + t.controls.length, 0) ?? 0;
      return {
        text: summary
          ? `'${device.name}' shows '${asRenderedSummary(summary)?.name}' (${controls} controls)`
          : `'${device.name}' shows no layout`,
        data: {
          device: device.name,
          isLiveEditSession: typeof reply.isLiveEditSession === "boolean" ? reply.isLiveEditSession : null,
          activeFile: typeof reply.activeFile === "string" ? reply.activeFile : null,
          summary,
          layout: full && isJsonObject(reply.layout) ? reply.layout : undefined,
        },
      };
    },
  });

  defineTool(server, "get_control_state", {
    title: "Control values on the device",
    description: "The current value of every control (or the given ids) as the device holds it.",
    input: { device: deviceInput, ids: z.array(z.string()).optional() },
    output: { device: z.string(), values: jsonObject("id → value") },
    readOnly: true,
    run: async ({ device: name, ids }) => {
      const session = ctx.requireSession();
      const device = await session.requireDevice(name);
      const reply = await session.verb(device, "get-control-state", ids ? { ids } : null);
      const values = isJsonObject(reply.values) ? reply.values : {};
      return { text: JSON.stringify(values), data: { device: device.name, values } };
    },
  });

  defineTool(server, "set_control_state", {
    title: "Set control values on the device",
    description:
      "Sets control values directly on the device (set-control-state), routed by control type like " +
      "server data; unknown ids are skipped and reported.",
    input: { device: deviceInput, values: jsonObject("id → value") },
    output: { device: z.string(), applied: z.array(z.string()), skipped: z.array(z.unknown()) },
    run: async ({ device: name, values }) => {
      const session = ctx.requireSession();
      const device = await session.requireDevice(name);
      const reply = await session.verb(device, "set-control-state", { values });
      const applied = Array.isArray(reply.applied) ? reply.applied.map(String) : [];
      const skipped = Array.isArray(reply.skipped) ? reply.skipped : [];
      return {
        text: `applied ${applied.length}${skipped.length ? `, skipped ${JSON.stringify(skipped)}` : ""}`,
        data: { device: device.name, applied, skipped },
      };
    },
  });

  const passthrough = (name: string, verb: string, title: string, description: string) =>
    defineTool(server, name, {
      title,
      description,
      input: { device: deviceInput },
      output: { device: z.string(), reply: jsonObject(`the ${verb} reply`) },
      readOnly: true,
      run: async ({ device: deviceName }) => {
        const session = ctx.requireSession();
        const device = await session.requireDevice(deviceName);
        const reply = await session.verb(device, verb, null);
        return { text: JSON.stringify(reply), data: { device: device.name, reply } };
      },
    });
  passthrough(
    "get_connection_status",
    "get-connection-status",
    "Device connection status",
    "The device's link: connected, phase, channel, role, account and the events it listens to.",
  );
  passthrough(
    "get_device_info",
    "get-device-info",
    "Device info",
    "App version, build, protocol version, model.",
  );
  passthrough(
    "list_device_layouts",
    "list-layouts",
    "Layouts saved on the device",
    "The device's saved layouts.",
  );

  defineTool(server, "save_device_layout", {
    title: "Copy a saved device layout to a file",
    description:
      "Reads a layout saved on the device (get-layout, by file or name) and writes it to a local file.",
    input: {
      device: deviceInput,
      device_file: z.string().optional(),
      name: z.string().optional(),
      to: z.string().describe("local path to write"),
    },
    output: { device: z.string(), file: z.string(), bytes: z.number() },
    run: async (input) => {
      if (input.device_file === undefined && input.name === undefined)
        throw new ToolError("pass device_file or name (the layout on the device)");
      const session = ctx.requireSession();
      const device = await session.requireDevice(input.device);
      const query: Record<string, string> = {};
      if (input.device_file !== undefined) query.file = input.device_file;
      if (input.name !== undefined) query.name = input.name;
      const reply = await session.verb(device, "get-layout", query);
      if (!isJsonObject(reply.layout)) throw new ToolError("get-layout: the reply has no layout");
      const text = JSON.stringify(reply.layout, null, 2) + "\n";
      const file = ctx.path(input.to);
      await writeFile(file, text);
      return { text: `wrote ${file}`, data: { device: device.name, file, bytes: Buffer.byteLength(text) } };
    },
  });

  defineTool(server, "watch_traffic", {
    title: "Watch the device's traffic",
    description:
      "Asks the device to forward every sync value it receives (watch-traffic) for a few seconds and " +
      "returns a digest per control; the tap is switched off afterwards.",
    input: { device: deviceInput, seconds: z.number().min(1).max(60).default(5) },
    output: {
      device: z.string(),
      controls: z.array(z.object({ control: z.string(), count: z.number(), last: z.unknown() })),
    },
    readOnly: true,
    run: async ({ device: name, seconds }) => {
      const session = ctx.requireSession();
      const device = await session.requireDevice(name);
      const since = Date.now();
      await session.verb(device, "watch-traffic", { enable: true, sample_ms: 250 });
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      await session.verb(device, "watch-traffic", { enable: false });
      const digest = new Map<string, { control: string; count: number; last: unknown }>();
      for (const { payload } of session.broadcastsSince(since)) {
        if (payload.msg_type !== "studio.traffic" || typeof payload.control !== "string") continue;
        const entry = digest.get(payload.control) ?? { control: payload.control, count: 0, last: null };
        entry.count++;
        entry.last = payload.value;
        digest.set(payload.control, entry);
      }
      const controls = [...digest.values()];
      return { text: `${controls.length} controls received data`, data: { device: device.name, controls } };
    },
  });

  defineTool(server, "customize_on_device", {
    title: "Hand a control to the phone's configurator",
    description:
      "Broadcasts control-edit-request so the phone opens its configurator for the control; waits for " +
      'the user\'s "Send to Editor" (polling get-pending-edit each second) and returns the edited control.',
    input: {
      control: jsonObject("the control to edit ({type, id, …}; id defaults to the type)"),
      device: deviceInput,
      timeout_s: z.number().min(1).max(600).default(120),
    },
    output: { control: jsonObject("the control as the user edited it") },
    run: async ({ control, device: name, timeout_s }) => {
      const session = ctx.requireSession();
      if (typeof control.type !== "string") throw new ToolError("control.type: required (a control type)");
      const device = await session.requireDevice(name);
      session.client.broadcast("control-edit-request", { control: { id: control.type, ...control } });
      const deadline = Date.now() + timeout_s * 1000;
      while (Date.now() < deadline) {
        const reply = await session.verb(device, "get-pending-edit", {});
        if (isJsonObject(reply.control))
          return {
            text: `edited control '${String(reply.control.id)}' received`,
            data: { control: reply.control },
          };
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      throw new ToolError(`no edit came back from '${device.name}' within ${timeout_s} s`);
    },
  });
}
