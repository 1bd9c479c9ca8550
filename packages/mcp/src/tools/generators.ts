import { writeFile } from "node:fs/promises";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { isJsonObject, type JsonObject } from "@carter/protocol";
import { z } from "zod";
import type { McpContext } from "../context.js";
import { generateAdapterSource } from "../generate/adapter-source.js";
import { autotuneGauge } from "../generate/autotune.js";
import { generateHubSource } from "../generate/hub-source.js";
import { inferLayout } from "../generate/infer.js";
import { generateTheme } from "../generate/theme.js";
import { defineTool, json, jsonObject, ToolError } from "../tool.js";

function fail(error: unknown): never {
  throw new ToolError((error as Error).message);
}

/** Generators: a layout from a payload, gauge tuning, themes, a runnable hub. */
export function registerGeneratorTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, "infer_layout", {
    title: "Infer a layout from a payload",
    description:
      "A layout for sample payloads of one message: numbers → gauges with rounded ranges, 0..1 → rings, " +
      "booleans → toggles, status words → status lights, lat/lng → maps, number arrays → sparklines, " +
      "object arrays → lists, text → labels; nested fields by dotted valuePath. With open, it becomes the open document.",
    input: {
      payload: json("one sample payload object, or an array of samples").optional(),
      file: z.string().optional().describe("a JSON file holding the sample(s)"),
      name: z.string().optional(),
      filter: jsonObject("the sync filter (default {msg_type} of the sample)").optional(),
      open: z.boolean().default(false).describe("open the result as the document (like begin_edit)"),
    },
    output: {
      layout: jsonObject("the inferred layout"),
      bindings: z.array(
        z.object({ id: z.string(), type: z.string(), valuePath: z.string(), reason: z.string() }),
      ),
      skipped: z.array(z.string()),
    },
    run: async (input) => {
      const value = input.file !== undefined ? await ctx.readJson(input.file) : input.payload;
      const samples = Array.isArray(value) ? value : [value];
      if (samples.length === 0 || !samples.every(isJsonObject))
        throw new ToolError("payload: pass a sample object (or an array of them)");
      const result = (() => {
        try {
          return inferLayout(samples as JsonObject[], { name: input.name, filter: input.filter });
        } catch (error) {
          return fail(error);
        }
      })();
      if (input.open) ctx.openDocument(result.layout);
      return {
        text: `${result.bindings.length} controls: ${result.bindings.map((b) => `${b.id} (${b.type})`).join(", ")}${result.skipped.length ? `; skipped ${result.skipped.join(", ")}` : ""}`,
        data: result,
      };
    },
  });

  defineTool(server, "autotune_gauge", {
    title: "Tune a gauge",
    description:
      "Range, step and colour zones for a gauge from sample values and the field's name (percent, " +
      "temperature, battery…). With id, applies them to that control of the open document.",
    input: {
      samples: z.array(z.number()).min(1),
      field: z.string().default("").describe("the field's name, for units (cpu_pct, temp_c, battery…)"),
      id: z.string().optional().describe("a gauge in the open document to update"),
    },
    output: {
      min: z.number(),
      max: z.number(),
      step: z.number(),
      segments: z.array(z.object({ limit: z.number(), color: z.string() })),
      unit: z.string().nullable(),
      highIsBad: z.boolean(),
    },
    run: ({ samples, field, id }) => {
      const tuning = autotuneGauge(samples, field);
      if (id !== undefined) {
        const { doc } = ctx.requireDocument();
        ctx.applyToDocument(() =>
          doc.apply(
            { op: "updateControl", id, set: { min: tuning.min, max: tuning.max, segments: tuning.segments } },
            { author: "mcp" },
          ),
        );
      }
      return {
        text: `range ${tuning.min}..${tuning.max}${tuning.unit ? ` (${tuning.unit})` : ""}${id ? `, applied to '${id}'` : ""}`,
        data: tuning,
      };
    },
  });

  defineTool(server, "generate_theme", {
    title: "Generate a theme",
    description:
      'A theme from an accent colour or a description ("calm ocean", "warm light dashboard"), every text ' +
      "colour contrast-checked (WCAG: 4.5 for text, 3 for the accent). With apply, set on the open document.",
    input: {
      accent: z.string().optional().describe("#RRGGBB"),
      description: z.string().optional(),
      scheme: z.enum(["dark", "light"]).optional(),
      apply: z.boolean().default(false),
    },
    output: {
      accentColor: z.string(),
      scheme: z.enum(["dark", "light"]),
      theme: jsonObject("the layout theme block"),
      contrast: z.array(
        z.object({ pair: z.string(), ratio: z.number(), minimum: z.number(), ok: z.boolean() }),
      ),
    },
    run: (input) => {
      let result;
      try {
        result = generateTheme(input);
      } catch (error) {
        fail(error);
      }
      if (input.apply) {
        const { doc } = ctx.requireDocument();
        ctx.applyToDocument(() =>
          doc.batch(
            [
              { op: "setTheme", value: result.theme as never },
              { op: "updateLayout", set: { accentColor: result.accentColor } },
              { op: "setAppearance", value: { colorScheme: result.scheme } as never },
            ],
            { author: "mcp", label: "generate_theme" },
          ),
        );
      }
      const ok = result.contrast.every((c) => c.ok);
      return {
        text: `${result.scheme} theme, accent ${result.accentColor}; contrast ${ok ? "passes" : "FAILS"}${input.apply ? "; applied" : ""}`,
        data: result,
      };
    },
  });

  defineTool(server, "generate_hub", {
    title: "Generate a hub",
    description:
      "A runnable TypeScript hub on @carter/hub for a layout (the open document by default): pushes data " +
      "for every feed, logs and echoes every action, fills dynamic groups. Written to a file with to.",
    input: {
      layout: json("a layout (default: the open document)").optional(),
      file: z.string().optional().describe("a layout file"),
      to: z.string().optional().describe("path to write the hub's .ts file"),
      name: z.string().optional().describe("the hub's mesh name"),
      interval_ms: z.number().int().min(50).default(1000),
    },
    output: {
      source: z.string(),
      file: z.string().nullable(),
      feeds: z.number(),
      triggers: z.number(),
    },
    run: async (input) => {
      const layout = await ctx.layoutFrom(input, ctx.documentLayout);
      const { source, contract } = generateHubSource(layout, {
        name: input.name,
        intervalMs: input.interval_ms,
      });
      let file: string | null = null;
      if (input.to !== undefined) {
        file = ctx.path(input.to);
        await writeFile(file, source);
      }
      return {
        text: `hub for ${contract.feeds.length} feeds and ${contract.triggers.length} triggers${file ? ` written to ${file}` : ""}`,
        data: { source, file, feeds: contract.feeds.length, triggers: contract.triggers.length },
      };
    },
  });

  defineTool(server, "generate_adapter", {
    title: "Generate a REST adapter",
    description:
      "A runnable TypeScript process on @carter/hub that polls a REST endpoint and broadcasts its JSON " +
      "(or the object at path) as msg_type, so layouts can bind to a service that only speaks HTTP.",
    input: {
      endpoint: z.string().describe("http(s) URL to GET"),
      msg_type: z.string(),
      path: z.string().optional().describe("dotted path into the response"),
      interval_ms: z.number().int().min(100).default(5000),
      name: z.string().optional(),
      to: z.string().optional().describe("path to write the .ts file"),
    },
    output: { source: z.string(), file: z.string().nullable() },
    run: async (input) => {
      let source: string;
      try {
        source = generateAdapterSource({
          endpoint: input.endpoint,
          msgType: input.msg_type,
          path: input.path,
          intervalMs: input.interval_ms,
          name: input.name,
        });
      } catch (error) {
        fail(error);
      }
      let file: string | null = null;
      if (input.to !== undefined) {
        file = ctx.path(input.to);
        await writeFile(file, source);
      }
      return {
        text: `adapter ${input.endpoint} → ${input.msg_type}${file ? ` written to ${file}` : ""}`,
        data: { source, file },
      };
    },
  });
}
