/**
 * Our own words for each control type: a one-line summary and a small example control that
 * validates. Field facts (types, defaults, enums) come from controls.json; this file only adds
 * what a person needs to pick the right control.
 */
import { compileListen, compileSend } from "../builder/wiring.js";

export interface ControlProse {
  summary: string;
  example: Record<string, unknown>;
}

const listen = (msgType: string, path: string) => [compileListen({ msgType, path })];

const broadcast = ({ msg_type, ...payload }: { msg_type: string; [key: string]: unknown }) =>
  compileSend({ msgType: msg_type, payload });

const panel = (id: string, label: string, text: string) => ({
  type: "group",
  id,
  position: [0, 0],
  label,
  grid: { columns: 1, rows: 1 },
  children: [{ type: "label", id: `${id}-text`, position: [0, 0], text }],
});

export const CONTROL_PROSE: Readonly<Record<string, ControlProse>> = {
  accordion: {
    summary: "Stacked sections that expand and collapse; its value is the open section index.",
    example: {
      type: "accordion",
      id: "help-sections",
      position: [0, 0],
      span: [3, 2],
      accordionMode: "single",
      expandedIndex: 0,
      panels: [
        panel("help-wifi", "Wi-Fi", "Hold reset for 5 s."),
        panel("help-power", "Power", "Use the 12 V brick."),
      ],
    },
  },
  boxPlot: {
    summary: "Box-and-whisker (or violin) view of value distributions per category.",
    example: {
      type: "boxPlot",
      id: "latency-spread",
      position: [0, 0],
      span: [3, 4],
      label: "Latency by region",
      boxStyle: "box",
      boxPlotConfig: { showMean: true, whiskers: "tukey" },
      sync: listen("latency", "spread"),
    },
  },
  button: {
    summary: "A tap target that fires its action; it holds no value of its own.",
    example: {
      type: "button",
      id: "reboot",
      position: [0, 0],
      label: "Reboot",
      icon: "arrow.clockwise",
      style: "filled",
      action: broadcast({ msg_type: "command", command: "reboot" }),
    },
  },
  camera: {
    summary: "Live camera that scans barcodes or text and can send snapshots.",
    example: {
      type: "camera",
      id: "shelf-scanner",
      position: [0, 0],
      span: [2, 2],
      label: "Scan a bin",
      scan: ["barcode"],
      sendMode: "auto",
      action: broadcast({ msg_type: "scan", code: "{{value}}", kind: "{{kind}}" }),
    },
  },
  canvas: {
    summary: "A pan-and-zoom surface that hosts live controls at normalized positions.",
    example: {
      type: "canvas",
      id: "floor-plan",
      position: [0, 0],
      span: [10, 4],
      canvasConfig: {
        aspect: 1.5,
        editable: true,
        items: [
          {
            id: "hall-lamp",
            x: 0.1,
            y: 0.2,
            w: 0.25,
            h: 0.2,
            control: { type: "toggle", id: "hall-lamp-switch", label: "Hall" },
          },
        ],
        events: { place: broadcast({ msg_type: "canvas_moved", item: "{{item}}", x: "{{x}}", y: "{{y}}" }) },
      },
    },
  },
  cardList: {
    summary: "Searchable cards built from a graph-style {nodes: [...]} document, grouped by category.",
    example: {
      type: "cardList",
      id: "device-cards",
      position: [0, 0],
      span: [4, 4],
      sync: listen("inventory", "catalog"),
    },
  },
  carousel: {
    summary: "Swipeable pages of grouped controls; its value is the visible page index.",
    example: {
      type: "carousel",
      id: "room-pages",
      position: [0, 0],
      span: [3, 2],
      carouselMode: "paged",
      indicator: "dots",
      defaultValue: 0,
      panels: [
        panel("page-kitchen", "Kitchen", "Kitchen controls"),
        panel("page-den", "Den", "Den controls"),
      ],
    },
  },
  chart: {
    summary: "Bar, line, area, scatter, histogram or waterfall chart with a live append operation.",
    example: {
      type: "chart",
      id: "cpu-history",
      position: [0, 0],
      span: [3, 4],
      label: "CPU load",
      chartConfig: { maxPoints: 60, showLegend: true, smooth: true },
      sync: listen("metrics", "cpuSeries"),
    },
  },
  chat: {
    summary: "A message window for the channel, or a private conversation with one named peer.",
    example: {
      type: "chat",
      id: "ops-chat",
      position: [0, 0],
      span: [4, 4],
      label: "Ops",
      config: { historyCount: 100, allowImages: false },
    },
  },
  chord: {
    summary: "Chord diagram of flows between labelled groups from a square matrix.",
    example: {
      type: "chord",
      id: "traffic-flows",
      position: [0, 0],
      span: [3, 3],
      label: "Traffic between sites",
      chordConfig: { pad: 3, showLabels: true },
      sync: listen("flows", "matrix"),
    },
  },
  colorPicker: {
    summary: "Picks a colour and sends it as a #RRGGBB string.",
    example: {
      type: "colorPicker",
      id: "strip-color",
      position: [0, 0],
      label: "LED strip",
      defaultValue: "#FFAA00",
      action: broadcast({ msg_type: "set_color", value: "{{value}}" }),
    },
  },
  compass: {
    summary: "A heading needle (usually from the phone's sensor) with pucks that fire when aimed at.",
    example: {
      type: "compass",
      id: "antenna-aim",
      position: [0, 0],
      span: [7, 3],
      sync: [{ method: "sensor", sensor: "heading" }],
      compassConfig: {
        tolerance: 10,
        pucks: [
          {
            id: "tower-north",
            label: "North tower",
            bearing: 12,
            action: broadcast({ msg_type: "aim", target: "{{value}}" }),
          },
        ],
      },
    },
  },
  datePicker: {
    summary: "Chooses a date, a time or both and sends an ISO 8601 string.",
    example: {
      type: "datePicker",
      id: "wake-time",
      position: [0, 0],
      span: [1, 2],
      label: "Wake at",
      datePickerMode: "time",
      datePickerStyle: "compact",
      action: broadcast({ msg_type: "set_alarm", value: "{{value}}" }),
    },
  },
  divider: {
    summary: "A horizontal rule, optionally with a centred caption, to separate sections.",
    example: {
      type: "divider",
      id: "sensors-divider",
      position: [0, 0],
      span: [1, 4],
      label: "Sensors",
      style: "dashed",
    },
  },
  flipCard: {
    summary: "A card with two or more faces that flips on tap or long press; value = face index.",
    example: {
      type: "flipCard",
      id: "pump-card",
      position: [0, 0],
      span: [2, 2],
      flipTrigger: "tap",
      flipAxis: "horizontal",
      panels: [panel("pump-front", "Pump", "Running"), panel("pump-back", "Details", "Serial 42-A")],
    },
  },
  gantt: {
    summary: "Timeline of tasks with progress bars and milestones, optionally editable.",
    example: {
      type: "gantt",
      id: "release-plan",
      position: [0, 0],
      span: [3, 4],
      label: "Release plan",
      ganttConfig: { showToday: true, editable: false },
      sync: listen("plan", "tasks"),
    },
  },
  gauge: {
    summary: "A half or full arc dial showing one number between min and max, with colour zones.",
    example: {
      type: "gauge",
      id: "cpu",
      position: [0, 0],
      span: [2, 2],
      label: "CPU",
      min: 0,
      max: 100,
      gaugeStyle: "half",
      formatValue: "percent",
      segments: [
        { limit: 70, color: "#34C759" },
        { limit: 90, color: "#FF9F0A" },
        { limit: 100, color: "#FF3B30" },
      ],
      sync: listen("metrics", "cpu"),
    },
  },
  graph: {
    summary: "Force-directed network of nodes and edges; nodes can fire actions or open content.",
    example: {
      type: "graph",
      id: "mesh-map",
      position: [0, 0],
      span: [3, 4],
      label: "Mesh",
      graphConfig: {
        showLabels: true,
        repulsionForce: 120,
        nodeAction: broadcast({ msg_type: "inspect", node: "{{value}}" }),
      },
      sync: listen("topology", "graph"),
    },
  },
  heatmap: {
    summary: "A colour grid of values per row and column; cells can be painted and sent back.",
    example: {
      type: "heatmap",
      id: "zone-temps",
      position: [0, 0],
      span: [2, 4],
      label: "Zone temperatures",
      heatmapConfig: { showScale: true, vMin: 15, vMax: 30 },
      sync: listen("climate", "grid"),
    },
  },
  image: {
    summary: "Shows a picture from a URL or an SF Symbol, switchable by the synced value.",
    example: {
      type: "image",
      id: "door-state-icon",
      position: [0, 0],
      span: [2, 2],
      systemName: "door.left.hand.closed",
      iconMap: { open: "door.left.hand.open", closed: "door.left.hand.closed" },
      sync: listen("door", "state"),
    },
  },
  joystick: {
    summary: "A thumbstick or d-pad that streams {x, y} in -1..1 at a throttled rate.",
    example: {
      type: "joystick",
      id: "rover-drive",
      position: [0, 0],
      span: [2, 2],
      style: "analog",
      deadzone: 0.15,
      sendRate: 0.1,
      action: broadcast({ msg_type: "drive", x: "$value.x", y: "$value.y" }),
    },
  },
  label: {
    summary: "Text readout for a value, with formatting, maps to words/icons/colours, or a terminal style.",
    example: {
      type: "label",
      id: "uptime",
      position: [0, 0],
      span: [1, 2],
      label: "Uptime",
      text: "—",
      formatValue: "duration",
      sync: listen("metrics", "uptime"),
    },
  },
  list: {
    summary: "A table of rows from an array of objects, with chosen columns.",
    example: {
      type: "list",
      id: "job-queue",
      position: [0, 0],
      span: [2, 4],
      label: "Jobs",
      listColumns: [
        { key: "name", label: "Job" },
        { key: "progress", label: "Done", format: "percent" },
      ],
      sync: listen("jobs", "rows"),
    },
  },
  logConsole: {
    summary: "A scrolling log that appends lines, coloured by level.",
    example: {
      type: "logConsole",
      id: "service-log",
      position: [0, 0],
      span: [3, 4],
      label: "Log",
      maxLines: 300,
      logColors: { error: "#FF3B30", warn: "#FF9F0A" },
      sync: listen("log", "line"),
    },
  },
  map: {
    summary: "A map with markers and paths from native JSON or GeoJSON, fitted to its points.",
    example: {
      type: "map",
      id: "fleet-map",
      position: [0, 0],
      span: [3, 4],
      label: "Fleet",
      mapStyle: "standard",
      sync: listen("fleet", "positions"),
    },
  },
  picker: {
    summary: "Chooses one option from a menu, wheel or inline list and sends its text.",
    example: {
      type: "picker",
      id: "input-source",
      position: [0, 0],
      span: [1, 2],
      label: "Source",
      options: ["HDMI 1", "HDMI 2", "Optical"],
      pickerStyle: "menu",
      action: broadcast({ msg_type: "set_source", value: "{{value}}" }),
    },
  },
  pieChart: {
    summary: "Pie, donut, prize wheel or radial menu of labelled slices; a tap sends the slice label.",
    example: {
      type: "pieChart",
      id: "disk-usage",
      position: [0, 0],
      span: [2, 2],
      label: "Disk",
      pieStyle: "donut",
      pieConfig: { showLegend: true, centerText: "{{total}} GB" },
      sync: listen("storage", "slices"),
    },
  },
  pinboard: {
    summary: "Drag markers from a palette onto a surface; sends normalized {x, y} per item.",
    example: {
      type: "pinboard",
      id: "sensor-placement",
      position: [0, 0],
      span: [10, 4],
      pinboardConfig: {
        background: "house",
        items: [
          { id: "probe-a", label: "Probe A" },
          { id: "probe-b", label: "Probe B", x: 0.5, y: 0.5 },
        ],
        events: { place: broadcast({ msg_type: "pin_moved", item: "{{item}}", x: "{{x}}", y: "{{y}}" }) },
      },
    },
  },
  progressRing: {
    summary: "A ring or bar that fills from min to max.",
    example: {
      type: "progressRing",
      id: "print-progress",
      position: [0, 0],
      span: [2, 2],
      label: "Print",
      min: 0,
      max: 100,
      progressStyle: "ring",
      sync: listen("printer", "progress"),
    },
  },
  qrCode: {
    summary: "Renders a string as a QR code, from the synced value or a fixed text.",
    example: {
      type: "qrCode",
      id: "guest-wifi",
      position: [0, 0],
      span: [2, 2],
      label: "Guest Wi-Fi",
      text: "WIFI:T:WPA;S:guest;P:welcome;;",
      correctionLevel: "M",
    },
  },
  radar: {
    summary: "Spider chart over three or more axes; the first series can be dragged and sent.",
    example: {
      type: "radar",
      id: "mix-profile",
      position: [0, 0],
      span: [2, 2],
      label: "Mix",
      radarConfig: { rings: 5, showLegend: false },
      sync: listen("audio", "profile"),
    },
  },
  sankey: {
    summary: "Sankey diagram of weighted flows between named nodes.",
    example: {
      type: "sankey",
      id: "energy-flow",
      position: [0, 0],
      span: [3, 4],
      label: "Energy",
      sankeyConfig: { showValues: true },
      sync: listen("energy", "flows"),
    },
  },
  segmentedControl: {
    summary: "A row of mutually exclusive segments; sends the chosen option's text.",
    example: {
      type: "segmentedControl",
      id: "hvac-mode",
      position: [0, 0],
      span: [1, 2],
      options: ["Off", "Heat", "Cool"],
      defaultValue: "Off",
      action: broadcast({ msg_type: "set_hvac_mode", value: "{{value}}" }),
      sync: listen("hvac", "mode"),
    },
  },
  slider: {
    summary: "Drag to choose a number between min and max in steps; linear, scrubber or radial.",
    example: {
      type: "slider",
      id: "fan-speed",
      position: [0, 0],
      span: [1, 2],
      label: "Fan",
      min: 0,
      max: 100,
      step: 5,
      formatValue: "percent",
      action: broadcast({ msg_type: "set_fan", value: "{{value}}" }),
      sync: listen("fan", "speed"),
    },
  },
  sortboard: {
    summary: "Drag items between zones (kanban style); its value maps each zone to its item ids.",
    example: {
      type: "sortboard",
      id: "shift-board",
      position: [0, 0],
      span: [10, 4],
      sortboardConfig: {
        items: [
          { id: "ana", label: "Ana" },
          { id: "ben", label: "Ben", zone: "night" },
        ],
        zones: [
          { id: "day", label: "Day shift" },
          { id: "night", label: "Night shift", capacity: 2 },
        ],
        events: { layout: broadcast({ msg_type: "roster_changed", zones: "{{value}}" }) },
      },
    },
  },
  spacer: {
    summary: "An empty placeholder that only reserves grid cells.",
    example: { type: "spacer", id: "gap-1", position: [0, 0] },
  },
  sparkline: {
    summary: "A small trend line: numbers append points, a number array replaces the series.",
    example: {
      type: "sparkline",
      id: "power-trend",
      position: [0, 0],
      span: [1, 2],
      label: "Power",
      sparklinePoints: 120,
      sparklineFill: true,
      sync: listen("power", "watts"),
    },
  },
  statusLight: {
    summary: "A coloured dot or badge whose colour follows a state string.",
    example: {
      type: "statusLight",
      id: "backup-status",
      position: [0, 0],
      label: "Backup",
      statusColors: { ok: "#34C759", running: "#0A84FF", failed: "#FF3B30" },
      style: "dot",
      sync: listen("backup", "state"),
    },
  },
  stepper: {
    summary: "Minus and plus buttons that move a number by step within min..max.",
    example: {
      type: "stepper",
      id: "setpoint",
      position: [0, 0],
      span: [1, 2],
      label: "Setpoint",
      min: 10,
      max: 30,
      step: 0.5,
      formatValue: "decimal",
      action: broadcast({ msg_type: "set_setpoint", value: "{{value}}" }),
    },
  },
  textInput: {
    summary: "A text field (or composer) that sends its text on submit.",
    example: {
      type: "textInput",
      id: "announce",
      position: [0, 0],
      span: [1, 2],
      placeholder: "Say something",
      clearOnSubmit: true,
      action: broadcast({ msg_type: "announce", text: "{{value}}" }),
    },
  },
  toggle: {
    summary: "An on/off switch (or button) that sends true or false on every flip.",
    example: {
      type: "toggle",
      id: "porch-light",
      position: [0, 0],
      label: "Porch",
      icon: "lightbulb",
      defaultValue: false,
      action: broadcast({ msg_type: "porch.light", on: "{{value}}" }),
      sync: listen("porch.light", "on"),
    },
  },
  treemap: {
    summary: "Nested rectangles sized by value, with drill-down into children.",
    example: {
      type: "treemap",
      id: "storage-tree",
      position: [0, 0],
      span: [3, 4],
      label: "Storage",
      treemapConfig: { drillDown: true, showValues: true },
      sync: listen("storage", "tree"),
    },
  },
  webView: {
    summary: "Embeds a web page from a fixed URL, optionally refreshed on an interval.",
    example: {
      type: "webView",
      id: "grafana-panel",
      position: [0, 0],
      span: [3, 4],
      url: "https://example.com/status",
      webInteractive: false,
      webRefreshInterval: 60,
    },
  },
};
