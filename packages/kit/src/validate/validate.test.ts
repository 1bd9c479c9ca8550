import { describe, expect, it } from "vitest";
import type { FindingCode, Severity } from "./finding.js";
import { formatFindings } from "./format.js";
import { validateLayout } from "./validate.js";

type Json = Record<string, unknown>;

const send = { event: "broadcast_request", payload: { msg_type: "cmd", value: "{{value}}" } };
const bound = [{ event: "broadcast", filter: { msg_type: "m" }, valuePath: "v" }];

/** A one-tab layout; `grid: null` leaves the tab without a grid. */
function layout(children: unknown[], extra: Json = {}, grid: unknown = { columns: 4, rows: 4 }): Json {
  const tab =
    grid === null
      ? { title: "Main", icon: "house", children }
      : { title: "Main", icon: "house", grid, children };
  return { name: "Test", version: 1, tabs: [tab], ...extra };
}

const button = (id: string, position: unknown, extra: Json = {}): Json => ({
  type: "button",
  id,
  position,
  action: send,
  ...extra,
});
const label = (extra: Json = {}): Json => ({
  type: "label",
  id: "l",
  position: [0, 0],
  sync: bound,
  ...extra,
});

interface RuleCase {
  name: string;
  code: FindingCode;
  severity: Severity;
  path: string;
  bad: unknown;
  good: unknown;
}

