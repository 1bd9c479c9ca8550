/** A runnable TypeScript hub (on `@carter/hub`) that serves a layout's contract. */
import { exampleValue, extractContract, placeAtPath, walkLayout, type LayoutContract } from "@carter/kit";
import { isJsonObject, type JsonObject } from "@carter/protocol";

export interface HubSourceOptions {
  /** Mesh name of the hub (default `<layout name>-hub`). */
  name?: string;
  /** Milliseconds between data frames (default 1000). */
  intervalMs?: number;
}

/** A TypeScript literal for `value` where every number varies over time around its example. */
function literal(value: unknown, indent: string): string {
  if (typeof value === "number") return `wave(${value})`;
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, indent)).join(", ")}]`;
  if (isJsonObject(value)) {
    const inner = indent + "  ";
    const entries = Object.entries(value).map(
      ([k, v]) => `${inner}${JSON.stringify(k)}: ${literal(v, inner)},`,
    );
    return entries.length ? `{\n${entries.join("\n")}\n${indent}}` : "{}";
  }
  return JSON.stringify(value);
}

function meshName(layout: unknown, contract: LayoutContract): string {
  const base = (contract.name ?? (isJsonObject(layout) ? "layout" : "carter")).toLowerCase();
  return `${base.replace(/[^a-z0-9_-]+/g, "-").replace(/^-|-$/g, "") || "carter"}-hub`;
}

/** A control's numeric range midpoint (gauges, rings, sliders), so example data sits inside it. */
function rangedExample(node: JsonObject | undefined, type: string): unknown {
  if (node && typeof node.min === "number" && typeof node.max === "number" && controlTakesNumber(type))
    return Math.round(((node.min + node.max) / 2) * 100) / 100;
  return exampleValue(type);
}

function controlTakesNumber(type: string): boolean {
  return ["gauge", "progressRing", "slider", "stepper", "sparkline"].includes(type);
}

/** The contract's merged frames with each value fitted to its control's declared range. */
function exampleFrames(
  layout: unknown,
  contract: LayoutContract,
): Map<LayoutContract["frames"][number], JsonObject> {
  const nodes = new Map<string, JsonObject>();
  walkLayout(layout, (node) => {
    if (typeof node.id === "string") nodes.set(node.id, node);
  });
  const frames = new Map<LayoutContract["frames"][number], JsonObject>();
  for (const frame of contract.frames) {
    let example: JsonObject = { ...frame.filter };
    for (const feed of contract.feeds)
      if (feed.event === frame.event && JSON.stringify(feed.filter) === JSON.stringify(frame.filter))
        example = placeAtPath(
          example,
          feed.valuePath,
          rangedExample(nodes.get(feed.controlId), feed.controlType),
        );
    frames.set(frame, example);
  }
  return frames;
}

/** The hub's source: pushes every feed's frame on a timer, logs and echoes every trigger, fills dynamic groups. */
export function generateHubSource(
  layout: unknown,
  options: HubSourceOptions = {},
): { source: string; contract: LayoutContract } {
  const contract = extractContract(layout);
  const name = options.name ?? meshName(layout, contract);
  const fed = new Set(contract.feeds.map((f) => f.controlId));
  const broadcastFrames = contract.frames.filter(
    (f) => f.event === "broadcast" && typeof f.filter.msg_type === "string",
  );
  const examples = exampleFrames(layout, contract);
  const pushes = broadcastFrames.map((frame) => {
    const { msg_type: msgType, ...data } = examples.get(frame) ?? frame.example;
    return `  hub.push(${JSON.stringify(msgType)}, ${literal(data, "  ")});`;
  });
  const handled = new Set<string>();
  const handlers: string[] = [];
  for (const trigger of contract.triggers) {
    if (trigger.event !== "broadcast_request" || trigger.msgType === null) continue;
    const key =
      trigger.carrier === "action" || trigger.carrier === "longPressAction"
        ? trigger.controlId
        : trigger.msgType;
    if (handled.has(key)) continue;
    handled.add(key);
    const echo = key === trigger.controlId && trigger.carrier === "action" && fed.has(trigger.controlId);
    handlers.push(
      `hub.on(${JSON.stringify(key)}, (value) => {\n` +
        `  console.log(${JSON.stringify(`${trigger.controlId} (${trigger.msgType}):`)}, value);\n` +
        (echo ? `  hub.set(${JSON.stringify(trigger.controlId)}, value);\n` : "") +
        `});`,
    );
  }
  const fills = contract.dynamicGroups.map((g) => `hub.fill(${JSON.stringify(g.groupId)}, []);`);
  const source = `/**
 * Hub for the layout ${JSON.stringify(contract.name ?? "untitled")}, generated from its contract by carter mcp.
 * It pushes example data for every control the layout feeds, logs every action, and echoes
 * actions of controls that also show a value.
 *
 *   CARTER_RELAY_URL=ws://127.0.0.1:8765 CARTER_CHANNEL=editor npx tsx hub.ts
 *
 * Without CARTER_RELAY_URL it starts its own relay on ws://127.0.0.1:8765.
 */
import { createHub } from "@carter/hub";

const layout: Record<string, unknown> = ${JSON.stringify(layout, null, 2)};

const hub = await createHub({
  layout,
  name: ${JSON.stringify(name)},
  url: process.env.CARTER_RELAY_URL,
  ...(process.env.CARTER_CHANNEL ? { channel: process.env.CARTER_CHANNEL } : {}),
});

const started = Date.now();
/** An example value that drifts around \`center\`, so the device shows live data. */
function wave(center: number): number {
  const t = (Date.now() - started) / 1000;
  const swing = center === 0 ? 1 : Math.abs(center) * 0.2;
  return Math.round((center + Math.sin(t / 3) * swing) * 100) / 100;
}

function tick(): void {
${pushes.length ? pushes.join("\n") : "  // The layout has no broadcast feeds."}
}

${handlers.join("\n\n")}
${fills.join("\n")}
tick();
const timer = setInterval(tick, ${options.intervalMs ?? 1000});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void hub.close();
  });
}
console.log(\`serving \${String(layout.name)} on \${hub.url} as '\${hub.name}'\`);
`;
  return { source, contract };
}
