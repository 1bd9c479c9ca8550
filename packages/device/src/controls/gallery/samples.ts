/** Sample controls and values for the gallery (shapes as the engine normalizes them). */
import type { ControlDef, LogLine } from "../types.js";
import { moreSamples } from "./samples-more.js";

export interface Sample {
  def: ControlDef;
  value?: unknown;
}

const now = Date.UTC(2026, 2, 1, 8, 30, 0);
const logs: LogLine[] = [
  { text: "relay connected (3 peers)", level: "info", ts: now },
  { text: "psu rail 12V within tolerance", ts: now + 1000 },
  { text: "fan 2 rpm dropped below 900", level: "warn", ts: now + 2000 },
  { text: "ups on battery", level: "error", ts: now + 3000 },
];

export const samples: Sample[] = [
  {
    def: {
      type: "gauge",
      id: "cpu",
      label: "CPU",
      min: 0,
      max: 100,
      span: [3, 1],
      formatValue: "percent",
      segments: [
        { limit: 60, color: "#34C759" },
        { limit: 85, color: "#FF9F0A" },
        { limit: 100, color: "#FF375F" },
      ],
    },
    value: 73,
  },
  {
    def: {
      type: "gauge",
      id: "temp",
      label: "Temperature",
      min: 0,
      max: 90,
      span: [3, 1],
      gaugeStyle: "full",
      arcAngle: 270,
      step: 0.1,
      icon: "thermometer",
      tint: "#FF9F0A",
      formatValue: "suffix:°C",
    },
    value: 48.26,
  },
  {
    def: {
      type: "progressRing",
      id: "disk",
      label: "Disk",
      min: 0,
      max: 500,
      span: [3, 1],
      icon: "memorychip",
    },
    value: 310,
  },
  {
    def: {
      type: "pieChart",
      id: "pie",
      label: "Traffic",
      pieStyle: "donut",
      span: [3, 1],
      pieConfig: { centerText: "{{total}}", sliceAction: { event: "broadcast_request" } },
    },
    value: {
      slices: [
        { label: "Video", value: 45, icon: "play" },
        { label: "Web", value: 25, icon: "globe" },
        { label: "Games", value: 18, icon: "star" },
        { label: "Other", value: 12, icon: "ellipsis" },
      ],
    },
  },
  {
    def: {
      type: "label",
      id: "status-text",
      span: [1, 2],
      icon: "bolt.fill",
      style: "headline",
      valueMap: { ok: "All systems nominal" },
      colorMap: { ok: "#34C759" },
    },
    value: "ok",
  },
  {
    def: {
      type: "label",
      id: "uptime",
      label: "Uptime",
      span: [1, 1],
      formatValue: "duration",
      style: "large-mono",
    },
    value: 356_420,
  },
  {
    def: {
      type: "statusLight",
      id: "link",
      label: "Link",
      statusColors: { online: "#34C759", degraded: "#FF9F0A" },
      pulse: true,
    },
    value: "online",
  },
  {
    def: {
      type: "sparkline",
      id: "load",
      label: "Load",
      span: [2, 2],
      sparklineFill: true,
      formatValue: "decimal:2",
    },
    value: [0.8, 1.1, 0.9, 1.6, 2.2, 1.9, 2.6, 2.1, 2.8, 3.1, 2.4, 2.9, 3.4],
  },
  { def: { type: "sparkline", id: "empty-spark", label: "Waiting", span: [2, 1] }, value: [4] },
  {
    def: {
      type: "statusLight",
      id: "ups",
      label: "UPS",
      style: "badge",
      statusColors: { "on battery": "#FF9F0A" },
    },
    value: "on battery",
  },
  {
    def: {
      type: "button",
      id: "reboot",
      label: "Reboot",
      icon: "power",
      longPressAction: { event: "broadcast_request" },
    },
  },
  {
    def: {
      type: "button",
      id: "scan",
      label: "Scan",
      icon: "magnifyingglass",
      style: "tinted",
      tint: "#34C759",
    },
  },
  { def: { type: "toggle", id: "fan", label: "Fan", icon: "fanblades.fill" }, value: false },
  {
    def: {
      type: "toggle",
      id: "lamp",
      label: "Lamp",
      style: "button",
      icon: "lightbulb.fill",
      tint: "#FFD60A",
    },
    value: true,
  },
  {
    def: {
      type: "slider",
      id: "speed",
      label: "Fan speed",
      min: 0,
      max: 100,
      step: 5,
      span: [1, 2],
      minIcon: "fan",
      maxIcon: "fan",
      formatValue: "percent",
    },
    value: 40,
  },
  {
    def: {
      type: "stepper",
      id: "setpoint",
      label: "Setpoint",
      min: 15,
      max: 30,
      step: 0.5,
      span: [1, 2],
      formatValue: "decimal",
    },
    value: 21.5,
  },
  {
    def: {
      type: "segmentedControl",
      id: "mode",
      label: "Mode",
      options: ["Auto", "Cool", "Heat", "Off"],
      span: [1, 2],
    },
    value: "Cool",
  },
  {
    def: {
      type: "picker",
      id: "preset",
      label: "Preset",
      options: ["Quiet", "Balanced", "Turbo"],
      span: [1, 2],
    },
    value: "Balanced",
  },
  {
    def: {
      type: "textInput",
      id: "note",
      label: "Command",
      placeholder: "Type and press Enter",
      clearOnSubmit: true,
      span: [1, 2],
    },
  },
  { def: { type: "datePicker", id: "when", label: "Schedule", span: [4, 2] }, value: "2026-03-01T08:30:00Z" },
  { def: { type: "colorPicker", id: "led", label: "LED colour", span: [1, 2] }, value: "#34C759" },
  {
    def: {
      type: "chart",
      id: "bars",
      label: "Requests",
      span: [3, 2],
      chartConfig: { datumAction: { event: "broadcast_request" }, showLegend: true },
    },
    value: {
      categories: ["Mon", "Tue", "Wed", "Thu", "Fri"],
      series: [
        { name: "GET", values: [12, 18, 9, 22, 15] },
        { name: "POST", values: [5, 7, 4, 9, 6] },
      ],
    },
  },
  {
    def: { type: "chart", id: "lines", label: "Throughput", span: [3, 2], formatValue: "decimal" },
    value: {
      categories: ["00", "04", "08", "12", "16", "20"],
      series: [
        { name: "in", type: "area", values: [20, 32, 28, 55, 48, 61] },
        { name: "out", type: "line", values: [10, 14, 22, 25, 30, 28] },
      ],
    },
  },
  {
    def: {
      type: "graph",
      id: "mesh",
      label: "Mesh",
      span: [4, 2],
      graphConfig: {
        nodeAction: { event: "broadcast_request" },
        groupColors: { relay: "#FF9F0A" },
        edgeCurved: true,
      },
    },
    value: {
      nodes: [
        {
          id: "relay",
          label: "Relay",
          group: "relay",
          size: 1.6,
          icon: "antenna",
          onTap: { type: "content", event: "node_info", payload: { id: "relay" } },
        },
        { id: "hub", label: "Hub" },
        { id: "phone", label: "Phone" },
        { id: "tablet", label: "Tablet" },
        { id: "sensor", label: "Sensor", color: "#34C759", icon: "thermometer" },
      ],
      edges: [
        { from: "relay", to: "hub", label: "mesh" },
        { from: "relay", to: "phone" },
        { from: "relay", to: "tablet" },
        { from: "hub", to: "sensor" },
      ],
    },
  },
  { def: { type: "logConsole", id: "log", label: "Events", span: [4, 2] }, value: logs },
  {
    def: {
      type: "list",
      id: "hosts",
      label: "Hosts",
      span: [3, 2],
      listColumns: [
        { key: "name", label: "Host" },
        { key: "stats.cpu", label: "CPU", format: "percent" },
        { key: "disks.0.free", label: "Free", format: "bytes" },
        { key: "missing.key", label: "Zone" },
      ],
    },
    value: [
      { name: "atlas", stats: { cpu: 41 }, disks: [{ free: 52_000_000_000 }] },
      { name: "borealis", stats: { cpu: 87 }, disks: [] },
      { name: "cygnus", stats: { cpu: 12 }, disks: [{ free: 900_000_000 }] },
    ],
  },
  { def: { type: "qrCode", id: "pair", label: "Pair", span: [3, 1] }, value: "ws://192.168.1.20:8765" },
  {
    def: {
      type: "image",
      id: "weather",
      label: "Weather",
      span: [3, 1],
      iconMap: { sunny: "sun.max.fill" },
      colorMap: { sunny: "#FFD60A" },
    },
    value: "sunny",
  },
  {
    def: { type: "cardList", id: "cards", label: "Catalogue", span: [4, 2] },
    value: {
      nodes: [
        { id: "g", label: "Gauge", category: "Displays", description: "Arc readout", icon: "gauge" },
        {
          id: "s",
          label: "Slider",
          category: "Inputs",
          description: "Number in a range",
          icon: "chevron.right",
        },
        { id: "t", label: "Toggle", category: "Inputs", description: "On / off", icon: "power" },
      ],
    },
  },
  {
    def: {
      type: "accordion",
      id: "acc",
      label: "Sections",
      span: [3, 2],
      panels: [
        {
          type: "group",
          id: "acc-a",
          label: "Power",
          grid: { columns: 2, rows: 1 },
          children: [
            { type: "label", id: "acc-volts", text: "12.1 V", style: "title" },
            { type: "statusLight", id: "acc-ok", defaultValue: "ok" },
          ],
        },
        {
          type: "group",
          id: "acc-b",
          label: "Network",
          grid: { columns: 1, rows: 1 },
          children: [{ type: "label", id: "acc-net", text: "3 peers" }],
        },
      ],
    },
  },
  {
    def: {
      type: "carousel",
      id: "pages",
      label: "Pages",
      span: [3, 2],
      panels: [
        {
          type: "group",
          id: "page-1",
          grid: { columns: 1, rows: 1 },
          children: [
            { type: "label", id: "page-1-text", text: "First page", style: "title", align: "center" },
          ],
        },
        {
          type: "group",
          id: "page-2",
          grid: { columns: 1, rows: 1 },
          children: [
            { type: "label", id: "page-2-text", text: "Second page", style: "title", align: "center" },
          ],
        },
      ],
    },
    value: 0,
  },
  ...(["coverflow", "deck"] as const).map((mode) => ({
    def: {
      type: "carousel",
      id: `pages--${mode}`,
      label: `carousel · ${mode}`,
      span: [3, 2],
      carouselMode: mode,
      indicator: mode === "deck" ? "bars" : "dots",
      containerAnimation: mode === "deck" ? { deckRotation: 3 } : {},
      panels: ["Living", "Kitchen", "Porch"].map((room) => ({
        type: "group",
        id: `${mode}-${room}`,
        grid: { columns: 1, rows: 1 },
        children: [
          { type: "label", id: `${mode}-${room}-text`, text: room, style: "title", align: "center" },
        ],
      })),
    },
    value: 1,
  })),
  {
    def: {
      type: "textInput",
      id: "composer",
      label: "Composer",
      placeholder: "type a command…",
      icon: "chevron.right",
      sendButton: true,
      autocorrectToggle: true,
      maxLines: 4,
      span: [2, 2],
    },
    value: "tmux ls\nuptime",
  },
  {
    def: {
      type: "flipCard",
      id: "flip",
      label: "Flip",
      span: [3, 1],
      panels: [
        {
          type: "group",
          id: "face-a",
          grid: { columns: 1, rows: 1 },
          children: [{ type: "label", id: "face-a-text", text: "Front", style: "title", align: "center" }],
        },
        {
          type: "group",
          id: "face-b",
          grid: { columns: 1, rows: 1 },
          children: [{ type: "label", id: "face-b-text", text: "Back", style: "title", align: "center" }],
        },
      ],
    },
    value: 0,
  },
  { def: { type: "divider", id: "rule", label: "Diagnostics", span: [1, 4] } },
  {
    def: { type: "label", id: "term", label: "Terminal", style: "terminal", span: [2, 2] },
    value:
      "\u001b[1;32muser@atlas\u001b[0m:~$ uptime\n 08:30:00 up 4 days,  3 users,  load: \u001b[33m0.42\u001b[0m",
  },
  { def: { type: "hologram", id: "mystery", label: "Future control", span: [2, 1] } },
  { def: { type: "explode", id: "broken", label: "Broken", span: [2, 1] } },
  { def: { type: "spacer", id: "gap", span: [1, 1] } },
  ...moreSamples,
];
