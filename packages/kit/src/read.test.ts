import { describe, expect, it } from "vitest";
import { LayoutSyntaxError, normalizeLayout, parseJson, readLayout } from "./read.js";
import { writeLayout } from "./write.js";

const source = {
  name: "Round trip",
  version: 1,
  vendorExtension: { keep: true },
  connection: {
    url: "ws://h:8765",
    identity: { name: "tab", can_broadcast: true, can_route: false, extra: 1 },
  },
  tabs: [
    {
      title: "Main",
      icon: "house",
      customTabKey: "x",
      children: [
        {
          type: "label",
          id: "l",
          position: [0, 0],
          sync: { event: "broadcast", valuePath: "v" },
          futureField: [1, 2],
        },
        {
          id: "legacy",
          position: [1, 0],
          grid: { columns: 1, rows: 1 },
          children: [{ type: "spacer", id: "s", position: [0, 0], x: 1 }],
        },
      ],
    },
  ],
};

describe("readLayout / writeLayout", () => {
  it("keeps unknown keys at every level through a round trip", () => {
    const again = JSON.parse(writeLayout(readLayout(JSON.stringify(source)))) as typeof source;
    expect(again.vendorExtension).toEqual({ keep: true });
    expect(again.tabs[0].customTabKey).toBe("x");
    expect(again.tabs[0].children[0].futureField).toEqual([1, 2]);
    expect(again.tabs[0].children[1].children?.[0].x).toBe(1);
    expect(again.connection.identity.extra).toBe(1);
    expect(readLayout(writeLayout(source))).toEqual(readLayout(source));
  });

  it("reads snake_case identity flags and writes camelCase", () => {
    const identity = readLayout(source).connection?.identity;
    expect(identity).toEqual({ name: "tab", canBroadcast: true, canRoute: false, extra: 1 });
    const written = writeLayout(source);
    expect(written).toContain('"canBroadcast": true');
    expect(written).not.toMatch(/can_broadcast|can_route/);
    const both = readLayout({
      ...source,
      connection: { identity: { canBroadcast: false, can_broadcast: true } },
    });
    expect(both.connection?.identity).toEqual({ canBroadcast: false });
  });

  it("wraps a lone sync object and types untyped groups", () => {
    const layout = readLayout(source);
    const [label, group] = layout.tabs[0].children ?? [];
    expect(label.type === "label" && label.sync).toEqual([{ event: "broadcast", valuePath: "v" }]);
    expect(group.type).toBe("group");
  });

  it("does not modify its input", () => {
    const copy = structuredClone(source);
    normalizeLayout(source);
    expect(source).toEqual(copy);
  });

  it("reports JSON syntax errors with line and column", () => {
    expect(() => parseJson('{\n  "name": "x",\n  "tabs": [,]\n}')).toThrow(
      new LayoutSyntaxError('invalid JSON at line 3, column 12: expected a JSON value, found ","', 3, 12),
    );
    const error = (() => {
      try {
        parseJson('{"a": 1');
      } catch (e) {
        return e as LayoutSyntaxError;
      }
    })();
    expect(error).toMatchObject({
      line: 1,
      column: 8,
      message: "invalid JSON at line 1, column 8: unexpected end of input",
    });
  });
});