const CASES: RuleCase[] = [
  { name: "root not an object", code: "structure", severity: "error", path: "$", bad: [], good: layout([]) },
  {
    name: "tabs not an array",
    code: "structure",
    severity: "error",
    path: "$.tabs",
    bad: { name: "x", version: 1, tabs: {} },
    good: layout([]),
  },
  {
    name: "tab not an object",
    code: "structure",
    severity: "error",
    path: "$.tabs[0]",
    bad: { name: "x", version: 1, tabs: ["Main"] },
    good: layout([]),
  },
  {
    name: "child not an object",
    code: "structure",
    severity: "error",
    path: "$.tabs[0].children[0]",
    bad: layout(["x"]),
    good: layout([]),
  },
  {
    name: "missing name",
    code: "missing_field",
    severity: "error",
    path: "$.name",
    bad: { version: 1, tabs: [] },
    good: layout([]),
  },
  {
    name: "missing version",
    code: "missing_field",
    severity: "error",
    path: "$.version",
    bad: { name: "x", tabs: [] },
    good: layout([]),
  },
  {
    name: "missing tabs",
    code: "missing_field",
    severity: "error",
    path: "$.tabs",
    bad: { name: "x", version: 1 },
    good: layout([]),
  },
  {
    name: "control missing type",
    code: "missing_field",
    severity: "error",
    path: "$.tabs[0].children[0].type",
    bad: layout([{ id: "a", position: [0, 0] }]),
    good: layout([button("a", [0, 0])]),
  },
  {
    name: "control missing id",
    code: "missing_field",
    severity: "error",
    path: "$.tabs[0].children[0].id",
    bad: layout([{ type: "spacer", position: [0, 0] }]),
    good: layout([{ type: "spacer", id: "s", position: [0, 0] }]),
  },
  {
    name: "group missing id",
    code: "missing_field",
    severity: "error",
    path: "$.tabs[0].children[0].id",
    bad: layout([{ type: "group", position: [0, 0], grid: { columns: 1, rows: 1 }, children: [] }]),
    good: layout([{ type: "group", id: "g", position: [0, 0], grid: { columns: 1, rows: 1 }, children: [] }]),
  },
  {
    name: "wrong JSON type of a documented field",
    code: "bad_type",
    severity: "error",
    path: "$.tabs[0].children[0].max",
    bad: layout([{ type: "gauge", id: "g", position: [0, 0], min: 0, max: "100" }]),
    good: layout([{ type: "gauge", id: "g", position: [0, 0], min: 0, max: 100 }]),
  },
  {
    name: "duplicate id across groups",
    code: "duplicate_id",
    severity: "error",
    path: "$.tabs[0].children[1].children[0].id",
    bad: layout([
      button("a", [0, 0]),
      {
        type: "group",
        id: "g",
        position: [1, 0],
        grid: { columns: 1, rows: 1 },
        children: [button("a", [0, 0])],
      },
    ]),
    good: layout([
      button("a", [0, 0]),
      {
        type: "group",
        id: "g",
        position: [1, 0],
        grid: { columns: 1, rows: 1 },
        children: [button("b", [0, 0])],
      },
    ]),
  },
  {
    name: "duplicate id inside a carousel panel",
    code: "duplicate_id",
    severity: "error",
    path: "$.tabs[0].children[1].panels[0].children[0].id",
    bad: layout([
      button("a", [0, 0]),
      {
        type: "carousel",
        id: "c",
        position: [1, 0],
        panels: [{ type: "group", id: "p", grid: { columns: 1, rows: 1 }, children: [button("a", [0, 0])] }],
      },
    ]),
    good: layout([
      button("a", [0, 0]),
      {
        type: "carousel",
        id: "c",
        position: [1, 0],
        panels: [{ type: "group", id: "p", grid: { columns: 1, rows: 1 }, children: [button("b", [0, 0])] }],
      },
    ]),
  },
  {
    name: "duplicate id in a canvas item control",
    code: "duplicate_id",
    severity: "error",
    path: "$.tabs[0].children[1].canvasConfig.items[0].control.id",
    bad: layout([
      button("a", [0, 0]),
      {
        type: "canvas",
        id: "cv",
        position: [1, 0],
        canvasConfig: { items: [{ id: "i", control: button("a", undefined) }] },
      },
    ]),
    good: layout([
      button("a", [0, 0]),
      {
        type: "canvas",
        id: "cv",
        position: [1, 0],
        canvasConfig: { items: [{ id: "i", control: button("b", undefined) }] },
      },
    ]),
  },
  {
    name: "duplicate id in a long-press popup",
    code: "duplicate_id",
    severity: "error",
    path: "$.tabs[0].children[1].longPressGroup.children[0].id",
    bad: layout([
      button("a", [0, 0]),
      button("b", [1, 0], {
        longPressGroup: { grid: { columns: 1, rows: 1 }, children: [button("a", [0, 0])] },
      }),
    ]),
    good: layout([
      button("a", [0, 0]),
      button("b", [1, 0], {
        longPressGroup: { grid: { columns: 1, rows: 1 }, children: [button("c", [0, 0])] },
      }),
    ]),
  },
  {
    name: "unknown control type",
    code: "unknown_type",
    severity: "error",
    path: "$.tabs[0].children[0].type",
    bad: layout([{ type: "knob", id: "k", position: [0, 0] }]),
    good: layout([{ type: "spacer", id: "k", position: [0, 0] }]),
  },
  {
    name: "unknown key on a control",
    code: "unknown_field",
    severity: "warning",
    path: "$.tabs[0].children[0].colour",
    bad: layout([button("a", [0, 0], { colour: "red" })]),
    // Config-group and theme-field names are accepted at the top level, as in the kit.
    good: layout([
      button("a", [0, 0], { cornerRadius: 4 }),
      { type: "chart", id: "c", position: [1, 0], scrub: true },
    ]),
  },
  {
    name: "unknown key on a group",
    code: "unknown_field",
    severity: "warning",
    path: "$.tabs[0].children[0].title",
    bad: layout([
      { type: "group", id: "g", position: [0, 0], title: "x", grid: { columns: 1, rows: 1 }, children: [] },
    ]),
    good: layout([
      { type: "group", id: "g", position: [0, 0], label: "x", grid: { columns: 1, rows: 1 }, children: [] },
    ]),
  },
  {
    name: "enum value not in the list",
    code: "bad_enum",
    severity: "warning",
    path: "$.tabs[0].children[0].style",
    bad: layout([button("a", [0, 0], { style: "huge" })]),
    good: layout([button("a", [0, 0], { style: "ghost" })]),
  },
  {
    name: "parameterized enum compares the part before ':'",
    code: "bad_enum",
    severity: "warning",
    path: "$.tabs[0].children[0].formatValue",
    bad: layout([{ type: "slider", id: "s", position: [0, 0], formatValue: "bytes:2" }]),
    good: layout([{ type: "slider", id: "s", position: [0, 0], formatValue: "decimal:2" }]),
  },
  {
    name: "position missing in a 2-D grid",
    code: "bad_position",
    severity: "error",
    path: "$.tabs[0].children[0].position",
    bad: layout([{ type: "spacer", id: "s" }]),
    good: layout([{ type: "spacer", id: "s" }], {}, { columns: 4, rows: 4, mode: "flow" }),
  },
  {
    name: "position not a [row, col] pair",
    code: "bad_position",
    severity: "error",
    path: "$.tabs[0].children[0].position",
    bad: layout([
      { type: "spacer", id: "s", position: { row: 0, col: 0 } },
      { type: "spacer", id: "t", position: [1] },
    ]),
    good: layout([{ type: "spacer", id: "s", position: [0, 0] }]),
  },
  {
    name: "position out of bounds",
    code: "out_of_bounds",
    severity: "error",
    path: "$.tabs[0].children[0].position",
    bad: layout([{ type: "spacer", id: "s", position: [3, 0], span: [2, 1] }]),
    good: layout([{ type: "spacer", id: "s", position: [2, 0], span: [2, 1] }]),
  },
  {
    name: "negative column, or a column span past the last column",
    code: "out_of_bounds",
    severity: "error",
    path: "$.tabs[0].children[1].position",
    bad: layout([
      { type: "spacer", id: "s", position: [0, -1] },
      { type: "spacer", id: "t", position: [1, 3], span: [1, 2] },
    ]),
    good: layout([
      { type: "spacer", id: "s", position: [0, 0] },
      { type: "spacer", id: "t", position: [1, 2], span: [1, 2] },
    ]),
  },
  {
    name: "missing grid means 4 columns x 8 rows",
    code: "out_of_bounds",
    severity: "error",
    path: "$.tabs[0].children[0].position",
    bad: layout([{ type: "spacer", id: "s", position: [8, 0] }], {}, null),
    good: layout([{ type: "spacer", id: "s", position: [7, 3] }], {}, null),
  },
  {
    name: "two ids share a cell",
    code: "overlap",
    severity: "error",
    path: "$.tabs[0].children[1].position",
    bad: layout([button("a", [0, 0], { span: [2, 2] }), button("b", [1, 1])]),
    good: layout([button("a", [0, 0], { span: [2, 2] }), button("b", [2, 2])]),
  },
  {
    name: "sync given as a single object",
    code: "bad_sync",
    severity: "warning",
    path: "$.tabs[0].children[0].sync",
    bad: layout([label({ sync: bound[0] })]),
    good: layout([label()]),
  },
  {
    name: "sync neither a list nor an object",
    code: "bad_sync",
    severity: "warning",
    path: "$.tabs[0].children[0].sync",
    bad: layout([label({ sync: "broadcast" })]),
    good: layout([label()]),
  },
  {
    name: "sync entry not an object",
    code: "bad_sync",
    severity: "warning",
    path: "$.tabs[0].children[0].sync[1]",
    bad: layout([label({ sync: [bound[0], "v"] })]),
    good: layout([label({ sync: [bound[0], bound[0]] })]),
  },
  {
    name: "meshsocket sync without valuePath",
    code: "bad_sync",
    severity: "warning",
    path: "$.tabs[0].children[0].sync[0]",
    bad: layout([label({ sync: [{ event: "broadcast", filter: { msg_type: "m" } }] })]),
    good: layout([label()]),
  },
  {
    name: "mqtt sync without topic",
    code: "bad_sync",
    severity: "error",
    path: "$.tabs[0].children[0].sync[0]",
    bad: layout([label({ sync: [{ method: "mqtt", source: "b" }] })], {
      sources: { b: { type: "mqtt", url: "mqtt://h" } },
    }),
    good: layout([label({ sync: [{ method: "mqtt", source: "b", topic: "t" }] })], {
      sources: { b: { type: "mqtt", url: "mqtt://h" } },
    }),
  },
  {
    name: "http sync without path or url",
    code: "bad_sync",
    severity: "error",
    path: "$.tabs[0].children[0].sync[0]",
    bad: layout([label({ sync: [{ method: "http" }] })]),
    good: layout([label({ sync: [{ method: "http", url: "https://x/y" }] })]),
  },
  {
    name: "sensor sync without sensor",
    code: "bad_sync",
    severity: "warning",
    path: "$.tabs[0].children[0].sync[0]",
    bad: layout([label({ sync: [{ method: "sensor" }] })]),
    good: layout([label({ sync: [{ method: "sensor", sensor: "heading" }] })]),
  },
  {
    name: "sync on a frame type the relay consumes",
    code: "unreachable_sync",
    severity: "warning",
    path: "$.tabs[0].children[0].sync[0].event",
    bad: layout([label({ sync: [{ event: "broadcast_request", valuePath: "v" }] })]),
    good: layout([label({ sync: [{ event: "server_client_list", valuePath: "clients" }] })]),
  },
  {
    name: "action not an object",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].action",
    bad: layout([button("a", [0, 0], { action: "go" })]),
    good: layout([button("a", [0, 0])]),
  },
  {
    name: "longPressAction not an object",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].longPressAction",
    bad: layout([button("a", [0, 0], { longPressAction: "reset" })]),
    good: layout([button("a", [0, 0], { longPressAction: send })]),
  },
  {
    name: "meshsocket action without event",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].action.event",
    bad: layout([button("a", [0, 0], { action: { payload: { msg_type: "x" } } })]),
    good: layout([button("a", [0, 0])]),
  },
  {
    name: "action event the relay drops",
    code: "dead_action",
    severity: "error",
    path: "$.tabs[0].children[0].action.event",
    bad: layout([button("a", [0, 0], { action: { event: "set_power", payload: {} } })]),
    good: layout([button("a", [0, 0])]),
  },
  {
    name: "dead action nested in a config object",
    code: "dead_action",
    severity: "error",
    path: "$.tabs[0].children[0].chartConfig.datumAction.event",
    bad: layout([
      { type: "chart", id: "c", position: [0, 0], chartConfig: { datumAction: { event: "pick" } } },
    ]),
    good: layout([{ type: "chart", id: "c", position: [0, 0], chartConfig: { datumAction: send } }]),
  },
  {
    name: "dead action in graphConfig.nodeAction",
    code: "dead_action",
    severity: "error",
    path: "$.tabs[0].children[0].graphConfig.nodeAction.event",
    bad: layout([
      { type: "graph", id: "g", position: [0, 0], graphConfig: { nodeAction: { event: "node" } } },
    ]),
    good: layout([{ type: "graph", id: "g", position: [0, 0], graphConfig: { nodeAction: send } }]),
  },
  {
    name: "dead action in camera snapshotAction",
    code: "dead_action",
    severity: "error",
    path: "$.tabs[0].children[0].snapshotAction.event",
    bad: layout([{ type: "camera", id: "c", position: [0, 0], snapshotAction: { event: "snapshot" } }]),
    good: layout([{ type: "camera", id: "c", position: [0, 0], snapshotAction: send }]),
  },
  {
    name: "top-level datumAction without event (as the reference builder writes it)",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].datumAction.event",
    bad: layout([
      { type: "chart", id: "c", position: [0, 0], datumAction: { payload: { msg_type: "pick" } } },
    ]),
    good: layout([{ type: "chart", id: "c", position: [0, 0], datumAction: send }]),
  },
  {
    name: "top-level nodeAction the relay drops",
    code: "dead_action",
    severity: "error",
    path: "$.tabs[0].children[0].nodeAction.event",
    bad: layout([{ type: "graph", id: "g", position: [0, 0], nodeAction: { event: "node" } }]),
    good: layout([{ type: "graph", id: "g", position: [0, 0], nodeAction: send }]),
  },
  {
    name: "top-level snapshotAction not an object",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].snapshotAction",
    bad: layout([{ type: "camera", id: "c", position: [0, 0], snapshotAction: "snap" }]),
    good: layout([{ type: "camera", id: "c", position: [0, 0], snapshotAction: send }]),
  },
  {
    name: "a config action written at the top level (pieChart sliceAction)",
    code: "dead_action",
    severity: "error",
    path: "$.tabs[0].children[0].sliceAction.event",
    bad: layout([{ type: "pieChart", id: "p", position: [0, 0], sliceAction: { event: "slice" } }]),
    good: layout([{ type: "pieChart", id: "p", position: [0, 0], sliceAction: send }]),
  },
  {
    name: "a secondary carrier on a type that does not document it is still checked",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].nodeAction.event",
    bad: layout([button("a", [0, 0], { nodeAction: { payload: {} } })]),
    good: layout([button("a", [0, 0])]),
  },
  {
    name: "dead action in drag events",
    code: "dead_action",
    severity: "error",
    path: "$.tabs[0].children[0].sortboardConfig.events.place.event",
    bad: layout([
      {
        type: "sortboard",
        id: "s",
        position: [0, 0],
        sortboardConfig: { events: { place: { event: "placed" } } },
      },
    ]),
    good: layout([
      { type: "sortboard", id: "s", position: [0, 0], sortboardConfig: { events: { place: send } } },
    ]),
  },
  {
    name: "dead action on a compass puck",
    code: "dead_action",
    severity: "error",
    path: "$.tabs[0].children[0].compassConfig.pucks[0].action.event",
    bad: layout([
      {
        type: "compass",
        id: "c",
        position: [0, 0],
        compassConfig: { pucks: [{ id: "n", bearing: 0, action: { event: "aim" } }] },
      },
    ]),
    good: layout([
      {
        type: "compass",
        id: "c",
        position: [0, 0],
        compassConfig: { pucks: [{ id: "n", bearing: 0, action: send }] },
      },
    ]),
  },
  {
    name: "broadcast_request with mode request",
    code: "bad_action",
    severity: "warning",
    path: "$.tabs[0].children[0].action.mode",
    bad: layout([button("a", [0, 0], { action: { ...send, mode: "request" } })]),
    good: layout([button("a", [0, 0], { action: { ...send, mode: "broadcast" } })]),
  },
  {
    name: "broadcast_request payload without msg_type",
    code: "bad_action",
    severity: "warning",
    path: "$.tabs[0].children[0].action.payload",
    bad: layout([button("a", [0, 0], { action: { event: "broadcast_request", payload: { value: 1 } } })]),
    good: layout([button("a", [0, 0])]),
  },
  {
    name: "route_msg payload without target_id",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].action.payload",
    bad: layout([
      button("a", [0, 0], { action: { event: "route_msg", mode: "request", payload: { type: "get" } } }),
    ]),
    good: layout([
      button("a", [0, 0], {
        action: { event: "route_msg", mode: "request", payload: { target_id: "p", type: "get" } },
      }),
    ]),
  },
  {
    name: "route_msg_noreply payload without target_name",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].action.payload",
    bad: layout([button("a", [0, 0], { action: { event: "route_msg_noreply", payload: { type: "x" } } })]),
    good: layout([
      button("a", [0, 0], {
        action: { event: "route_msg_noreply", payload: { target_name: "hub", type: "x" } },
      }),
    ]),
  },
  {
    name: "mqtt action without topic",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].action",
    bad: layout([button("a", [0, 0], { action: { method: "mqtt", payload: "ON" } })], {
      sources: { b: { type: "mqtt", url: "mqtt://h" } },
    }),
    good: layout([button("a", [0, 0], { action: { method: "mqtt", topic: "t", payload: "ON" } })], {
      sources: { b: { type: "mqtt", url: "mqtt://h" } },
    }),
  },
  {
    name: "http action without path or url",
    code: "bad_action",
    severity: "error",
    path: "$.tabs[0].children[0].action",
    bad: layout([button("a", [0, 0], { action: { method: "http", httpMethod: "POST" } })]),
    good: layout([
      button("a", [0, 0], { action: { method: "http", url: "https://x/y", httpMethod: "POST" } }),
    ]),
  },
  {
    name: "binding source not declared",
    code: "unknown_source",
    severity: "error",
    path: "$.tabs[0].children[0].sync[0].source",
    bad: layout([label({ sync: [{ method: "mqtt", source: "nope", topic: "t" }] })], {
      sources: { b: { type: "mqtt", url: "mqtt://h" } },
    }),
    good: layout([label({ sync: [{ method: "mqtt", source: "b", topic: "t" }] })], {
      sources: { b: { type: "mqtt", url: "mqtt://h" } },
    }),
  },
  {
    name: "binding source of the other kind",
    code: "bad_source",
    severity: "error",
    path: "$.tabs[0].children[0].sync[0].source",
    bad: layout([label({ sync: [{ method: "mqtt", source: "api", topic: "t" }] })], {
      sources: { api: { type: "http", baseURL: "https://x" } },
    }),
    good: layout([label({ sync: [{ method: "http", source: "api", path: "/t" }] })], {
      sources: { api: { type: "http", baseURL: "https://x" } },
    }),
  },
  {
    name: "mqtt binding without source while several mqtt sources exist",
    code: "bad_source",
    severity: "warning",
    path: "$.tabs[0].children[0].sync[0]",
    bad: layout(
      [
        label({ sync: [{ method: "mqtt", topic: "t" }] }),
        label({
          id: "l2",
          position: [1, 0],
          sync: [
            { method: "mqtt", topic: "t", source: "a" },
            { method: "mqtt", topic: "t", source: "b" },
          ],
        }),
      ],
      {
        sources: { a: { type: "mqtt", url: "mqtt://a" }, b: { type: "mqtt", url: "mqtt://b" } },
      },
    ),
    good: layout([label({ sync: [{ method: "mqtt", topic: "t" }] })], {
      sources: { a: { type: "mqtt", url: "mqtt://a" } },
    }),
  },
  {
    name: "mqtt source without url",
    code: "bad_sources",
    severity: "error",
    path: "$.sources.b.url",
    bad: layout([label({ sync: [{ method: "mqtt", topic: "t" }] })], { sources: { b: { type: "mqtt" } } }),
    good: layout([label({ sync: [{ method: "mqtt", topic: "t" }] })], {
      sources: { b: { type: "mqtt", url: "mqtt://h" } },
    }),
  },
  {
    name: "sources not an object",
    code: "bad_sources",
    severity: "error",
    path: "$.sources",
    bad: layout([], { sources: [] }),
    good: layout([]),
  },
  {
    name: "source entry not an object",
    code: "bad_sources",
    severity: "error",
    path: "$.sources.b",
    bad: layout([], { sources: { b: "mqtt://h" } }),
    good: layout([label({ sync: [{ method: "mqtt", topic: "t" }] })], {
      sources: { b: { type: "mqtt", url: "mqtt://h" } },
    }),
  },
  {
    name: "source type not mqtt/http",
    code: "bad_sources",
    severity: "error",
    path: "$.sources.s.type",
    bad: layout([label({ sync: [{ method: "http", source: "s", path: "/x" }] })], {
      sources: { s: { type: "ftp" } },
    }),
    good: layout([label({ sync: [{ method: "http", source: "s", path: "/x" }] })], {
      sources: { s: { type: "http" } },
    }),
  },
  {
    name: "declared source never used",
    code: "unused_source",
    severity: "warning",
    path: "$.sources.b",
    bad: layout([], { sources: { b: { type: "mqtt", url: "mqtt://h" } } }),
    good: layout([label({ sync: [{ method: "mqtt", topic: "t" }] })], {
      sources: { b: { type: "mqtt", url: "mqtt://h" } },
    }),
  },
  {
    name: "top-level block of the wrong container type",
    code: "bad_top_level",
    severity: "warning",
    path: "$.alerts",
    bad: layout([], { alerts: {} }),
    good: layout([], { alerts: [] }),
  },
  {
    name: "alert missing a field",
    code: "bad_alert",
    severity: "error",
    path: "$.alerts[0].body",
    bad: layout([], {
      alerts: [{ event: "broadcast", valuePath: "t", operator: "gt", value: 30, title: "Hot" }],
    }),
    good: layout([], {
      alerts: [
        { event: "broadcast", valuePath: "t", operator: "gt", value: 30, title: "Hot", body: "It is hot" },
      ],
    }),
  },
  {
    name: "alert not an object",
    code: "bad_alert",
    severity: "error",
    path: "$.alerts[0]",
    bad: layout([], { alerts: ["too hot"] }),
    good: layout([], { alerts: [] }),
  },
  {
    name: "alert with a bad operator",
    code: "bad_alert",
    severity: "error",
    path: "$.alerts[0].operator",
    bad: layout([], {
      alerts: [{ event: "broadcast", valuePath: "t", operator: ">", value: 30, title: "Hot", body: "b" }],
    }),
    good: layout([], {
      alerts: [{ event: "broadcast", valuePath: "t", operator: "gte", value: 30, title: "Hot", body: "b" }],
    }),
  },
  {
    name: "publisher without sensor",
    code: "bad_publisher",
    severity: "error",
    path: "$.publishers[0].sensor",
    bad: layout([], { publishers: [{ interval: 5 }] }),
    good: layout([], { publishers: [{ sensor: "motion", interval: 5 }] }),
  },
  {
    name: "publisher not an object",
    code: "bad_publisher",
    severity: "error",
    path: "$.publishers[0]",
    bad: layout([], { publishers: ["heading"] }),
    good: layout([], { publishers: [{ sensor: "heading" }] }),
  },
  {
    name: "publisher sensor not a pipeline",
    code: "bad_publisher",
    severity: "warning",
    path: "$.publishers[0].sensor",
    bad: layout([], { publishers: [{ sensor: "lidar" }] }),
    good: layout([], { publishers: [{ sensor: "location.speed" }] }),
  },
  {
    name: "glance hero is not a control id",
    code: "bad_glance",
    severity: "warning",
    path: "$.glance.hero",
    bad: layout([button("a", [0, 0])], { glance: { hero: "nope", slots: ["a"] } }),
    good: layout([button("a", [0, 0])], { glance: { hero: "a", slots: ["a"] } }),
  },
  {
    name: "glance slot is not a control id",
    code: "bad_glance",
    severity: "warning",
    path: "$.glance.slots[1]",
    bad: layout([button("a", [0, 0])], { glance: { slots: ["a", "nope"] } }),
    good: layout([button("a", [0, 0])], { glance: { slots: ["a"] } }),
  },
  {
    name: "poll group fires a frame the relay drops",
    code: "dead_action",
    severity: "error",
    path: "$.pollGroups.slow.event",
    bad: layout([], { pollGroups: { slow: { event: "poll", interval: 10 } } }),
    good: layout([], {
      pollGroups: { slow: { event: "broadcast_request", interval: 10, payload: { msg_type: "poll" } } },
    }),
  },
];

