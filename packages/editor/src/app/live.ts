import { liveEditDevices, MeshClient, routeVerb, type ClientState } from "@carter/client";
import { asRenderedSummary, compareEcho, type EchoComparison } from "@carter/kit";
import { isJsonObject, type RosterEntry } from "@carter/protocol";
import { batch, signal } from "@preact/signals";
import type { LiveInfo } from "../server/live.js";
import { reveal } from "./scope.js";
import type { Store } from "./store.js";

/** A paired device as the editor shows it: roster entry, its last echo, and its last answer. */
export interface PairedDevice {
  id: string;
  name: string;
  role: string;
  /** The device's `rendered` summary of the last push compared with what was pushed. */
  echo: EchoComparison | null;
  /** The outcome of the last verb sent to it (`pushed v12`, `saved as x.json`, a refusal…). */
  note: string;
  failed: boolean;
}

/** How long the document must rest before an automatic push. */
const AUTO_PUSH_MS = 300;
/** Roster poll period while connected (session-protocol §5.1: every second). */
const ROSTER_MS = 1000;
const PUSH_TIMEOUT_MS = 15_000;

/** The layout without `msg_type`: what `apply-layout` and `layout-update` carry. */
function pushable(layout: unknown): Record<string, unknown> {
  const { msg_type: _dropped, ...body } = layout as Record<string, unknown>;
  return body;
}

/**
 * The editor's live-edit link (session-protocol §5): joins the channel the editor server named,
 * lists paired devices from the roster, pushes with the truthful rule of §5.3 (routed
 * `apply-layout` to every device on the roster, each echo compared with the document; a
 * `layout-update` broadcast only when none is there), saves and imports, and follows the devices'
 * Studio Mirror events.
 */
