import {
  exampleValue,
  extractContract,
  getControlDoc,
  placeAtPath,
  walkLayout,
  type Feed,
  type JsonObject,
} from "@carter/kit";

/** One frame to feed the preview: the frame type a binding listens on and its payload. */
export interface SampleFrame {
  event: string;
  payload: JsonObject;
  /** The controls this frame fills. */
  controls: string[];
}

/** A layout field, else the catalog's documented default, else `fallback`. */
function numberField(node: JsonObject | undefined, type: string, field: string, fallback: number): number {
  const own = node?.[field];
  if (typeof own === "number") return own;
  try {
    const documented = getControlDoc(type).fields.find((f) => f.name === field)?.default;
    if (typeof documented === "number") return documented;
  } catch {
    // Not a catalog type: the fallback stands.
  }
  return fallback;
}

/** A smooth value in [0, 1] that moves with `tick` and differs per control. */
function wave(tick: number, seed: number): number {
  return 0.5 + 0.45 * Math.sin(tick * 0.7 + seed);
}

function seedOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 997;
  return hash;
}

const round = (value: number, step = 0.1) => Math.round(value / step) * step;

/**
 * A realistic value of the control's native type for `tick`: numbers inside the control's own
 * range, series and rows of several points, alternating booleans; other types take the kit's
 * example value for their type.
 */
export function sampleValue(feed: Feed, node: JsonObject | undefined, tick: number): unknown {
  const type = feed.controlType;
  const seed = seedOf(feed.controlId);
  const level = wave(tick, seed);
  switch (type) {
    case "gauge":
    case "slider":
    case "progressRing": {
      const min = numberField(node, type, "min", 0);
      const max = numberField(node, type, "max", type === "progressRing" ? 1 : 100);
      return round(min + (max - min) * level, max - min <= 1 ? 0.01 : 0.1);
    }
    case "stepper": {
      const min = numberField(node, type, "min", 0);
      const max = numberField(node, type, "max", 10);
      return Math.round(min + (max - min) * level);
    }
    case "compass":
      return Math.round((tick * 17 + seed) % 360);
    case "sparkline":
      return round(20 + 60 * level);
    case "toggle":
      return (tick + seed) % 2 === 0;
    case "label":
      return `${round(10 + 20 * level)} at ${new Date().toLocaleTimeString()}`;
    case "logConsole":
      return { text: `sample event ${tick + 1}`, level: tick % 5 === 4 ? "warning" : "info" };
    case "list":
      return Array.from({ length: 4 }, (_, i) => ({
        name: `Item ${i + 1}`,
        value: Math.round(100 * wave(tick + i, seed)),
      }));
    case "chart":
      return {
        series: [
          {
            name: "sample",
            values: Array.from({ length: 12 }, (_, i) => round(50 + 40 * Math.sin((tick + i) * 0.6 + seed))),
          },
        ],
      };
    default:
      return exampleValue(type);
  }
}

/**
 * Sample frames for every meshsocket sync binding of `layout` (the kit's contract feeds), merged
 * into one payload per frame type and filter, as a server would send them.
 */
export function sampleFrames(layout: unknown, tick: number): SampleFrame[] {
  const nodes = new Map<string, JsonObject>();
  walkLayout(layout, (node) => {
    if (typeof node.id === "string") nodes.set(node.id, node);
  });
  const frames = new Map<string, SampleFrame>();
  for (const feed of extractContract(layout).feeds) {
    const key = JSON.stringify([feed.event, feed.filter]);
    const frame = frames.get(key) ?? {
      event: feed.event,
      payload: structuredClone(feed.filter),
      controls: [],
    };
    frame.payload = placeAtPath(
      frame.payload,
      feed.valuePath,
      sampleValue(feed, nodes.get(feed.controlId), tick),
    );
    frame.controls.push(feed.controlId);
    frames.set(key, frame);
  }
  return [...frames.values()];
}
