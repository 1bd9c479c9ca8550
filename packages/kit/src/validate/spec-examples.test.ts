import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTROL_TYPES } from "../schema/types.js";
import { validateLayout } from "./validate.js";

/**
 * Every fenced ```json block of the spec files that is a layout, a control, an action, a layout
 * fragment (`"key": value`) or a dynamic-group fill validates without errors. Frames and other
 * artifacts (QR payloads, credentials, sealed envelopes) are skipped visibly: SKIPPED lists them.
 */

const SPEC_DIR = new URL("../../../../../shared/spec/", import.meta.url);
const SPEC_FILES = ["layout.md", "session-protocol.md"];

type Json = Record<string, unknown>;
interface Block {
  id: string;
  text: string;
}

function blocks(file: string): Block[] {
  const text = readFileSync(new URL(file, SPEC_DIR), "utf8");
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m, index) => ({
    id: `${file}#${index}`,
    text: m[1],
  }));
}

const minimal = (children: unknown[], extra: Json = {}): Json => ({
  name: "Spec example",
  version: 1,
  tabs: [{ title: "Main", icon: "square.grid.2x2", grid: { columns: 4, rows: 8 }, children }],
  ...extra,
});
const host = (extra: Json): Json => ({ type: "button", id: "spec-host", position: [7, 3], ...extra });

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const controlTypes: ReadonlySet<string> = new Set([...CONTROL_TYPES, "group"]);

/** Turns a spec block into a layout to validate, or a reason it is not layout material. */
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
          id: "spec-dynamic",
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

const all = SPEC_FILES.flatMap(blocks).map((block) => ({ ...block, ...asLayout(block) }));

const SKIPPED = [
  "session-protocol.md#0: frame or payload (id, type, payload)",
  "session-protocol.md#1: frame or payload (name, token, channel)",
  "session-protocol.md#2: frame or payload (id, type, payload)",
  "session-protocol.md#4: frame or payload (url, channel, role)",
  "session-protocol.md#5: frame or payload (url, channel, role)",
  "session-protocol.md#7: frame or payload (msg_type, from, dynamic)",
  "session-protocol.md#8: frame or payload (msg_type, to, v)",
  "session-protocol.md#9: frame or payload (msg_type, value, _cmd)",
  "session-protocol.md#12: frame or payload (msg_type, id, text)",
  "session-protocol.md#13: frame or payload (e2ee, s, n)",
  "session-protocol.md#14: frame or payload (title, body, sound)",
];

describe("spec examples", () => {
  it("skips only frames and non-layout artifacts, by this list", () => {
    const skipped = all.flatMap((b) => ("skip" in b ? [`${b.id}: ${b.skip}`] : []));
    expect(skipped).toEqual(SKIPPED);
  });

  it.each(all.filter((b) => "layout" in b))("$id validates without errors", (block) => {
    const result = validateLayout((block as { layout: Json }).layout);
    expect(result.errors).toEqual([]);
  });
});
