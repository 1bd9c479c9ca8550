/**
 * Graph + request/reply content: the hub pushes a service graph whose nodes carry `onTap`
 * content requests (`get_doc`), and answers each routed request with `{title, content}` markdown.
 * Tapping a node also fires the graph's nodeAction, which the hub mirrors into a label.
 *
 *   npx tsx examples/graph.ts
 */
import { readFileSync } from "node:fs";
import { createHub } from "@carter/hub";
import { isMain, runExample, type ExampleOptions, type RunningExample } from "./lib/run-example.js";

export const layout: unknown = JSON.parse(
  readFileSync(new URL("./graph.layout.json", import.meta.url), "utf8"),
);

/** The markdown behind each node, keyed by node id. */
export const DOCS: Record<string, { title: string; content: string }> = {
  device: { title: "Device", content: "# Device\nRenders the layout and sends control actions." },
  relay: {
    title: "Relay",
    content: "# Relay\nMoves frames between the members of a channel; knows nothing of layouts.",
  },
  hub: { title: "Hub", content: "# Hub\nPushes state, handles actions and answers requests like this one." },
};

const EDGES = [
  { from: "device", to: "relay", label: "ws" },
  { from: "hub", to: "relay", label: "ws" },
];

export function topology() {
  return {
    nodes: Object.entries(DOCS).map(([id, doc]) => ({
      id,
      label: doc.title,
      group: id === "relay" ? "infra" : "peer",
      onTap: { type: "content", event: "get_doc", payload: { path: id } },
    })),
    edges: EDGES,
  };
}

export async function start(options: ExampleOptions = {}): Promise<RunningExample> {
  const log = options.log ?? (() => {});
  const hub = await createHub({ layout, url: options.url, relay: { port: options.relayPort } });

  hub.set("topology", topology());

  hub.handle("get_doc", (payload) => {
    const path =
      typeof payload === "object" && payload !== null ? (payload as { path?: unknown }).path : undefined;
    log(`get_doc ${String(path)}`);
    const doc = typeof path === "string" ? DOCS[path] : undefined;
    return doc ?? { title: String(path), content: `# Not found\nNo document for \`${String(path)}\`.` };
  });

  hub.on("node.select", (value) => {
    hub.set("selected", String(value));
    log(`selected ${String(value)}`);
  });

  return { hub, stop: () => hub.close() };
}

if (isMain(import.meta.url)) await runExample("graph", start);
