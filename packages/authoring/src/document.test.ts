import { describe, expect, it } from "vitest";
import { createDocument, type ChangeEvent, type LayoutDocument } from "./document.js";
import { AuthoringError } from "./errors.js";
import home from "./fixtures/home.layout.json" with { type: "json" };
import { OPERATION_NAMES, type Operation } from "./operations.js";
import { applyPatch, getAt } from "./patch.js";

const open = () => createDocument(home, { author: "alice", now: () => new Date("2026-01-02T03:04:05Z") });

function refusal(doc: LayoutDocument, op: Operation): AuthoringError {
  const before = doc.text();
  const version = doc.version;
  try {
    doc.apply(op);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthoringError);
    expect(doc.text()).toBe(before);
    expect(doc.version).toBe(version);
    return error as AuthoringError;
  }
  throw new Error(`${op.op} was not refused`);
}

interface Case {
  name: string;
  op: Operation;
  check: (doc: LayoutDocument, result: ReturnType<LayoutDocument["apply"]>) => void;
}

const CASES: Case[] = [
  {
    name: "addControl: first-fit with the type's default span",
    op: { op: "addControl", control: { type: "slider", label: "Fan" } },
    check: (doc, r) => {
      expect(r).toMatchObject({
        id: "slider-1",
        position: [1, 2],
        span: [1, 2],
        pointer: "/tabs/0/children/4",
      });
      expect(getAt(doc.layout, "/tabs/0/children/4")).toEqual({
        type: "slider",
        id: "slider-1",
        position: [1, 2],
        span: [1, 2],
        label: "Fan",
      });
    },
  },
  {
    name: "addControl: explicit id, position, span and index",
    op: { op: "addControl", control: { type: "button", id: "go" }, position: [5, 3], span: [1, 1], index: 0 },
    check: (doc) => expect(getAt(doc.layout, "/tabs/0/children/0/id")).toBe("go"),
  },
  {
    name: "addControl: from the catalog example, nested ids renamed",
    op: { op: "addControl", parent: { tab: "Settings" }, control: { type: "carousel" }, fromExample: true },
    check: (doc, r) => {
      expect(r).toMatchObject({ id: "carousel-1", position: [0, 0], span: [3, 2] });
      const panels = getAt(doc.layout, "/tabs/1/children/0/panels") as { id: string }[];
      expect(panels.map((p) => p.id)).toEqual(["page-kitchen-1", "page-den-1"]);
    },
  },
  {
    name: "updateControl: set and unset fields, keeping key order",
    op: { op: "updateControl", id: "cpu", set: { label: "Load", max: 400 }, unset: ["min"] },
    check: (doc) =>
      expect(JSON.stringify(getAt(doc.layout, "/tabs/0/children/0"))).toBe(
        '{"type":"gauge","id":"cpu","position":[0,0],"span":[2,2],"max":400,"label":"Load"}',
      ),
  },
  {
    name: "updateControl: rename an id",
    op: { op: "updateControl", id: "rx", set: { id: "rx-rate" } },
    check: (doc, r) => {
      expect(r.id).toBe("rx-rate");
      expect(getAt(doc.layout, "/tabs/0/children/2/children/0/id")).toBe("rx-rate");
    },
  },
  {
    name: "updateControl: a group's label and a new position",
    op: { op: "updateControl", id: "wifi", set: { label: "Wi-Fi", position: [0, 1] } },
    check: (doc, r) => {
      expect(r.position).toEqual([0, 1]);
      expect(getAt(doc.layout, "/tabs/0/children/2/children/1/label")).toBe("Wi-Fi");
    },
  },
  {
    name: "removeControl: a control",
    op: { op: "removeControl", id: "lamp" },
    check: (doc) => expect(doc.occupancy().items.map((i) => i.id)).toEqual(["cpu", "net", "rooms"]),
  },
  {
    name: "removeControl: a group with its subtree",
    op: { op: "removeControl", id: "net" },
    check: (doc) => expect(doc.newId("wifi")).toBe("wifi-1"),
  },
  {
    name: "moveControl: to a cell of the same grid",
    op: { op: "moveControl", id: "lamp", position: [1, 3] },
    check: (doc) => expect(getAt(doc.layout, "/tabs/0/children/1/position")).toEqual([1, 3]),
  },
  {
    name: "moveControl: resize in place",
    op: { op: "moveControl", id: "lamp", span: [2, 2] },
    check: (doc) => expect(getAt(doc.layout, "/tabs/0/children/1/span")).toEqual([2, 2]),
  },
  {
    name: "moveControl: reorder within children",
    op: { op: "moveControl", id: "cpu", index: 3 },
    check: (doc) => expect(getAt(doc.layout, "/tabs/0/children/3/id")).toBe("cpu"),
  },
  {
    name: "moveControl: into a group declared after it (first-fit there)",
    op: { op: "moveControl", id: "lamp", to: { group: "net" } },
    check: (doc, r) => {
      expect(r).toMatchObject({ pointer: "/tabs/0/children/1/children/2", position: [0, 1] });
      expect(getAt(doc.layout, "/tabs/0/children/1/children/2/id")).toBe("lamp");
    },
  },
  {
    name: "moveControl: out of a nested group to another tab",
    op: { op: "moveControl", id: "wifi-ok", to: { tab: 1 }, position: [3, 1] },
    check: (doc) => expect(getAt(doc.layout, "/tabs/1/children/0/id")).toBe("wifi-ok"),
  },
  {
    name: "addGroup: default grid and span",
    op: { op: "addGroup", parent: { tab: "Settings" }, group: { label: "Power" } },
    check: (doc, r) => {
      expect(r).toMatchObject({ id: "group-1", position: [0, 0], span: [2, 2] });
      expect(getAt(doc.layout, "/tabs/1/children/0")).toEqual({
        type: "group",
        id: "group-1",
        position: [0, 0],
        span: [2, 2],
        label: "Power",
        grid: { columns: 2, rows: 2 },
        children: [],
      });
    },
  },
  {
    name: "setPopup: add a popup to a control",
    op: { op: "setPopup", id: "cpu", popup: { label: "Details" } },
    check: (doc, r) => {
      expect(r.id).toBe("popup-1");
      expect(getAt(doc.layout, "/tabs/0/children/0/longPressGroup")).toEqual({
        id: "popup-1",
        label: "Details",
        grid: { columns: 2, rows: 2 },
        children: [],
      });
    },
  },
  {
    name: "setPopup: remove a popup",
    op: { op: "setPopup", id: "lamp", popup: null },
    check: (doc) => expect(getAt(doc.layout, "/tabs/0/children/1/longPressGroup")).toBeUndefined(),
  },
  {
    name: "addTab: defaults",
    op: { op: "addTab", tab: { title: "Media" }, index: 1 },
    check: (doc) =>
      expect(getAt(doc.layout, "/tabs/1")).toEqual({
        title: "Media",
        icon: "square.grid.2x2",
        grid: { columns: 4, rows: 8 },
        children: [],
      }),
  },
  {
    name: "updateTab: title and a larger grid",
    op: { op: "updateTab", tab: "Main", set: { title: "Home", grid: { columns: 6, rows: 6 } } },
    check: (doc) => expect(doc.occupancy({ tab: "Home" }).columns).toBe(6),
  },
  {
    name: "removeTab",
    op: { op: "removeTab", tab: 0 },
    check: (doc) => expect(doc.layout.tabs.map((t) => t.title)).toEqual(["Settings"]),
  },
  {
    name: "reorderTab",
    op: { op: "reorderTab", tab: "Settings", to: 0 },
    check: (doc, r) => {
      expect(r.patch).toEqual([{ op: "move", from: "/tabs/1", path: "/tabs/0" }]);
      expect(doc.layout.tabs.map((t) => t.title)).toEqual(["Settings", "Main"]);
    },
  },
  {
    name: "setAppearance",
    op: { op: "setAppearance", value: { scheme: "dark" } },
    check: (doc) => expect(doc.layout.appearance).toEqual({ scheme: "dark" }),
  },
  {
    name: "setTheme",
    op: { op: "setTheme", value: { accent: "#ff9500" } },
    check: (doc) => expect(doc.layout.theme).toEqual({ accent: "#ff9500" }),
  },
  {
    name: "setConnection: replace",
    op: { op: "setConnection", value: { url: "wss://relay.example", identity: { channel: "lab" } } },
    check: (doc) => expect(doc.layout.connection?.url).toBe("wss://relay.example"),
  },
  {
    name: "setConnection: remove",
    op: { op: "setConnection", value: null },
    check: (doc) => expect("connection" in doc.layout).toBe(false),
  },
  {
    name: "setState",
    op: { op: "setState", value: { sync: true } },
    check: (doc) => expect(doc.layout.state).toEqual({ sync: true }),
  },
  {
    name: "updateLayout",
    op: { op: "updateLayout", set: { headerTitle: "My home", accentColor: "#34C759" } },
    check: (doc) => expect(doc.layout.headerTitle).toBe("My home"),
  },
  {
    name: "replaceLayout",
    op: {
      op: "replaceLayout",
      layout: { name: "Other", version: 1, tabs: [{ title: "One", icon: "x", children: [] }] },
    },
    check: (doc) => expect(doc.layout.name).toBe("Other"),
  },
];

