import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { getControlDoc, listControls, UnknownControlTypeError } from "@carter/kit";
import schema from "@carter/kit/schema.json" with { type: "json" };
import { z } from "zod";
import { findSample, SAMPLES } from "../samples.js";
import { defineTool, jsonObject, ToolError } from "../tool.js";

function doc(type: string) {
  try {
    return getControlDoc(type);
  } catch (error) {
    if (error instanceof UnknownControlTypeError) throw new ToolError(`type: ${error.message}`);
    throw error;
  }
}

const fieldDoc = z.object({
  name: z.string(),
  type: z.string(),
  required: z.boolean(),
  default: z.unknown().optional(),
  values: z.array(z.string()).optional(),
  in: z.string().optional(),
  note: z.string().optional(),
});

/** The catalog and documentation tools: everything the model needs to write valid controls. */
export function registerDocTools(server: McpServer): void {
  defineTool(server, "list_controls", {
    title: "List control types",
    description: "The 43 control types with their category and a one-line summary.",
    input: { category: z.enum(["input", "display", "container", "layout"]).optional() },
    output: {
      controls: z.array(z.object({ type: z.string(), category: z.string(), summary: z.string() })),
    },
    readOnly: true,
    run: ({ category }) => {
      const controls = listControls()
        .filter((c) => category === undefined || c.category === category)
        .map((c) => ({ type: c.type, category: c.category, summary: c.summary }));
      return { text: controls.map((c) => `${c.type} (${c.category})`).join(", "), data: { controls } };
    },
  });

  defineTool(server, "get_control_doc", {
    title: "Control documentation",
    description:
      "Every field of a control type, what value it holds, what a sync delivers and what it sends.",
    input: { type: z.string().describe("a control type, e.g. gauge") },
    output: {
      type: z.string(),
      category: z.string(),
      summary: z.string(),
      defaultSpan: z.array(z.number()),
      value: z.string(),
      syncValue: z.string().optional(),
      emits: z.string(),
      notes: z.string().optional(),
      fields: z.array(fieldDoc),
      example: jsonObject("a small valid control"),
    },
    readOnly: true,
    run: ({ type }) => {
      const d = doc(type);
      const fields = d.fields.map((f) => ({
        name: f.name,
        type: f.type,
        required: f.required,
        default: f.default,
        values: f.values ? [...f.values] : undefined,
        in: f.in,
        note: f.note,
      }));
      return {
        text: `${d.type}: ${d.summary} Value: ${d.value}. Emits: ${d.emits}.`,
        data: {
          type: d.type,
          category: d.category,
          summary: d.summary,
          defaultSpan: [...d.defaultSpan],
          value: d.value,
          syncValue: d.syncValue,
          emits: d.emits,
          notes: d.notes,
          fields,
          example: { ...d.example },
        },
      };
    },
  });

  defineTool(server, "get_control_example", {
    title: "Control example",
    description: "A small control object of a type that validates, ready for add_control.",
    input: { type: z.string() },
    output: { type: z.string(), example: jsonObject("the control") },
    readOnly: true,
    run: ({ type }) => {
      const d = doc(type);
      return { text: JSON.stringify(d.example), data: { type: d.type, example: { ...d.example } } };
    },
  });

  defineTool(server, "get_control_examples", {
    title: "Control examples",
    description: "One valid example control per type (optionally only some types).",
    input: { types: z.array(z.string()).optional() },
    output: { examples: z.array(z.object({ type: z.string(), example: jsonObject("the control") })) },
    readOnly: true,
    run: ({ types }) => {
      const wanted = types ?? listControls().map((c) => c.type);
      const examples = wanted.map((t) => ({ type: doc(t).type, example: { ...doc(t).example } }));
      return { text: `${examples.length} examples`, data: { examples } };
    },
  });

  defineTool(server, "get_layout_schema", {
    title: "Layout JSON Schema",
    description: "The layout format's JSON Schema (draft 2020-12), generated from the kit.",
    input: {},
    output: { schema: jsonObject("the JSON Schema") },
    readOnly: true,
    run: () => ({ text: "the layout JSON Schema (also the resource carter://schema)", data: { schema } }),
  });

  defineTool(server, "list_sample_layouts", {
    title: "Sample layouts",
    description: "The sample layouts begin_edit and get_sample_layout know.",
    input: {},
    output: { samples: z.array(z.object({ name: z.string(), description: z.string() })) },
    readOnly: true,
    run: () => {
      const samples = SAMPLES.map(({ name, description }) => ({ name, description }));
      return { text: samples.map((s) => s.name).join(", "), data: { samples } };
    },
  });

  defineTool(server, "get_sample_layout", {
    title: "Sample layout",
    description: "One sample layout by name.",
    input: { name: z.string() },
    output: { name: z.string(), layout: jsonObject("the layout") },
    readOnly: true,
    run: ({ name }) => {
      const sample = findSample(name);
      if (!sample)
        throw new ToolError(`name: no sample '${name}' (samples: ${SAMPLES.map((s) => s.name).join(", ")})`);
      return { text: sample.description, data: { name, layout: structuredClone(sample.layout) } };
    },
  });
}
