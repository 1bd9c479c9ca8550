import { CompletionContext } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { textChange } from "./diff.js";
import { completeFromSchema, diagnose, hoverDoc } from "./schema.js";
import { placeAt, rangeOf, splitPath } from "./tree.js";

const text = JSON.stringify(
  {
    name: "t",
    version: 1,
    tabs: [
      {
        title: "Main",
        children: [{ id: "g", type: "gauge", position: [0, 0], min: 0, max: 1, gaugeStyle: "zz" }],
      },
    ],
  },
  null,
  2,
);
const state = (doc: string) => EditorState.create({ doc, extensions: [json()] });
const complete = (doc: string, pos: number, explicit = true) =>
  completeFromSchema(new CompletionContext(state(doc), pos, explicit));
const after = (doc: string, probe: string) => doc.indexOf(probe) + probe.length;

describe("the JSON view's schema help", () => {
  it("offers a control type's own fields where a key goes, not those it has", () => {
    const doc = text.replace('"max": 1,', '"max": 1,\n"arc"');
    const result = complete(doc, after(doc, '"arc'), false);
    const labels = result?.options.map((o) => o.label) ?? [];
    expect(labels).toEqual(expect.arrayContaining(["arcAngle", "arcRotation", "segments", "tint", "sync"]));
    expect(labels).not.toContain("max");
    expect(labels).not.toContain("scrollable");
    expect(placeAt(state(doc), after(doc, '"arc'))?.steps.slice(2)).toEqual([
      { key: "children" },
      { key: 0, type: "gauge" },
    ]);
  });

  it("offers a field's choices and the control types where a value goes", () => {
    expect(complete(text, after(text, '"gaugeStyle": "'))?.options.map((o) => o.label)).toEqual([
      '"half"',
      '"full"',
    ]);
    const types = complete(text, after(text, '"type": "'))?.options.map((o) => o.label);
    expect(types).toContain('"sparkline"');
    expect(types).toHaveLength(43);
  });

  it("documents the property under the pointer", () => {
    expect(hoverDoc(state(text), after(text, '"type": "ga'))).toBeNull();
    expect(hoverDoc(state(text), text.indexOf("gaugeStyle") + 2)?.text).toBe(
      'gaugeStyle: string\ndefault "half"\none of "half", "full"',
    );
  });

  it("puts the kit's findings at the text they name, and a syntax error where it is", () => {
    const found = diagnose(state(text));
    const style = found.find((d) => d.message.includes("gaugeStyle"));
    expect(style?.severity).toBe("warning");
    expect(text.slice(style?.from, style?.to)).toBe('"gaugeStyle": "zz"');
    const broken = diagnose(state('{"tabs": [}'));
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ severity: "error", from: 10 });
  });

  it("finds the range of a JSON path, or the deepest part that exists", () => {
    const at = rangeOf(state(text), "$.tabs[0].children[0].min");
    expect(text.slice(at.from, at.to)).toBe('"min": 0');
    const missing = rangeOf(state(text), "$.tabs[0].children[4].min");
    expect(text.slice(missing.from, missing.to)).toBe('"children": [');
    expect(splitPath('$.a[2]["b c"].d')).toEqual(["a", 2, "b c", "d"]);
  });
});

describe("bringing the document's text in", () => {
  it("changes only what differs, so a cursor before or after stays put", () => {
    expect(textChange('{"a": 1, "b": 2}', '{"a": 1, "b": 3}')).toEqual({ from: 14, to: 15, insert: "3" });
    expect(textChange("abc", "abc")).toBeNull();
    expect(textChange("aa", "aaa")).toEqual({ from: 2, to: 2, insert: "a" });
    expect(textChange("abc", "")).toEqual({ from: 0, to: 3, insert: "" });
  });
});
