import { describe, expect, it } from "vitest";
import { getControlDoc, listControls } from "../catalog/catalog.js";
import { parseConnection } from "../connection/parse.js";
import type { Child, ControlType } from "../schema/types.js";
import { validateLayout } from "../validate/validate.js";
import { group, panel } from "./containers.js";
import { button, carousel, control, gauge, label, picker, slider, toggle } from "./controls.js";
import { layout } from "./layout-builder.js";
import { LayoutBuildError } from "./wiring.js";

const KEY = Buffer.alloc(32, 1).toString("base64");

describe("listen/send sugar", () => {
  it("listen compiles to a meshsocket broadcast binding", () => {
    expect(gauge("cpu", { min: 0, max: 100, listen: { msgType: "metrics", path: "cpu" } })).toEqual({
      type: "gauge",
      id: "cpu",
      min: 0,
      max: 100,
      sync: [
        {
          method: "meshsocket",
          type: "listen",
          event: "broadcast",
          filter: { msg_type: "metrics" },
          valuePath: "cpu",
        },
      ],
    });
  });

  it("send with a payload compiles to a broadcast_request action", () => {
    expect(button("reboot", { send: { msgType: "command", payload: { command: "reboot" } } }).action).toEqual(
      {
        method: "meshsocket",
        mode: "broadcast",
        event: "broadcast_request",
        payload: { msg_type: "command", command: "reboot" },
      },
    );
  });

  it("send as a name is a named command carrying {{value}}", () => {
    const expected = {
      method: "meshsocket",
      mode: "broadcast",
      event: "broadcast_request",
      payload: { msg_type: "set_fan", value: "{{value}}" },
    };
    expect(slider("fan", { send: "set_fan" }).action).toEqual(expected);
    expect(toggle("fan-on", { send: "set_fan" }).action).toEqual(expected);
  });

  it("several listens and an explicit sync combine; filters add keys", () => {
    const built = label("door", {
      sync: [{ method: "sensor", sensor: "heading" }],
      listen: [{ msgType: "door", path: "state", filter: { bay: 2 } }, { msgType: "door_all" }],
    });
    expect(built.sync).toEqual([
      { method: "sensor", sensor: "heading" },
      {
        method: "meshsocket",
        type: "listen",
        event: "broadcast",
        filter: { msg_type: "door", bay: 2 },
        valuePath: "state",
      },
      { method: "meshsocket", type: "listen", event: "broadcast", filter: { msg_type: "door_all" } },
    ]);
  });

  it("refuses contradictory or empty sugar", () => {
    const action = { method: "meshsocket", event: "broadcast_request", payload: { msg_type: "x" } };
    expect(() => button("b", { send: "x", action })).toThrow(
      "button 'b': give either send or action, not both",
    );
    expect(() => button("b", { send: "" })).toThrow(
      "button 'b'.send: msgType must be a non-empty string, got \"\"",
    );
    expect(() => button("b", { send: { msgType: "cmd", payload: { msg_type: "other" } } })).toThrow(
      /put msg_type in msgType/,
    );
    expect(() => label("l", { listen: { msgType: "m", filter: { msg_type: "n" } } })).toThrow(
      /put msg_type in msgType/,
    );
  });
});

describe("control checks at build time", () => {
  it("unknown types throw with a suggestion", () => {
    expect(() => control("guage" as ControlType, "x")).toThrow(LayoutBuildError);
    expect(() => control("guage" as ControlType, "x")).toThrow(
      "unknown control type 'guage'; did you mean 'gauge'?",
    );
  });

  it("enum values outside the documented list throw; parameterized forms compare before ':'", () => {
    expect(() => slider("s", { style: "fancy" })).toThrow(
      `slider 's': style "fancy" is not one of default, scrubber, radial`,
    );
    expect(() => slider("s", { formatValue: "bytes" })).toThrow(
      /formatValue "bytes" is not one of decimal, time, percent, none/,
    );
    expect(() => gauge("g", { min: 0, max: 1, formatValue: "decimal:2" })).not.toThrow();
    expect(() => gauge("g", { min: 0, max: 1, formatValue: "percentage" })).toThrow(
      /formatValue "percentage"/,
    );
    expect(() => button("b", { haptic: "buzz" })).toThrow(/haptic "buzz" is not one of light, medium/);
    expect(() => toggle("t", { haptic: "rigid" })).not.toThrow();
  });

  it("required fields must be given", () => {
    expect(() => gauge("g", { max: 100 })).toThrow("gauge 'g': gauge needs 'min' (number)");
    expect(() => picker("p")).toThrow("picker 'p': picker needs 'options' (string[])");
  });
});

