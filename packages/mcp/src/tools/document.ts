import { writeFile } from "node:fs/promises";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { GridRef, Operation } from "@carter/authoring";
import { validateLayout, walkLayout } from "@carter/kit";
import { isJsonObject } from "@carter/protocol";
import { z } from "zod";
import type { McpContext } from "../context.js";
import { authoring, MCP_AUTHOR } from "../document-session.js";
import { findSample, SAMPLES } from "../samples.js";
import { defineTool, json, jsonObject, ToolError } from "../tool.js";

const cell = z.tuple([z.number().int(), z.number().int()]);
const gridRef = z
  .union([
    z.string(),
    z.object({ tab: z.union([z.number().int(), z.string()]) }),
    z.object({ group: z.string() }),
    z.object({ popup: z.string() }),
  ])
  .describe(
    'where children go: {tab: 0|"Main"}, {group: id}, {popup: controlId}, a path "Main/net/lamp" or a JSON Pointer; default the first tab',
  );
const changeOutput = {
  version: z.number(),
  id: z.string().optional(),
  pointer: z.string().optional(),
  position: cell.optional(),
  span: cell.optional(),
  tab: z.number().optional(),
  warnings: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .describe("the kit's warnings about the node just changed"),
};
const finding = z.object({ code: z.string(), severity: z.string(), path: z.string(), message: z.string() });