describe("every operation", () => {
  it("has a case here", () => {
    expect(new Set(CASES.map((c) => c.op.op))).toEqual(new Set(OPERATION_NAMES));
  });

  for (const testCase of CASES) {
    it(`${testCase.name}: applies, patches, validates, undoes to the same bytes and redoes`, () => {
      const doc = open();
      const events: ChangeEvent[] = [];
      doc.subscribe((event) => events.push(event));
      const before = doc.layout;
      const beforeText = doc.text();
      const result = doc.apply(testCase.op, { author: "bob" });
      testCase.check(doc, result);
      expect(doc.validate().errors).toEqual([]);
      expect(applyPatch(before, result.patch)).toEqual(doc.layout);
      expect(result.entry).toMatchObject({ kind: "apply", author: "bob", version: 1, ops: [testCase.op] });
      const afterText = doc.text();

      const undone = doc.undo({ author: "carol" });
      expect(doc.text()).toBe(beforeText);
      expect(doc.layout).toBe(before);
      expect(undone).toMatchObject({ kind: "undo", author: "carol", target: result.entry.seq });
      expect(applyPatch(events[0].layout, undone.patch)).toEqual(before);

      doc.redo();
      expect(doc.text()).toBe(afterText);
      expect(events.map((e) => e.kind)).toEqual(["apply", "undo", "redo"]);
      expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
    });
  }
});

