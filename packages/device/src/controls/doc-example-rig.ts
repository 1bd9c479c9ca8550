/**
 * Test support for the per-control browser tests (not part of the package's API): a real device
 * page showing the catalog's doc example of each control type, a relay, and a hub that pushes
 * values the way each example's `sync` binding expects and records what the controls emit.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { getControlDoc } from "@carter/kit";
import type { MeshClient } from "@carter/client";
import {
  openPage,
  quietClient,
  startDeviceRig,
  waitForPhase,
  type DeviceRig,
} from "../app/browser-fixture.js";

/** Every emit in these tests is a broadcast `{msg_type: "emit", id, carrier, v: {{value}}}`. */
export interface Emitted {
  id: string;
  carrier: string;
  v: unknown;
  [token: string]: unknown;
}

/** An action carrier of the test layout: broadcasts what the control sent, tagged with where from. */
export function emitAction(id: string, carrier: string, extra: Record<string, string> = {}) {
  return { event: "broadcast_request", payload: { msg_type: "emit", id, carrier, v: "{{value}}", ...extra } };
}

export interface ControlCase {
  type: string;
  /** Over the doc example: extra fields (config objects are merged one level deep). */
  with?: Record<string, unknown>;
  /** Grid rows the control covers (56 px each). */
  rows?: number;
}

export interface DocExampleRig {
  page: Page;
  errors: string[];
  emitted: Emitted[];
  /** Every frame the hub received, in order. */
  frames: { type: string; payload: unknown }[];
  hub: MeshClient;
  /** The doc example's id for a type. */
  idOf(type: string): string;
  /** The control's cell. */
  cell(type: string): Locator;
  /** Broadcasts `value` the way the doc example's first sync binding reads it. */
  push(type: string, value: unknown): void;
  /**
   * Waits for an emit from the type's control matching `predicate`, newer than the last one this
   * returned for that control: an earlier test's emit never answers for a tap whose emit is still in flight.
   */
  nextEmit(type: string, predicate?: (e: Emitted) => boolean): Promise<Emitted>;
  /** `nextEmit` for a control addressed by its id (a case with its own `id`). */
  nextEmitOf(id: string, predicate?: (e: Emitted) => boolean): Promise<Emitted>;
  /** Waits for a frame the hub received whose payload matches `predicate`. */
  nextFrame(
    predicate: (frame: { type: string; payload: Record<string, unknown> }) => boolean,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

function merged(example: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const out: Record<string, unknown> = { ...example };
  for (const [key, value] of Object.entries(extra)) {
    const base = out[key];
    out[key] =
      typeof base === "object" &&
      base !== null &&
      !Array.isArray(base) &&
      typeof value === "object" &&
      value !== null
        ? { ...base, ...value }
        : value;
  }
  return out;
}

/** Starts a device showing the doc example of every case, one below the other, four columns wide. */
export async function startDocExampleRig(
  cases: ControlCase[],
  channel: string,
  chromiumArgs: readonly string[] = [],
): Promise<DocExampleRig> {
  const layoutFile = join(mkdtempSync(join(tmpdir(), "carter-controls-")), "layout.json");
  writeFileSync(layoutFile, "{}");
  const rig: DeviceRig = await startDeviceRig({ layout: layoutFile, chromiumArgs });
  const examples = new Map<string, Record<string, unknown>>();
  let row = 0;
  const children = cases.map((c) => {
    const rows = c.rows ?? 5;
    const def = merged({ ...getControlDoc(c.type).example }, c.with);
    def.position = [row, 0];
    def.span = [rows, 4];
    if (def.action === undefined) def.action = emitAction(String(def.id), "action");
    row += rows;
    // The first case of a type is the one `cell(type)` and `push(type)` address.
    if (!examples.has(c.type)) examples.set(c.type, def);
    return def;
  });
  writeFileSync(
    layoutFile,
    JSON.stringify({
      name: "Controls",
      version: 1,
      connection: { url: rig.relay.url, identity: { name: "controls-device", channel, role: "controller" } },
      tabs: [{ title: "All", grid: { columns: 4, rows: row }, children }],
    }),
  );
  const hub = quietClient({ url: rig.relay.url, name: "controls-hub", channel, role: "hub" });
  await hub.connect();
  const emitted: Emitted[] = [];
  /** Per control id: the index in `emitted` after the emit `nextEmit` last returned. */
  const seenUpTo = new Map<string, number>();
  const frames: { type: string; payload: unknown }[] = [];
  hub.onFrame((frame) => {
    frames.push({ type: frame.type, payload: frame.payload });
    const payload = frame.payload as Record<string, unknown> | null;
    if (frame.type === "broadcast" && payload?.msg_type === "emit")
      emitted.push(payload as unknown as Emitted);
  });
  const { page, errors } = await openPage(
    { newPage: () => rig.browser.newPage({ viewport: { width: 900, height: 1000 } }) },
    rig.server.url,
  );
  await waitForPhase(page, "connected");
  const idOf = (type: string) => {
    const def = examples.get(type);
    if (!def) throw new Error(`no case for ${type}`);
    return String(def.id);
  };
  /** See {@link DocExampleRig.nextEmitOf}. */
  const nextEmitOf = async (id: string, predicate: (e: Emitted) => boolean = () => true) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const from = seenUpTo.get(id) ?? 0;
      for (let at = emitted.length - 1; at >= from; at--) {
        if (emitted[at].id !== id || !predicate(emitted[at])) continue;
        seenUpTo.set(id, at + 1);
        return emitted[at];
      }
      if (Date.now() > deadline) throw new Error(`no emit from ${id}; saw ${JSON.stringify(emitted)}`);
      await page.waitForTimeout(25);
    }
  };
  return {
    page,
    errors,
    emitted,
    frames,
    hub,
    idOf,
    cell: (type) => page.locator(`[data-control-id="${idOf(type)}"]`),
    push(type, value) {
      const def = examples.get(type)!;
      const binding = (def.sync as { filter: { msg_type: string }; valuePath?: string }[])[0];
      const data: Record<string, unknown> = {};
      let target = data;
      const path = (binding.valuePath ?? "value").split(".");
      path.slice(0, -1).forEach((key) => (target = (target[key] = {}) as Record<string, unknown>));
      target[path[path.length - 1]] = value;
      hub.broadcast(binding.filter.msg_type, data);
    },
    nextEmit: (type, predicate) => nextEmitOf(idOf(type), predicate),
    nextEmitOf,
    async nextFrame(predicate) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = frames.filter(
          (f) =>
            typeof f.payload === "object" &&
            f.payload !== null &&
            predicate(f as { type: string; payload: Record<string, unknown> }),
        );
        if (found.length > 0) return found[found.length - 1].payload as Record<string, unknown>;
        if (Date.now() > deadline)
          throw new Error(`no matching frame; saw ${JSON.stringify(frames.slice(-10))}`);
        await page.waitForTimeout(25);
      }
    },
    async close() {
      await hub.close();
      await rig.close();
    },
  };
}

/** The centre of an element of the page (scrolled into view) for mouse gestures. */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error("element has no box");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