export function createLive(store: Store) {
  const info = signal<LiveInfo | null>(null);
  const state = signal<ClientState | "unavailable">("idle");
  const devices = signal<PairedDevice[]>([]);
  /** Controls a device dropped at the last push, highlighted on the canvas. */
  const dropped = signal<string[]>([]);
  /** What the last push, save or import did, in words. */
  const message = signal("");
  /** Push every change of the document (after a short pause) while on. */
  const autoPush = signal(false);
  let client: MeshClient | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  const name = `carter-editor-${Math.random().toString(36).slice(2, 8)}`;

  const update = (id: string, change: Partial<PairedDevice>) => {
    devices.value = devices.value.map((d) => (d.id === id ? { ...d, ...change } : d));
  };

  const refreshRoster = async () => {
    if (client === null || client.state !== "ready") return;
    let roster: RosterEntry[];
    try {
      roster = liveEditDevices(await client.nodes({ timeout: 5000 }), name);
    } catch {
      return;
    }
    const known = new Map(devices.value.map((d) => [d.id, d]));
    const next = roster.map(
      (entry) =>
        known.get(entry.id) ?? {
          id: entry.id,
          name: entry.name,
          role: entry.role,
          echo: null,
          note: "paired",
          failed: false,
        },
    );
    if (JSON.stringify(next) !== JSON.stringify(devices.value)) devices.value = next;
  };

  /** Selects the control (showing its tab, popup or panel) a device's Studio Mirror event names. */
  const follow = (payload: Record<string, unknown>) => {
    if (payload.event === "tab" && typeof payload.index === "number") {
      if (payload.index >= 0 && payload.index < store.layout.value.tabs.length)
        store.tab.value = payload.index;
      return;
    }
    // Its tab, and the popup or panel holding it, become what the canvas shows.
    if (typeof payload.control === "string") reveal(store, payload.control);
  };

  let pushing: Promise<void> | null = null;
  let again = false;
  /** One push at a time; changes made meanwhile are pushed once it is done. */
  const pushLatest = (push: () => Promise<void>) => {
    if (pushing) {
      again = true;
      return;
    }
    pushing = push().finally(() => {
      pushing = null;
      if (again) {
        again = false;
        pushLatest(push);
      }
    });
  };

  const target = (id?: string): PairedDevice | null =>
    (id === undefined ? devices.value[0] : devices.value.find((d) => d.id === id)) ?? null;

  const live = {
    info,
    state,
    devices,
    dropped,
    message,
    autoPush,
    name,

    /** Reads `/live.json` and joins the channel; polls the roster every second while connected. */
    async start(): Promise<void> {
      const response = await fetch("live.json", { cache: "no-store" }).catch(() => null);
      if (!response?.ok) {
        state.value = "unavailable";
        return;
      }
      const live = (await response.json()) as LiveInfo;
      info.value = live;
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      client = new MeshClient({
        url: live.relay ?? `${scheme}://${location.host}/relay`,
        name,
        channel: live.channel,
        role: "editor",
        token: live.token ?? undefined,
        canBroadcast: true,
        canRoute: true,
        canMonitor: true,
        logger: { debug: () => {}, info: () => {} },
      });
      client.events.on("state", (next) => (state.value = next));
      client.on("broadcast", (payload) => {
        if (isJsonObject(payload) && payload.msg_type === "studio.event") follow(payload);
        return undefined;
      });
      timer = setInterval(() => void refreshRoster(), ROSTER_MS);
      await client.connect().catch(() => undefined);
      await refreshRoster();
    },

    /**
     * Pushes the document: routed `apply-layout` to every paired device, each echo compared with
     * the document (dropped controls highlighted); a `layout-update` broadcast when none is paired.
     */
    async push(): Promise<void> {
      if (client === null) return;
      await refreshRoster();
      const layout = pushable(store.doc.layout);
      const version = store.doc.version;
      const targets = devices.value;
      if (targets.length === 0) {
        client.broadcast("layout-update", layout);
        batch(() => {
          dropped.value = [];
          message.value = `no device paired: broadcast layout-update v${version} (no echo)`;
        });
        return;
      }
      const lost = new Set<string>();
      await Promise.all(
        targets.map(async (device) => {
          try {
            const reply = await routeVerb(client!, device, "apply-layout", layout, PUSH_TIMEOUT_MS);
            const rendered = asRenderedSummary(reply.rendered);
            const echo = rendered ? compareEcho(layout, rendered) : null;
            for (const each of echo?.dropped ?? []) lost.add(each.id);
            update(device.id, {
              echo,
              failed: echo === null || !echo.matches,
              note: !echo
                ? `pushed v${version}: no rendered summary came back`
                : echo.matches
                  ? `pushed v${version}: all ${echo.documentCount} controls rendered`
                  : `pushed v${version}: ${echo.dropped.length} dropped, ${echo.differing.length} differing, ${echo.unexpected.length} unexpected`,
            });
          } catch (error) {
            update(device.id, { echo: null, failed: true, note: (error as Error).message });
          }
        }),
      );
      batch(() => {
        dropped.value = [...lost];
        message.value = `pushed v${version} to ${targets.length} device${targets.length === 1 ? "" : "s"}`;
      });
    },

    /** Saves the document on a device (`save-layout`), or broadcasts `layout-save` when none is paired. */
    async save(id?: string): Promise<void> {
      if (client === null) return;
      const layout = pushable(store.doc.layout);
      const device = target(id);
      if (!device) {
        client.broadcast("layout-save", layout);
        message.value = "no device paired: broadcast layout-save";
        return;
      }
      try {
        const reply = await routeVerb(client, device, "save-layout", { layout });
        update(device.id, { failed: false, note: `saved as ${String(reply.file)}` });
      } catch (error) {
        update(device.id, { failed: true, note: (error as Error).message });
      }
    },

    /** Replaces the document with what a device shows (`get-current-layout`, full), as one undo step. */
    async importFrom(id?: string): Promise<void> {
      const device = target(id);
      if (client === null || !device) {
        message.value = "import: no device paired";
        return;
      }
      try {
        const reply = await routeVerb(client, device, "get-current-layout", { include: "full" });
        if (!isJsonObject(reply.layout))
          throw new Error(`get-current-layout: '${device.name}' shows no layout`);
        if (store.apply({ op: "replaceLayout", layout: reply.layout }))
          update(device.id, { failed: false, note: `imported '${String(reply.layout.name ?? "")}'` });
        else
          update(device.id, { failed: true, note: `import refused: ${store.problem.value?.message ?? ""}` });
      } catch (error) {
        update(device.id, { failed: true, note: (error as Error).message });
      }
    },

    /** Asks every paired device to point out a control on its screen (`highlight-control`). */
    async highlight(controlId: string): Promise<void> {
      const mesh = client;
      if (mesh === null) return;
      await Promise.all(
        devices.value.map(async (device) => {
          try {
            await routeVerb(mesh, device, "highlight-control", { id: controlId });
            update(device.id, { failed: false, note: `showing ${controlId}` });
          } catch (error) {
            update(device.id, { failed: true, note: (error as Error).message });
          }
        }),
      );
    },

    async close(): Promise<void> {
      clearInterval(timer);
      clearTimeout(pending);
      stopAutoPush();
      await client?.close();
      client = null;
    },
  };
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stopAutoPush = store.doc.subscribe(() => {
    if (!autoPush.value) return;
    clearTimeout(pending);
    pending = setTimeout(() => pushLatest(() => live.push()), AUTO_PUSH_MS);
  });
  return live;
}

export type Live = ReturnType<typeof createLive>;
