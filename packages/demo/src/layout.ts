import {
  button,
  compass,
  gauge,
  graph,
  group,
  label,
  layout,
  logConsole,
  progressRing,
  segmentedControl,
  slider,
  sparkline,
  stepper,
  toggle,
  type Child,
  type Layout,
  type LayoutConnectionBlock,
} from "@carter/kit";
import { docsGraph } from "./docs.js";

/**
 * The demo's wire vocabulary: the `msg_type`s the hub pushes and the commands the controls send.
 * Kept in one place so the layout and the hub cannot drift apart.
 */
export const DEMO = {
  channel: "demo",
  hubName: "demo-hub",
  /** The per-second system reading. */
  system: "system",
  /** The hub's authoritative echo of every interactive control. */
  state: "controls.state",
  /** Log console lines `{line: {text, level}}`. */
  log: "demo.log",
  /** The dynamic group of per-core rings. */
  cores: "demo.cores",
  /** Routed request type of graph node taps. */
  getDoc: "get_doc",
  commands: {
    power: "controls.power",
    level: "controls.level",
    mode: "controls.mode",
    count: "controls.count",
    ping: "controls.ping",
  },
  /** The mode the hub refuses, so the revert of a failed ack can be seen. */
  refusedMode: "turbo",
  /** `msg_type` of the frames a device's sensor publishers broadcast (layout.md §11.3). */
  sensor: "sensor",
  /** Seconds between the heading frames each phone publishes to the channel. */
  headingInterval: 1,
} as const;

export const MODES = ["eco", "normal", "turbo"] as const;

/** Where the served layout points devices; the connection block of the built layout. */
export interface DemoConnection {
  /** Relay URL devices dial (rewritten per request by the layout endpoint). */
  url: string;
  /** The relay's per-run token. */
  token: string;
  /** How many cores the per-core group makes room for (this machine's count). */
  cores: number;
}

const CARD = "#7C5CFF";

const listenState = (path: string) => ({ msgType: DEMO.state, path });

/** Columns of the per-core group. */
const CORE_COLUMNS = 4;
/** Tab rows per ring row: room for the group's header and a ring that fills a phone-width cell. */
const TAB_ROWS_PER_CORE_ROW = 3;

/** Rows the per-core group needs for `count` cores. */
export function coreRows(count: number): number {
  return Math.max(1, Math.ceil(count / CORE_COLUMNS));
}

/** Per-core progress rings for the hub to fill the `cores` group with. */
export function coreRings(count: number): Child[] {
  return Array.from({ length: count }, (_, index) =>
    progressRing(`core-${index}`, {
      position: [Math.floor(index / CORE_COLUMNS), index % CORE_COLUMNS],
      label: `Core ${index}`,
      min: 0,
      max: 100,
      tint: CARD,
      listen: { msgType: DEMO.system, path: `cores.${index}` },
    }),
  );
}

