/** A page the demo hub serves to graph node taps (`get_doc {path}` → `{title, content}`). */
export interface DemoDoc {
  title: string;
  /** Markdown. */
  content: string;
}

/** The graph's nodes, one per actor or idea, with the page each one opens. */
export const DEMO_DOCS: Readonly<Record<string, DemoDoc>> = {
  device: {
    title: "The device",
    content: [
      "The **device** is what you are looking at: a phone, tablet or browser that renders a JSON",
      "*layout* as a live control surface.",
      "",
      "It holds no business logic. It draws controls, picks values out of the frames that match",
      "each control's `sync` binding, and turns taps into the `action` the layout describes.",
      "",
      "- joins a relay channel with a role (`controller` here: it may send and route, and reaches the hub by the name its layout gives)",
      "- asks for a snapshot on every (re)connect: `control_sync_request`",
      "- keeps a command *pending* until the hub acks it, and reverts on `ok:false`",
    ].join("\n"),
  },
  relay: {
    title: "The relay",
    content: [
      "The **relay** (MeshSocket) is a small WebSocket router. It knows channels and members, not",
      "layouts or controls.",
      "",
      "Two primitives carry everything:",
      "",
      "1. **Broadcast**: `broadcast_request` in, `broadcast` out to the rest of the channel.",
      "2. **Routed request**: `route_msg` to one member by id or name; the reply comes back to the sender.",
      "",
      "This demo runs one in-process, bound with a per-run token so only devices that were given the",
      "layout can join.",
    ].join("\n"),
  },
  hub: {
    title: "The hub (your server)",
    content: [
      "The **hub** is the program you write. This one reads the machine's CPU, memory, load and",
      "uptime every second and pushes them as `system` broadcasts.",
      "",
      "It also:",
      "",
      "- echoes the authoritative state of every control it handles",
      "- acks commands (`command_ack`), refusing `turbo` to show a revert",
      "- answers this very page as a routed `get_doc` request",
      "- fills the *Cores* group at runtime and writes the log console",
    ].join("\n"),
  },
  layout: {
    title: "The layout",
    content: [
      "A **layout** is a JSON document: tabs of grid-placed controls, each with optional `sync`",
      "bindings (what it shows) and an `action` (what it sends).",
      "",
      "```json",
      '{ "type": "gauge", "id": "cpu", "min": 0, "max": 100,',
      '  "sync": [{ "filter": { "msg_type": "system" }, "valuePath": "cpu" }] }',
      "```",
      "",
      "This one was composed with the kit's builder and passes `validateLayout`.",
    ].join("\n"),
  },
  channel: {
    title: "Channels and roles",
    content: [
      "A **channel** is a namespace on the relay: members of `demo` see each other's broadcasts and",
      "can route to each other.",
      "",
      "A **role** sets capability defaults: a `viewer` only listens, a `controller` may broadcast",
      "and route, a `hub` serves the layout.",
    ].join("\n"),
  },
};

/** The graph document shown on the Docs tab: the actors and how frames flow between them. */
export function docsGraph(contentEvent: string): Record<string, unknown> {
  const node = (id: string, label: string, group: string, size = 1) => ({
    id,
    label,
    group,
    size,
    onTap: { type: "content", event: contentEvent, payload: { path: id } },
  });
  return {
    nodes: [
      node("device", "Device", "edge", 1.3),
      node("relay", "Relay", "core", 1.6),
      node("hub", "Hub", "core", 1.3),
      node("layout", "Layout", "doc"),
      node("channel", "Channel", "doc"),
    ],
    edges: [
      { from: "device", to: "relay", label: "broadcast_request" },
      { from: "hub", to: "relay", label: "broadcast_request" },
      { from: "device", to: "layout" },
      { from: "relay", to: "channel" },
    ],
  };
}
