import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTROL_TYPES } from "../schema/types.js";
import { validateLayout } from "../validate/validate.js";

/**
 * Every fenced ```json block written by hand in the repository's docs that is a layout, a control,
 * an action, a layout fragment (`"key": value`) or a dynamic-group fill validates without errors.
 * Frames and other artifacts (QR payloads, sealed envelopes) are skipped visibly: SKIPPED lists
 * them. The generated control examples of layout-format.md are the catalog's, tested there.
 */

const DOCS_DIR = new URL("../../../../docs/", import.meta.url);
const DOC_FILES = ["layout-format.md", "session-protocols.md", "protocol.md"];
const GENERATED_REGION = /<!-- generated: [\w -]+ -->[\s\S]*?<!-- end generated -->/g;

type Json = Record<string, unknown>;
interface Block {
  id: string;
  text: string;
}

function blocks(file: string): Block[] {
  const text = readFileSync(new URL(file, DOCS_DIR), "utf8").replace(GENERATED_REGION, "");
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m, index) => ({
    id: `${file}#${index}`,
    text: m[1],
  }));
}

const minimal = (children: unknown[], extra: Json = {}): Json => ({
  name: "Docs example",
  version: 1,
  tabs: [{ title: "Main", icon: "square.grid.2x2", grid: { columns: 4, rows: 8 }, children }],
  ...extra,
});
const host = (extra: Json): Json => ({ type: "button", id: "docs-host", position: [7, 3], ...extra });

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const controlTypes: ReadonlySet<string> = new Set([...CONTROL_TYPES, "group"]);

/** Turns a docs block into a layout to validate, or a reason it is not layout material. */
function asLayout(block: Block): { layout: Json } | { skip: string } {
  let value: unknown;
  try {
    value = JSON.parse(block.text);
  } catch {
    // A `"key": value` fragment of a layout or control.
    value = JSON.parse(`{${block.text}}`);
  }
  if (!isObj(value)) return { skip: "not an object" };
  if (Array.isArray(value.tabs)) return { layout: value };
  if (typeof value.type === "string" && controlTypes.has(value.type) && "id" in value)
    return { layout: minimal([value]) };
  if ("sync" in value) return { layout: minimal([host({ sync: value.sync })]) };
  if ("pollGroups" in value || "state" in value) return { layout: minimal([], value) };
  if (typeof value.msg_type === "string" && Array.isArray(value.children))
    return {
      layout: minimal([
        {
          type: "group",
          id: "docs-dynamic",
          position: [0, 0],
          span: [4, 4],
          dynamic: value.msg_type,
          grid: { columns: 4, rows: 4 },
          children: value.children,
        },
      ]),
    };
  if ("event" in value && "payload" in value && !("type" in value))
    return { layout: minimal([host({ action: value })]) };
  if ("identity" in value) return { layout: minimal([], { connection: value }) };
  return { skip: `frame or payload (${Object.keys(value).slice(0, 3).join(", ")})` };
}

const all = DOC_FILES.flatMap(blocks).map((block) => ({ ...block, ...asLayout(block) }));

const SKIPPED = [
  "session-protocols.md#0: frame or payload (url, channel, role)",
  "session-protocols.md#1: frame or payload (msg_type, from, dynamic)",
  "session-protocols.md#2: frame or payload (msg_type, to, v)",
  "session-protocols.md#3: frame or payload (msg_type, zone, minutes)",
  "session-protocols.md#4: frame or payload (msg_type, cmd_id, to)",
  "session-protocols.md#6: frame or payload (msg_type, id, text)",
  "session-protocols.md#7: frame or payload (e2ee, s, n)",
  "protocol.md#0: frame or payload (id, type, payload)",
  "protocol.md#1: frame or payload (id, type, payload)",
  "protocol.md#2: frame or payload (id, type, payload)",
];

describe("docs examples", () => {
  it("skips only frames and non-layout artifacts, by this list", () => {
    const skipped = all.flatMap((b) => ("skip" in b ? [`${b.id}: ${b.skip}`] : []));
    expect(skipped).toEqual(SKIPPED);
  });

  it.each(all.filter((b) => "layout" in b))("$id validates without errors", (block) => {
    const result = validateLayout((block as { layout: Json }).layout);
    expect(result.errors).toEqual([]);
  });
});