/** The demo layout, built with the kit's builder (which validates it). */
export function demoLayout(connection: DemoConnection): Layout {
  // No identity name: each browser then joins under its own stable `web-xxxxxx` name, so a laptop
  // and a phone on the same demo don't evict each other (a relay keeps one member per name).
  const block = {
    url: connection.url,
    token: connection.token,
    // Graph content requests are routed to the hub by this name, so devices need no roster access.
    hub: DEMO.hubName,
    identity: { channel: DEMO.channel, role: "controller", canBroadcast: true, canRoute: true },
  } as LayoutConnectionBlock;
  const ringRows = coreRows(connection.cores);
  const built = layout("CAR-TER demo", { headerTitle: "CAR-TER demo", accentColor: CARD })
    // Dark on every device: the glowing arcs and the graph read best on a dark page.
    .appearance({ colorScheme: "dark" })
    .connection(block)
    .state({ sync: true, authority: DEMO.hubName, acks: true, ackTimeoutMs: 2500 })
    .tab("System", { icon: "cpu", columns: 4, rows: 5 + TAB_ROWS_PER_CORE_ROW * ringRows }, (t) =>
      t.add(
        gauge("cpu", {
          label: "CPU",
          min: 0,
          max: 100,
          formatValue: "percent",
          span: [2, 2],
          listen: { msgType: DEMO.system, path: "cpu" },
        }),
        gauge("memory", {
          label: "Memory",
          min: 0,
          max: 100,
          formatValue: "percent",
          tint: "#34C759",
          span: [2, 2],
          listen: { msgType: DEMO.system, path: "memory.percent" },
        }),
        sparkline("cpu-history", {
          label: "CPU, last minute",
          sparklinePoints: 60,
          sparklineFill: true,
          span: [1, 4],
          listen: { msgType: DEMO.system, path: "cpu" },
        }),
        label("load", {
          label: "Load average",
          icon: "gauge",
          span: [1, 2],
          listen: { msgType: DEMO.system, path: "loadText" },
        }),
        label("uptime", {
          label: "Uptime",
          icon: "clock",
          span: [1, 2],
          listen: { msgType: DEMO.system, path: "uptimeText" },
        }),
        group("cores", {
          label: "Cores",
          dynamic: DEMO.cores,
          columns: CORE_COLUMNS,
          rows: ringRows,
          span: [TAB_ROWS_PER_CORE_ROW * ringRows, 4],
        }),
      ),
    )
    .tab("Controls", { icon: "gearshape", columns: 2, rows: 5 }, (t) =>
      t.add(
        toggle("power", {
          label: "Power",
          icon: "power",
          send: DEMO.commands.power,
          listen: listenState("power"),
        }),
        stepper("count", {
          label: "Count",
          min: 0,
          max: 20,
          step: 1,
          send: DEMO.commands.count,
          listen: listenState("count"),
        }),
        slider("level", {
          label: "Level",
          min: 0,
          max: 100,
          step: 1,
          span: [1, 2],
          send: DEMO.commands.level,
          listen: listenState("level"),
        }),
        segmentedControl("mode", {
          label: "Mode (the hub refuses turbo)",
          options: [...MODES],
          span: [1, 2],
          send: DEMO.commands.mode,
          listen: listenState("mode"),
        }),
        button("ping", {
          label: "Ping the hub",
          icon: "paperplane",
          send: { msgType: DEMO.commands.ping, payload: { value: "{{value}}" } },
        }),
        label("pings", { label: "Pings", formatValue: "prefix:Pings: ", listen: listenState("pings") }),
        label("summary", { label: "The hub's view", span: [1, 2], listen: listenState("summary") }),
      ),
    )
    .tab("Docs", { icon: "network", columns: 1, rows: 6 }, (t) =>
      t.add(
        label("docs-hint", { text: "Tap a node: its page is fetched from the hub by routed request." }),
        graph("actors", {
          label: "CAR-TER's actors",
          span: [5, 1],
          defaultValue: JSON.stringify(docsGraph(DEMO.getDoc)),
          graphConfig: {
            nodeSize: 10,
            labelSize: 11,
            groupColors: { core: CARD, edge: "#34C759", doc: "#FF9F0A" },
          },
        }),
      ),
    )
    .tab("Heading", { icon: "location.north", columns: 2, rows: 6 }, (t) =>
      t.add(
        compass("phone-compass", {
          label: "This phone's heading",
          span: [4, 2],
          sync: [{ method: "sensor", sensor: "heading" }],
        }),
        label("phone-cardinal", {
          label: "Pointing",
          formatValue: "prefix:Pointing ",
          sync: [{ method: "sensor", sensor: "heading.cardinal" }],
        }),
        label("hub-heading", {
          label: "The hub heard",
          icon: "antenna.radiowaves.left.and.right",
          formatValue: "prefix:Hub heard ",
          listen: listenState("heading"),
        }),
        label("heading-hint", {
          text: "Allow heading in the bar above: the phone sends its heading to the hub every second.",
          span: [1, 2],
        }),
      ),
    )
    .tab("Log", { icon: "doc.text", columns: 1, rows: 6 }, (t) =>
      t.add(
        logConsole("log", {
          label: "Hub log",
          maxLines: 200,
          span: [6, 1],
          listen: { msgType: DEMO.log, path: "line" },
        }),
      ),
    )
    .build();
  // The phone's heading goes to the channel; the hub echoes what it heard into `hub-heading`.
  return { ...built, publishers: [{ sensor: "heading", interval: DEMO.headingInterval }] };
}