describe("LayoutBuilder", () => {
  it("builds tabs with auto-placed controls and nested groups", () => {
    const built = layout("Bench")
      .tab("Main", { columns: 4, rows: 4, icon: "gauge" }, (t) =>
        t.add(
          gauge("cpu", { min: 0, max: 100, span: [2, 2], listen: { msgType: "metrics", path: "cpu" } }),
          group("net", { label: "Network", columns: 2, rows: 2, span: [2, 2] }, (g) =>
            g.add(
              label("rx", { listen: { msgType: "net", path: "rx" } }),
              label("tx", { span: [1, 1], listen: { msgType: "net", path: "tx" } }),
            ),
          ),
          button("reboot", {
            position: [3, 3],
            send: { msgType: "command", payload: { command: "reboot" } },
          }),
          slider("fan", { span: [1, 2], send: "set_fan" }),
        ),
      )
      .build();
    const children = built.tabs[0].children as (Child & { position: number[] })[];
    expect(built.tabs[0]).toMatchObject({ title: "Main", icon: "gauge", grid: { columns: 4, rows: 4 } });
    expect(children.map((c) => [c.id, c.position])).toEqual([
      ["cpu", [0, 0]],
      ["net", [0, 2]],
      ["reboot", [3, 3]],
      ["fan", [2, 0]],
    ]);
    const net = children[1] as Child & { children: { id: string; position: number[] }[] };
    expect(net).toMatchObject({ type: "group", label: "Network", grid: { columns: 2, rows: 2 } });
    expect(net.children.map((c) => c.position)).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(Object.keys(children[0]).slice(0, 4)).toEqual(["type", "id", "position", "span"]);
    expect(validateLayout(built)).toMatchObject({ ok: true, warnings: [] });
  });

  it("default tab: 4x8 grid and the kit's icon; tab titles are unique", () => {
    const builder = layout("L").tab("A", (t) => t.add(label("a")));
    expect(builder.build().tabs[0]).toMatchObject({ icon: "square.grid.2x2", grid: { columns: 4, rows: 8 } });
    expect(() => builder.tab("A")).toThrow("tab 'A' already exists");
  });

  it("no room in a tab is an error naming the control", () => {
    expect(() =>
      layout("L").tab("Small", { columns: 2, rows: 1 }, (t) => t.add(label("a"), label("b"), label("c"))),
    ).toThrow("tab 'Small': no room for 'c' (span [1, 1]) in the 2x1 grid");
  });

  it("writes connection, state, pollGroups, dynamicTabs, theme and appearance", () => {
    const conn = parseConnection("ws://192.168.1.50:8765", {
      channel: "garage",
      e2eeKey: KEY,
      hub: "porch-hub",
    });
    const built = layout("Garage", { accentColor: "#FF9F0A", headerTitle: "Garage" })
      .connection(conn, { name: "Shed Tablet", role: "viewer" })
      .state({ authority: "porch-hub", acks: true })
      .pollGroup("tick", { interval: 15, msgType: "garage.poll" })
      .pollGroup("raw", { interval: 30, event: "get_nodes" })
      .dynamicTab("extra_tab")
      .theme({ fontDesign: "rounded", cornerRadius: 16 })
      .appearance({ colorScheme: "dark" })
      .tab("Main", (t) =>
        t.add(toggle("door", { send: "garage.door", listen: { msgType: "garage", path: "door" } })),
      )
      .build();
    expect(built.connection).toEqual({
      url: "ws://192.168.1.50:8765",
      mode: "room",
      e2eeKey: KEY,
      hub: "porch-hub",
      identity: {
        name: "Shed Tablet",
        channel: "garage",
        role: "viewer",
        canBroadcast: false,
        canRoute: false,
      },
    });
    expect(built.state).toEqual({ sync: true, authority: "porch-hub", acks: true });
    expect(built.pollGroups).toEqual({
      tick: { event: "broadcast_request", interval: 15, payload: { msg_type: "garage.poll" } },
      raw: { event: "get_nodes", interval: 30 },
    });
    expect(built.dynamicTabs).toEqual([{ event: "extra_tab" }]);
    expect(built.theme).toEqual({ fontDesign: "rounded", cornerRadius: 16 });
    expect(built.appearance).toEqual({ colorScheme: "dark" });
    expect(JSON.parse(JSON.stringify(layout("Garage").tab("T", (t) => t.add(label("x")))))).toMatchObject({
      name: "Garage",
      version: 1,
    });
    expect(validateLayout(built).errors).toEqual([]);
  });

  it("refuses bad appearance/theme enums, bad poll intervals, duplicate ids and layouts the validator rejects", () => {
    expect(() => layout("L").appearance({ colorScheme: "sepia" })).toThrow(
      'appearance.colorScheme "sepia" is not one of dark, light, system',
    );
    expect(() => layout("L").theme({ fontDesign: "comic" })).toThrow(
      'theme.fontDesign "comic" is not one of default, rounded, serif, monospaced',
    );
    expect(() => layout("L").pollGroup("p", { interval: 0, msgType: "x" })).toThrow(
      "interval must be a positive number",
    );
    expect(() =>
      layout("L")
        .tab("A", (t) => t.add(label("same")))
        .tab("B", (t) => t.add(group("g", { columns: 1, rows: 1 }, (g) => g.add(label("same")))))
        .build(),
    ).toThrow(
      "duplicate id 'same' at $.tabs[1].children[0].children[0] (first used at $.tabs[0].children[0])",
    );
    expect(() =>
      layout("L")
        .tab("A", (t) =>
          t.add(button("b", { action: { method: "meshsocket", event: "set_power", payload: { on: true } } })),
        )
        .build(),
    ).toThrow(/^layout 'L' does not validate:\n {2}\$\.tabs\[0\]\.children\[0\]\.action\.event: /);
    expect(() => layout("L").build()).toThrow("layout 'L' has no tabs");
  });

  it("container panels and canvas item controls are built with the same factories", () => {
    const built = layout("Panels")
      .tab("Main", (t) =>
        t.add(
          carousel("rooms", {
            span: [3, 2],
            panels: [
              panel("kitchen", { label: "Kitchen", columns: 1, rows: 2 }, (p) =>
                p.add(toggle("kitchen-light", { send: "kitchen.light" })),
              ),
              panel("den", { label: "Den", columns: 1, rows: 2 }, (p) =>
                p.add(slider("den-dimmer", { send: "den.dimmer" })),
              ),
            ],
          }),
          control("canvas", "plan", {
            span: [4, 4],
            canvasConfig: {
              items: [{ id: "lamp", x: 0.1, y: 0.1, control: toggle("lamp-switch", { send: "lamp" }) }],
            },
          }),
        ),
      )
      .build();
    const rooms = built.tabs[0].children?.[0] as {
      panels: { position: number[]; children: { id: string; position: number[] }[] }[];
    };
    expect(rooms.panels.map((p) => p.position)).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(rooms.panels[1].children[0]).toMatchObject({ id: "den-dimmer", position: [0, 0] });
    expect(validateLayout(built).errors).toEqual([]);
  });
});

describe("every control type", () => {
  it("a builder-made layout with all 43 types validates with no errors or warnings", () => {
    const types = listControls().map((c) => c.type as ControlType);
    const builder = layout("Everything");
    for (const category of ["input", "display", "container", "layout"]) {
      builder.tab(category, { columns: 4, rows: 60 }, (t) => {
        for (const type of types.filter((name) => getControlDoc(name).category === category)) {
          const {
            type: _type,
            id,
            position: _position,
            ...options
          } = getControlDoc(type).example as Record<string, unknown>;
          t.add(control(type, id as string, structuredClone(options)));
        }
      });
    }
    const built = builder.build();
    const ids = built.tabs.flatMap((tab) => tab.children?.map((c) => (c as { type?: string }).type) ?? []);
    expect(new Set(ids)).toEqual(new Set(types));
    const result = validateLayout(built);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});