/** Document tools: the shared authoring document (packages/authoring), edited by typed operations. */
export function registerDocumentTools(server: McpServer, ctx: McpContext): void {
  const notify = () => ctx.documentChanged();

  /** Applies one operation and reports what it did. */
  const apply = (op: Operation, verb: string) => {
    const { doc } = ctx.requireDocument();
    const result = authoring(() => doc.apply(op, { author: MCP_AUTHOR }));
    const { id, pointer, position, span, tab, version } = result;
    const warnings = (result.warnings ?? []).map((f) => ({ path: f.path, message: f.message }));
    const where = position ? ` at [${position.join(", ")}]${span ? ` span [${span.join(", ")}]` : ""}` : "";
    const warned = warnings.length
      ? `; warnings: ${warnings.map((w) => `${w.path}: ${w.message}`).join("; ")}`
      : "";
    return {
      text: `${verb}${id ? ` '${id}'` : ""}${where} (version ${version})${warned}`,
      data: { version, id, pointer, position, span, tab, warnings },
    };
  };

  defineTool(server, "begin_edit", {
    title: "Open a document",
    description:
      "Opens the layout document the edit tools change: blank, a sample, what the device shows, a file " +
      "(bound: every change is written back and edits made to the file, e.g. by the editor, come in live) " +
      "or a given layout. Replaces an open document.",
    input: {
      source: z.enum(["blank", "sample", "device", "file", "layout"]).default("blank"),
      sample: z.string().optional().describe("sample name (source sample)"),
      file: z.string().optional().describe("layout file (source file; created blank when missing)"),
      layout: json("a layout object (source layout)").optional(),
      device: z.string().optional().describe("device name (source device)"),
    },
    output: {
      version: z.number(),
      name: z.string().nullable(),
      file: z.string().nullable(),
      tabs: z.array(z.string()),
      controls: z.number(),
    },
    run: async (input) => {
      let layout: unknown;
      let file: string | null = null;
      switch (input.source) {
        case "blank":
          layout = undefined;
          break;
        case "sample": {
          const sample = findSample(input.sample ?? "");
          if (!sample) throw new ToolError(`sample: pass one of ${SAMPLES.map((s) => s.name).join(", ")}`);
          layout = structuredClone(sample.layout);
          break;
        }
        case "layout":
          if (!isJsonObject(input.layout)) throw new ToolError("layout: pass a layout object");
          layout = input.layout;
          break;
        case "file": {
          if (input.file === undefined) throw new ToolError("file: pass the layout file's path");
          file = ctx.path(input.file);
          layout = await ctx.readJson(input.file).catch((error: Error) => {
            if (error.message.includes("ENOENT")) return undefined;
            throw error;
          });
          break;
        }
        case "device": {
          const session = ctx.requireSession();
          const device = await session.requireDevice(input.device);
          const reply = await session.verb(device, "get-current-layout", { include: "full" });
          if (!isJsonObject(reply.layout)) throw new ToolError(`device: '${device.name}' shows no layout`);
          layout = reply.layout;
          break;
        }
      }
      ctx.openDocument(layout, file);
      const { doc } = ctx.requireDocument();
      const tabs = doc.layout.tabs.map((t) => t.title);
      let controls = 0;
      walkLayout(doc.layout, (_node, info) => {
        if (info.kind === "control") controls++;
      });
      return {
        text: `editing '${doc.layout.name ?? "untitled"}' (${tabs.length} tabs${file ? `, bound to ${file}` : ""})`,
        data: { version: doc.version, name: doc.layout.name ?? null, file, tabs, controls },
      };
    },
  });

  defineTool(server, "add_control", {
    title: "Add a control",
    description:
      "Adds a control ({type, id?, …fields}); without a position it goes to the first free cells that " +
      "fit (the type's default span). The change is refused, with the field named, if it would make the layout invalid.",
    input: {
      control: jsonObject("{type, id?, label?, sync?, action?, …}"),
      parent: gridRef.optional(),
      position: cell.optional().describe("[row, col]"),
      span: cell.optional().describe("[rowSpan, colSpan]"),
    },
    output: changeOutput,
    run: ({ control, parent, position, span }) => {
      if (typeof control.type !== "string") throw new ToolError("control.type: required (see list_controls)");
      return apply(
        {
          op: "addControl",
          control: control as never,
          parent: parent as GridRef | undefined,
          position,
          span,
        },
        "added",
      );
    },
  });

  defineTool(server, "insert_example", {
    title: "Insert a control from its example",
    description: "Adds the catalog's example control of a type (optionally with fields set over it).",
    input: {
      type: z.string(),
      id: z.string().optional(),
      set: jsonObject("fields set over the example").optional(),
      parent: gridRef.optional(),
      position: cell.optional(),
      span: cell.optional(),
    },
    output: changeOutput,
    run: ({ type, id, set, parent, position, span }) =>
      apply(
        {
          op: "addControl",
          fromExample: true,
          control: { ...set, type, ...(id === undefined ? {} : { id }) } as never,
          parent: parent as GridRef | undefined,
          position,
          span,
        },
        "inserted",
      ),
  });

  defineTool(server, "update_control", {
    title: "Update a control or group",
    description: "Merges fields into a control or group; a null value deletes that field.",
    input: { id: z.string(), set: jsonObject("field → value (null deletes)") },
    output: changeOutput,
    run: ({ id, set }) => {
      const fields: Record<string, unknown> = {};
      const unset: string[] = [];
      for (const [key, value] of Object.entries(set)) {
        if (value === null) unset.push(key);
        else fields[key] = value;
      }
      return apply({ op: "updateControl", id, set: fields, unset }, "updated");
    },
  });

  defineTool(server, "remove_control", {
    title: "Remove a control or group",
    description: "Removes a control, or a group with everything in it.",
    input: { id: z.string() },
    output: changeOutput,
    run: ({ id }) => apply({ op: "removeControl", id }, "removed"),
  });

  defineTool(server, "move_control", {
    title: "Move a control",
    description: "Moves a control or group within its grid (position/span) or into another grid (to).",
    input: { id: z.string(), to: gridRef.optional(), position: cell.optional(), span: cell.optional() },
    output: changeOutput,
    run: ({ id, to, position, span }) =>
      apply({ op: "moveControl", id, to: to as GridRef | undefined, position, span }, "moved"),
  });

  defineTool(server, "add_tab", {
    title: "Add a tab",
    description: "Adds a tab (unique title; default icon and a 4x8 grid).",
    input: {
      title: z.string(),
      icon: z.string().optional(),
      grid: z.object({ columns: z.number().int(), rows: z.number().int() }).optional(),
      index: z.number().int().optional(),
    },
    output: changeOutput,
    run: ({ title, icon, grid, index }) =>
      apply({ op: "addTab", tab: { title, icon, grid } as never, index }, `added tab '${title}'`),
  });

  defineTool(server, "add_group", {
    title: "Add a group",
    description: "Adds a group with its own grid (default 2x2); nest controls in it with parent {group: id}.",
    input: {
      group: jsonObject("{id?, label?, grid?, children?, dynamic?}"),
      parent: gridRef.optional(),
      position: cell.optional(),
      span: cell.optional(),
    },
    output: changeOutput,
    run: ({ group, parent, position, span }) =>
      apply(
        { op: "addGroup", group: group as never, parent: parent as GridRef | undefined, position, span },
        "added group",
      ),
  });

  defineTool(server, "apply_operations", {
    title: "Apply several operations at once",
    description:
      "Applies authoring operations ({op: addControl|updateControl|removeControl|moveControl|addGroup|setPopup|" +
      "addTab|updateTab|removeTab|reorderTab|setAppearance|setTheme|setConnection|setState|updateLayout|replaceLayout, …}) " +
      "all or nothing, as one undo step.",
    input: { operations: z.array(jsonObject("an operation")).min(1), label: z.string().optional() },
    output: { version: z.number(), outcomes: z.array(jsonObject("what each operation did")) },
    run: ({ operations, label }) => {
      const { doc } = ctx.requireDocument();
      const result = authoring(() =>
        doc.batch(operations as unknown as Operation[], { author: MCP_AUTHOR, label }),
      );
      return {
        text: `applied ${operations.length} operations (version ${result.version})`,
        data: { version: result.version, outcomes: result.outcomes as Record<string, unknown>[] },
      };
    },
  });

  defineTool(server, "show_grid", {
    title: "Show a grid",
    description:
      "An ASCII map of a grid's cells (one symbol per control, legend below) and the structured occupancy.",
    input: { grid: gridRef.optional() },
    output: {
      text: z.string(),
      columns: z.number(),
      rows: z.number(),
      free: z.number(),
      items: z.array(
        z.object({
          id: z.string(),
          type: z.string(),
          position: cell.nullable(),
          span: cell,
          symbol: z.string(),
        }),
      ),
    },
    readOnly: true,
    run: ({ grid }) => {
      const { doc } = ctx.requireDocument();
      const ref = grid as GridRef | undefined;
      const occupancy = authoring(() => doc.occupancy(ref));
      const text = authoring(() => doc.occupancyText(ref));
      const items = occupancy.items.map(({ id, type, position, span, symbol }) => ({
        id,
        type,
        position,
        span,
        symbol,
      }));
      return {
        text,
        data: { text, columns: occupancy.columns, rows: occupancy.rows, free: occupancy.free, items },
      };
    },
  });

  defineTool(server, "validate", {
    title: "Validate",
    description:
      "Validates the open document, or a given layout or file, with the kit: errors and warnings with JSON paths.",
    input: { layout: json("a layout (default: the open document)").optional(), file: z.string().optional() },
    output: { ok: z.boolean(), errors: z.array(finding), warnings: z.array(finding) },
    readOnly: true,
    run: async (input) => {
      const layout = await ctx.layoutFrom(input, ctx.documentLayout);
      const report = validateLayout(layout);
      const pick = (f: (typeof report.errors)[number]) => ({
        code: f.code,
        severity: f.severity,
        path: f.path,
        message: f.message,
      });
      return {
        text: report.ok
          ? `valid${report.warnings.length ? ` (${report.warnings.length} warnings)` : ""}`
          : `${report.errors.length} errors: ${report.errors
              .slice(0, 5)
              .map((f) => `${f.path}: ${f.message}`)
              .join("; ")}`,
        data: { ok: report.ok, errors: report.errors.map(pick), warnings: report.warnings.map(pick) },
      };
    },
  });

  defineTool(server, "snapshot", {
    title: "Snapshot",
    description: "Saves the document under a name (the same name replaces).",
    input: { name: z.string().min(1) },
    output: { name: z.string(), version: z.number() },
    run: ({ name }) => {
      const info = authoring(() => ctx.requireDocument().doc.snapshot(name, { author: MCP_AUTHOR }));
      return { text: `snapshot '${name}' at version ${info.version}`, data: { name, version: info.version } };
    },
  });

  defineTool(server, "list_snapshots", {
    title: "List snapshots",
    description: "The document's named snapshots.",
    input: {},
    output: {
      snapshots: z.array(
        z.object({ name: z.string(), version: z.number(), author: z.string(), at: z.string() }),
      ),
    },
    readOnly: true,
    run: () => {
      const snapshots = ctx.requireDocument().doc.snapshots();
      return { text: snapshots.map((s) => s.name).join(", ") || "no snapshots", data: { snapshots } };
    },
  });

  const logged = (
    name: string,
    title: string,
    description: string,
    input: { name?: z.ZodString },
    run: (arg: { name?: string }) => { version: number; summary: string },
  ) =>
    defineTool(server, name, {
      title,
      description,
      input,
      output: { version: z.number(), summary: z.string() },
      run: (arg) => {
        const entry = authoring(() => run(arg as { name?: string }));
        return { text: `${entry.summary} (version ${entry.version})`, data: entry };
      },
    });
  logged(
    "revert",
    "Revert to a snapshot",
    "Returns the document to a snapshot (itself undoable).",
    { name: z.string() },
    ({ name }) => {
      const entry = ctx.requireDocument().doc.revert(name!, { author: MCP_AUTHOR });
      return { version: entry.version, summary: entry.summary };
    },
  );
  logged("undo", "Undo", "Undoes the last change (anyone's).", {}, () => {
    const entry = ctx.requireDocument().doc.undo({ author: MCP_AUTHOR });
    return { version: entry.version, summary: entry.summary };
  });
  logged("redo", "Redo", "Redoes the last undone change.", {}, () => {
    const entry = ctx.requireDocument().doc.redo({ author: MCP_AUTHOR });
    return { version: entry.version, summary: entry.summary };
  });

  defineTool(server, "get_document", {
    title: "Get the document",
    description:
      "The open document's layout; with to, written to that file instead (large layouts stay out of the model).",
    input: { to: z.string().optional().describe("path to write the layout JSON to") },
    output: {
      version: z.number(),
      layout: jsonObject("the layout").optional(),
      file: z.string().optional(),
      log: z.array(z.object({ seq: z.number(), author: z.string(), summary: z.string() })),
    },
    readOnly: true,
    run: async ({ to }) => {
      const { doc } = ctx.requireDocument();
      const log = doc
        .log()
        .slice(-20)
        .map(({ seq, author, summary }) => ({ seq, author, summary }));
      if (to !== undefined) {
        const file = ctx.path(to);
        await writeFile(file, doc.text());
        return { text: `wrote version ${doc.version} to ${file}`, data: { version: doc.version, file, log } };
      }
      return {
        text: `version ${doc.version}`,
        data: { version: doc.version, layout: doc.layout as unknown as Record<string, unknown>, log },
      };
    },
  });

  defineTool(server, "discard", {
    title: "Discard the document",
    description: "Closes the open document (a bound file keeps its last saved content).",
    input: {},
    output: { discarded: z.boolean() },
    run: () => {
      const open = ctx.document !== null;
      ctx.document?.close();
      ctx.document = null;
      notify();
      return { text: open ? "discarded" : "no document was open", data: { discarded: open } };
    },
  });
}
