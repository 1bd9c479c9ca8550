/** Small sample layouts an LLM can start from or copy from (each validates with the kit). */
export interface SampleLayout {
  name: string;
  description: string;
  layout: Record<string, unknown>;
}

const metrics = { msg_type: "metrics" };

export const SAMPLES: readonly SampleLayout[] = [
  {
    name: "blank",
    description: "One empty 4x8 tab.",
    layout: {
      name: "Blank",
      version: 1,
      tabs: [{ title: "Main", grid: { columns: 4, rows: 8 }, children: [] }],
    },
  },
  {
    name: "dashboard",
    description:
      "Telemetry: a gauge, a sparkline, a status light and a log, all fed by one `metrics` broadcast.",
    layout: {
      name: "Dashboard",
      version: 1,
      tabs: [
        {
          title: "Overview",
          icon: "gauge",
          grid: { columns: 4, rows: 6 },
          children: [
            {
              type: "gauge",
              id: "cpu",
              position: [0, 0],
              span: [2, 2],
              label: "CPU %",
              min: 0,
              max: 100,
              sync: [{ filter: metrics, valuePath: "cpu" }],
            },
            {
              type: "sparkline",
              id: "cpu-history",
              position: [0, 2],
              span: [2, 2],
              label: "CPU history",
              sync: [{ filter: metrics, valuePath: "cpu" }],
            },
            {
              type: "statusLight",
              id: "state",
              position: [2, 0],
              span: [1, 2],
              label: "State",
              sync: [{ filter: metrics, valuePath: "state" }],
            },
            {
              type: "logConsole",
              id: "log",
              position: [3, 0],
              span: [3, 4],
              sync: [{ filter: { msg_type: "log" }, valuePath: "line" }],
            },
          ],
        },
      ],
    },
  },
  {
    name: "remote",
    description: "A remote: a button, a toggle and a slider sending commands, the toggle synced back.",
    layout: {
      name: "Remote",
      version: 1,
      tabs: [
        {
          title: "Remote",
          icon: "slider.horizontal.3",
          grid: { columns: 2, rows: 4 },
          children: [
            {
              type: "button",
              id: "ring",
              position: [0, 0],
              label: "Ring",
              action: { event: "broadcast_request", payload: { msg_type: "ring" } },
            },
            {
              type: "toggle",
              id: "lamp",
              position: [0, 1],
              label: "Lamp",
              sync: [{ filter: { msg_type: "lamp" }, valuePath: "on" }],
              action: { event: "broadcast_request", payload: { msg_type: "set_lamp", on: "{{value}}" } },
            },
            {
              type: "slider",
              id: "volume",
              position: [1, 0],
              span: [1, 2],
              label: "Volume",
              min: 0,
              max: 100,
              action: { event: "broadcast_request", payload: { msg_type: "set_volume", value: "{{value}}" } },
            },
          ],
        },
      ],
    },
  },
];

export function findSample(name: string): SampleLayout | undefined {
  return SAMPLES.find((s) => s.name === name);
}