describe("validateLayout rules", () => {
  it.each(CASES)("$code ($severity): $name", ({ code, severity, path, bad, good }) => {
    const flagged = validateLayout(bad).findings;
    expect(flagged).toContainEqual(expect.objectContaining({ code, severity, path }));
    const clean = validateLayout(good).findings;
    expect(clean.filter((f) => f.code === code)).toEqual([]);
  });

  it.each([
    ["alerts", {}, []],
    ["publishers", {}, []],
    ["dynamicTabs", {}, []],
    ["glance", [], {}],
    ["state", [], {}],
    ["appearance", "dark", {}],
    ["theme", [], {}],
    ["pollGroups", [], {}],
    ["connection", "ws://h:8765", {}],
  ])("bad_top_level (warning): %s of the wrong container type", (key, bad, good) => {
    expect(validateLayout(layout([], { [key]: bad })).findings).toEqual([
      expect.objectContaining({ code: "bad_top_level", severity: "warning", path: `$.${key}` }),
    ]);
    expect(validateLayout(layout([], { [key]: good })).findings).toEqual([]);
  });

  it("ok means no errors; warnings are kept apart", () => {
    const result = validateLayout(layout([button("a", [0, 0], { colour: "red" })]));
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual(["unknown_field"]);
    expect(result.findings).toEqual(result.warnings);
  });

  it("flow grids skip all placement checks", () => {
    const flow = layout(
      [button("a", [9, 9]), button("b", [9, 9]), { type: "spacer", id: "s" }],
      {},
      { columns: 1, rows: 1, mode: "flow" },
    );
    expect(validateLayout(flow).findings).toEqual([]);
  });

  it("an overlap is reported once per pair", () => {
    const result = validateLayout(
      layout([button("a", [0, 0], { span: [2, 2] }), button("b", [0, 0], { span: [2, 2] })]),
    );
    expect(result.errors.filter((f) => f.code === "overlap")).toHaveLength(1);
  });

  it("messages name the field and the reason", () => {
    const result = validateLayout(layout([button("a", [0, 0], { action: { event: "set_power" } })]));
    expect(result.errors[0].message).toMatch(/"set_power" is not a relay verb/);
    expect(formatFindings(result.findings)).toBe(
      `error   $.tabs[0].children[0].action.event  dead_action: ${result.errors[0].message}\n1 error, 0 warnings`,
    );
  });

  it("an untyped object with children is read as a group, with a warning", () => {
    const result = validateLayout(
      layout([{ id: "g", position: [0, 0], grid: { columns: 1, rows: 1 }, children: [button("a", [0, 0])] }]),
    );
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "missing_field",
        severity: "warning",
        path: "$.tabs[0].children[0].type",
      }),
    ]);
  });

  it("can skip unknown-field warnings", () => {
    expect(
      validateLayout(layout([button("a", [0, 0], { colour: "red" })]), { unknownFields: false }).findings,
    ).toEqual([]);
  });
});
