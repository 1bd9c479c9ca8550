/**
 * Gallery samples for the data-visualisation, surface and device controls, the chart's statistical
 * series, and one card per documented style of every type that has one (generated from the kit's
 * control specs, so a new style value shows up here without an edit).
 */
import { getControlDoc, listControls } from "@carter/kit";
import type { Sample } from "./samples.js";

const send = { event: "broadcast_request", payload: { msg_type: "gallery", value: "{{value}}" } };

export const moreSamples: Sample[] = [
  {
    def: {
      type: "chart",
      id: "waterfall",
      label: "Cash flow",
      span: [3, 2],
      chartConfig: { showValues: true, positiveColor: "#34C759", negativeColor: "#FF375F" },
    },
    value: {
      categories: ["Start", "Sales", "Refunds", "Costs", "Net"],
      series: [{ type: "waterfall", values: [1200, 480, -160, -390, 0], totals: [0, 4] }],
    },
  },
  {
    def: {
      type: "chart",
      id: "storage",
      label: "Storage by volume",
      span: [3, 2],
      chartConfig: { horizontal: true, showValues: true, showGrid: false },
    },
    value: { categories: ["System", "Media", "Docs"], series: [{ values: [128, 412, 64] }] },
  },
  {
    def: {
      type: "chart",
      id: "latency-hist",
      label: "Latency histogram",
      span: [3, 2],
      chartConfig: { bins: 8 },
    },
    value: {
      series: [
        { name: "eu", type: "histogram", values: [12, 14, 15, 15, 16, 18, 21, 22, 22, 23, 30, 31] },
        { name: "us", type: "histogram", values: [20, 22, 25, 26, 26, 27, 28, 33, 35, 36, 38, 40] },
      ],
    },
  },
  {
    def: {
      type: "chart",
      id: "stacked-areas",
      label: "Power mix",
      span: [3, 2],
      chartConfig: { stacked: true, smooth: true, showLegend: true },
    },
    value: {
      categories: ["06", "09", "12", "15", "18", "21"],
      series: [
        { name: "solar", type: "area", values: [1, 4, 7, 6, 2, 0] },
        { name: "grid", type: "area", values: [3, 2, 1, 1, 4, 5] },
      ],
    },
  },
  {
    def: {
      type: "heatmap",
      id: "zone-temps",
      label: "Zone temperatures",
      span: [3, 2],
      heatmapConfig: { showScale: true, showValues: true, vMin: 15, vMax: 30 },
    },
    value: {
      rows: ["hall", "loft", "cellar"],
      cols: ["am", "pm", "night"],
      values: [
        [19, 23, 17],
        [22, 29, 18],
        [15, 16, 15],
      ],
    },
  },
  {
    def: {
      type: "radar",
      id: "mix-profile",
      label: "Mix",
      span: [3, 2],
      radarConfig: { rings: 4, showLegend: true },
    },
    value: {
      axes: ["bass", "mid", "treble", "air", "punch"],
      max: 10,
      series: [
        { name: "now", values: [7, 5, 6, 3, 8] },
        { name: "target", values: [6, 6, 6, 6, 6] },
      ],
    },
  },
  {
    def: {
      type: "boxPlot",
      id: "latency-spread",
      label: "Latency by region",
      span: [3, 2],
      boxPlotConfig: { showMean: true, whiskers: "tukey" },
    },
    value: {
      categories: ["eu", "us", "ap"],
      samples: [
        [12, 14, 15, 15, 16, 18, 21, 48],
        [20, 22, 25, 26, 27, 33, 35],
        [30, 31, 33, 40, 41, 45, 52],
      ],
    },
  },
  {
    def: {
      type: "gantt",
      id: "release-plan",
      label: "Release plan",
      span: [3, 2],
      ganttConfig: { showToday: false },
    },
    value: {
      tasks: [
        { name: "Design", start: "2026-01-01", end: "2026-01-11", progress: 1 },
        { name: "Build", start: "2026-01-08", end: "2026-01-25", progress: 0.6 },
        { name: "Test", start: "2026-01-20", end: "2026-01-30", progress: 0.1 },
        { name: "Launch", start: "2026-02-01", milestone: true },
      ],
    },
  },
  {
    def: {
      type: "sankey",
      id: "energy-flow",
      label: "Energy",
      span: [3, 2],
      sankeyConfig: { showValues: true },
    },
    value: {
      nodes: [{ name: "solar" }, { name: "grid" }, { name: "battery" }, { name: "home" }],
      links: [
        { source: "solar", target: "home", value: 3 },
        { source: "solar", target: "battery", value: 2 },
        { source: "grid", target: "home", value: 2 },
        { source: "battery", target: "home", value: 1 },
      ],
    },
  },
  {
    def: {
      type: "treemap",
      id: "storage-tree",
      label: "Storage",
      span: [3, 2],
      treemapConfig: { drillDown: true, showValues: true },
    },
    value: {
      items: [
        {
          label: "media",
          children: [
            { label: "photos", value: 30 },
            { label: "video", value: 50 },
          ],
        },
        { label: "docs", value: 10 },
        { label: "apps", value: 18 },
      ],
    },
  },
  {
    def: { type: "chord", id: "traffic-flows", label: "Traffic between sites", span: [4, 2] },
    value: {
      labels: ["north", "south", "east"],
      matrix: [
        [0, 5, 1],
        [2, 0, 3],
        [1, 1, 0],
      ],
    },
  },
  {
    def: { type: "map", id: "fleet-map", label: "Fleet", span: [3, 2] },
    value: {
      markers: [
        { coordinate: [52.52, 13.4], label: "van 1", ripple: true },
        { lat: 48.14, lng: 11.58, color: "#FF9F0A", label: "van 2" },
      ],
    },
  },
  {
    def: {
      type: "camera",
      id: "shelf-scanner",
      label: "Scan a bin",
      span: [3, 1],
      scan: ["qr"],
      action: send,
    },
  },
  {
    def: { type: "joystick", id: "rover-drive", label: "Drive", span: [3, 1], deadzone: 0.15, action: send },
  },
  {
    def: {
      type: "compass",
      id: "antenna-aim",
      label: "Antenna",
      span: [3, 1],
      compassConfig: {
        tolerance: 10,
        pucks: [{ id: "tower-north", label: "North tower", bearing: 12, action: send }],
      },
    },
    value: 40,
  },
  {
    def: { type: "chat", id: "ops-chat", label: "Ops", span: [4, 2] },
  },
  {
    def: {
      type: "sortboard",
      id: "shift-board",
      label: "Shifts",
      span: [4, 2],
      sortboardConfig: {
        items: [
          { id: "ana", label: "Ana" },
          { id: "ben", label: "Ben", zone: "night" },
          { id: "cy", label: "Cy" },
        ],
        zones: [
          { id: "day", label: "Day shift" },
          { id: "night", label: "Night shift", capacity: 2 },
        ],
      },
    },
  },
  {
    def: {
      type: "pinboard",
      id: "sensor-placement",
      label: "Sensors",
      span: [4, 2],
      pinboardConfig: {
        background: "house",
        items: [
          { id: "probe-a", label: "Probe A", x: 0.25, y: 0.4 },
          { id: "probe-b", label: "Probe B", x: 0.7, y: 0.6 },
        ],
      },
    },
  },
  {
    def: {
      type: "canvas",
      id: "floor-plan",
      label: "Floor plan",
      span: [4, 2],
      canvasConfig: {
        aspect: 1.5,
        items: [
          {
            id: "hall-lamp",
            x: 0.1,
            y: 0.2,
            w: 0.35,
            h: 0.3,
            control: { type: "toggle", id: "hall-lamp-switch", label: "Hall" },
          },
          {
            id: "hall-temp",
            x: 0.55,
            y: 0.5,
            w: 0.35,
            h: 0.3,
            control: { type: "label", id: "hall-temp-text", text: "21.5 °C", style: "title" },
          },
        ],
      },
    },
  },
  {
    def: { type: "webView", id: "status-page", label: "Status page", span: [3, 2] },
    // A page of the gallery's server (its "not found" text): the gallery itself would nest forever.
    value: `${location.origin}/status`,
  },
];

/** The style-like enum fields: one gallery card per documented value. */
const STYLE_FIELD = /(^style$|Style$)/;

/**
 * One card per documented style value of every type with a style field, cloned from the type's
 * first sample (its value included) so each style shows real content.
 */
export function styleSamples(base: readonly Sample[]): Sample[] {
  const out: Sample[] = [];
  for (const { type } of listControls()) {
    const field = getControlDoc(type).fields.find(
      (f) => f.in === undefined && STYLE_FIELD.test(f.name) && f.values && f.values.length > 1,
    );
    const sample = base.find((s) => s.def.type === type);
    if (!field?.values || !sample) continue;
    for (const style of field.values) {
      const def = { ...sample.def, id: `${sample.def.id}--${style}`, [field.name]: style };
      def.label = `${type} · ${style}`;
      out.push({ def, value: sample.value });
    }
  }
  return out;
}