describe("refusals name the field and change nothing", () => {
  it.each<[string, Operation, string, string | RegExp]>([
    ["unknown type", { op: "addControl", control: { type: "gaug" } }, "control.type", /did you mean 'gauge'/],
    ["a group as a control", { op: "addControl", control: { type: "group" } }, "control.type", /addGroup/],
    [
      "wrong case",
      { op: "addControl", control: { type: "piechart" } },
      "control.type",
      /did you mean 'pieChart'/,
    ],
    [
      "duplicate id",
      { op: "addControl", control: { type: "label", id: "wifi-ok" } },
      "control.id",
      /already used/,
    ],
    [
      "overlap",
      { op: "addControl", control: { type: "label" }, position: [1, 1] },
      "position",
      /overlaps 'cpu'/,
    ],
    [
      "out of grid",
      { op: "addControl", control: { type: "label" }, position: [5, 3], span: [1, 2] },
      "position",
      /leaves the 4x6 grid/,
    ],
    [
      "grid full",
      { op: "addControl", parent: { group: "wifi" }, control: { type: "gauge" }, span: [2, 2] },
      "span",
      /no room/,
    ],
    [
      "bad field",
      { op: "updateControl", id: "cpu", set: { label: 5 } },
      "$.tabs[0].children[0].label",
      /must be a string/,
    ],
    [
      "dead action",
      { op: "addControl", control: { type: "button", action: { event: "explode" } } },
      "$.tabs[0].children[4].action.event",
      /not a relay verb/,
    ],
    ["missing node", { op: "removeControl", id: "nope" }, "id", /no control or group has id "nope"/],
    [
      "missing tab",
      { op: "addControl", parent: { tab: "Nope" }, control: { type: "label" } },
      "parent.tab",
      /no tab is titled "Nope"/,
    ],
    [
      "move into itself",
      { op: "moveControl", id: "net", to: { group: "wifi" } },
      "to",
      /cannot move into itself/,
    ],
    ["move nowhere", { op: "moveControl", id: "cpu" }, "position", /must say where/],
    ["rename to used id", { op: "updateControl", id: "cpu", set: { id: "lamp" } }, "set.id", /already used/],
    [
      "overlap by update",
      { op: "updateControl", id: "lamp", set: { position: [0, 1] } },
      "set.position",
      /overlaps 'cpu'/,
    ],
    ["unset position", { op: "updateControl", id: "lamp", unset: ["position"] }, "unset", /a 2-D grid needs/],
    [
      "unset missing field",
      { op: "updateControl", id: "lamp", unset: ["color"] },
      "unset[0]",
      /has no field "color"/,
    ],
    ["empty update", { op: "updateControl", id: "lamp" }, "set", /must name a field/],
    ["duplicate tab title", { op: "addTab", tab: { title: "Main" } }, "tab.title", /already titled/],
    [
      "smaller tab grid",
      { op: "updateTab", tab: 0, set: { grid: { columns: 2, rows: 2 } } },
      "$.tabs[0].children[1].position",
      /does not fit the 2x2 grid/,
    ],
    ["tabs via updateLayout", { op: "updateLayout", set: { tabs: [] } }, "set.tabs", /use addTab/],
    [
      "bad block",
      { op: "setTheme", value: "dark" as unknown as Record<string, unknown> },
      "value",
      /must be an object/,
    ],
    ["no block to remove", { op: "setState", value: null }, "value", /no state to remove/],
    ["invalid replacement", { op: "replaceLayout", layout: { name: "x", version: 1 } }, "$.tabs", /tabs/],
    ["unknown op", { op: "explode" } as unknown as Operation, "op", /"explode" is not an operation/],
    ["popup on a group", { op: "setPopup", id: "net", popup: {} }, "id", /only controls/],
    ["reorder out of range", { op: "reorderTab", tab: 0, to: 5 }, "to", /from 0 to 1/],
  ])("%s", (_name, op, field, message) => {
    const error = refusal(open(), op);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it("carries the kit's findings for an invalid result", () => {
    const error = refusal(open(), { op: "updateControl", id: "cpu", set: { min: "low" } });
    expect(error.code).toBe("invalid");
    expect(error.findings.map((f) => f.path)).toEqual(["$.tabs[0].children[0].min"]);
  });
});

describe("warnings", () => {
  it("come back with the operation: fields the docs ask for, undocumented keys", () => {
    const doc = open();
    const added = doc.apply({
      op: "addControl",
      parent: { tab: 1 },
      control: { type: "gauge", colour: "red" },
    });
    expect(added.warnings?.map((w) => [w.code, w.path])).toEqual([
      ["missing_field", "$.tabs[1].children[0].min"],
      ["missing_field", "$.tabs[1].children[0].max"],
      ["unknown_field", "$.tabs[1].children[0].colour"],
    ]);
    expect(
      doc.apply({ op: "updateControl", id: "gauge-1", set: { min: 0, max: 1 }, unset: ["colour"] }).warnings,
    ).toBeUndefined();
  });
});

describe("batch", () => {
  it("applies all operations as one undo step", () => {
    const doc = open();
    const before = doc.text();
    const result = doc.batch(
      [
        { op: "addTab", tab: { title: "Lab" } },
        { op: "addControl", parent: { tab: "Lab" }, control: { type: "label", id: "t" } },
        { op: "moveControl", id: "t", position: [7, 2] },
      ],
      { label: "lab tab", author: "dave" },
    );
    expect(result.outcomes.map((o) => o.pointer)).toEqual([
      "/tabs/2",
      "/tabs/2/children/0",
      "/tabs/2/children/0",
    ]);
    expect(result.entry).toMatchObject({ summary: "lab tab", author: "dave" });
    doc.undo();
    expect(doc.text()).toBe(before);
    expect(doc.canUndo).toBe(false);
  });

  it("changes nothing when one operation is refused, and says which", () => {
    const doc = open();
    const before = doc.text();
    expect(() =>
      doc.batch([
        { op: "addControl", control: { type: "label", id: "x" } },
        { op: "addControl", control: { type: "label", id: "x" } },
      ]),
    ).toThrow(/operation 1 \(addControl\): control.id: id "x" is already used/);
    expect(doc.text()).toBe(before);
    expect(doc.log()).toEqual([]);
  });
});

describe("undo, redo and the log", () => {
  it("undoes and redoes in order, a new change clears redo", () => {
    const doc = open();
    const v0 = doc.text();
    doc.apply({ op: "addControl", control: { type: "label", id: "a" } });
    const v1 = doc.text();
    doc.apply({ op: "removeControl", id: "cpu" });
    doc.undo();
    expect(doc.text()).toBe(v1);
    doc.undo();
    expect(doc.text()).toBe(v0);
    expect(() => doc.undo()).toThrow(expect.objectContaining({ code: "nothing_to_undo" }));
    doc.redo();
    expect(doc.text()).toBe(v1);
    doc.apply({ op: "setTheme", value: { accent: "#000000" } });
    expect(doc.canRedo).toBe(false);
    expect(() => doc.redo()).toThrow(expect.objectContaining({ code: "nothing_to_redo" }));
  });

  it("records who did what, when", () => {
    const doc = open();
    doc.apply({ op: "addControl", control: { type: "label" } });
    doc.apply({ op: "removeControl", id: "lamp" }, { author: "bob" });
    doc.undo({ author: "carol" });
    expect(doc.log().map((e) => [e.seq, e.kind, e.author, e.summary, e.at])).toEqual([
      [1, "apply", "alice", "addControl label-1", "2026-01-02T03:04:05.000Z"],
      [2, "apply", "bob", "removeControl lamp", "2026-01-02T03:04:05.000Z"],
      [3, "undo", "carol", "undo 2", "2026-01-02T03:04:05.000Z"],
    ]);
    expect(Object.isFrozen(doc.log()[0])).toBe(true);
  });

  it("keeps every version frozen and never freezes the caller's objects", () => {
    const doc = open();
    const control = { type: "label", id: "mine", theme: { tint: "#fff" } };
    doc.apply({ op: "addControl", control });
    expect(Object.isFrozen(control.theme)).toBe(false);
    expect(Object.isFrozen(doc.layout.tabs[0].children?.[4])).toBe(true);
    expect(() => {
      (doc.layout as { name: string }).name = "changed";
    }).toThrow(TypeError);
  });
});

describe("snapshots", () => {
  it("saves, lists, reverts (undoably) and deletes", () => {
    const doc = open();
    const original = doc.text();
    doc.snapshot("start", { author: "bob" });
    doc.apply({ op: "removeControl", id: "net" });
    const edited = doc.text();
    expect(doc.snapshots()).toEqual([
      { name: "start", version: 0, author: "bob", at: "2026-01-02T03:04:05.000Z" },
    ]);
    const entry = doc.revert("start");
    expect(doc.text()).toBe(original);
    expect(entry).toMatchObject({ kind: "revert", summary: 'revert "start"' });
    expect(applyPatch(JSON.parse(edited) as unknown, entry.patch)).toEqual(JSON.parse(original));
    doc.undo();
    expect(doc.text()).toBe(edited);
    expect(JSON.stringify(doc.snapshotLayout("start"))).toBe(JSON.stringify(JSON.parse(original)));
    doc.deleteSnapshot("start");
    expect(() => doc.revert("start")).toThrow(/no snapshot is named "start" \(snapshots: none\)/);
  });
});

describe("subscribe", () => {
  it("keeps a mirror in step through patches alone, and stops on unsubscribe", () => {
    const doc = open();
    let mirror: unknown = structuredClone(doc.layout);
    const stop = doc.subscribe((event) => {
      mirror = applyPatch(mirror, event.patch);
    });
    doc.apply({ op: "addControl", parent: "Main/net/wifi", control: { type: "label" } });
    doc.apply({ op: "moveControl", id: "lamp", to: "Main/net" });
    doc.undo();
    doc.redo();
    doc.snapshot("s");
    doc.apply({ op: "removeTab", tab: 1 });
    doc.revert("s");
    expect(mirror).toEqual(doc.layout);
    stop();
    doc.apply({ op: "removeControl", id: "cpu" });
    expect(mirror).not.toEqual(doc.layout);
  });

  it("isolates a listener that throws and reports what it threw", () => {
    const reported: unknown[] = [];
    const doc = createDocument(home, { onListenerError: (error) => reported.push(error) });
    const seen: number[] = [];
    doc.subscribe(() => {
      throw new Error("listener bug");
    });
    doc.subscribe((event) => seen.push(event.version));
    doc.apply({ op: "removeControl", id: "cpu" });
    expect(seen).toEqual([1]);
    expect(reported).toEqual([new Error("listener bug")]);
  });
});

describe("creating a document", () => {
  it("starts from one empty tab, reads JSON text and refuses what is not a layout", () => {
    expect(createDocument().layout.tabs).toEqual([
      { title: "Main", icon: "square.grid.2x2", grid: { columns: 4, rows: 8 }, children: [] },
    ]);
    expect(createDocument(JSON.stringify(home)).layout.name).toBe("Home");
    expect(() => createDocument("{ nope")).toThrow(/layout: invalid JSON at line 1/);
    expect(() => createDocument(42)).toThrow(/layout must be a JSON object/);
  });

  it("accepts a layout that already has errors and refuses only new ones", () => {
    const broken = structuredClone(home);
    broken.tabs[0].children[1].position = [0, 1];
    const doc = createDocument(broken);
    expect(doc.validate().ok).toBe(false);
    doc.apply({ op: "updateControl", id: "lamp", set: { label: "Still overlapping" } });
    expect(() => doc.apply({ op: "updateControl", id: "lamp", set: { label: 3 } })).toThrow(
      /must be a string/,
    );
  });
});
