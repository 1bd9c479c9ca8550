import { render } from "preact";
import { App } from "./app/App.js";
import { DeviceController, type LinkFactory, type LoadResult } from "./app/controller.js";
import { createHook, type CarterHook } from "./app/hook.js";
import { fetchJson } from "./app/Loader.js";
import { pairingFromFragment } from "./engine/pairing.js";
import type { FrameScheduler } from "./engine/store.js";

export interface MountOptions {
  /** A layout object to render at once. */
  layout?: unknown;
  /** A URL to fetch the layout from. */
  layoutUrl?: string;
  /** A pairing payload `{url, channel, role?, token?, k?}`: starts a live-edit session. */
  pairing?: unknown;
  /**
   * Read the page location like the standalone app: `#pair=…`, else `?layout=<url>`, else the
   * serving page's `/layout.json` when there is one.
   */
  fromLocation?: boolean;
  /** Mesh name when the layout gives none. Default: a stable per-browser `web-xxxxxx`. */
  name?: string;
  /** Install `window.__carter` (default: with `fromLocation`). */
  exposeHook?: boolean;
  /** Test seams. */
  createLink?: LinkFactory;
  schedule?: FrameScheduler;
}

export interface MountedDevice {
  readonly controller: DeviceController;
  readonly hook: CarterHook;
  loadLayout(layout: unknown, source?: string): LoadResult;
  pair(payload: unknown): LoadResult;
  unmount(): void;
}

declare global {
  interface Window {
    __carter?: CarterHook;
  }
}

function stableName(): string {
  const key = "carter.deviceName";
  try {
    const saved = localStorage.getItem(key);
    if (saved) return saved;
    const name = `web-${Math.random().toString(36).slice(2, 8)}`;
    localStorage.setItem(key, name);
    return name;
  } catch {
    return `web-${Math.random().toString(36).slice(2, 8)}`;
  }
}

async function loadFromLocation(controller: DeviceController): Promise<void> {
  let pairing: Record<string, unknown> | null = null;
  try {
    pairing = pairingFromFragment(location.hash);
  } catch (error) {
    controller.error.value = (error as Error).message;
  }
  if (pairing) {
    if (controller.pair(pairing).ok) {
      // Once the user ends the session a reload must not pair again.
      const stop = controller.liveEdit.subscribe((live) => {
        if (live) return;
        history.replaceState(null, "", location.pathname + location.search);
        queueMicrotask(() => stop());
      });
    }
    return;
  }
  if (new URLSearchParams(location.search).get("view") === "glance") controller.glance.value = true;
  const layoutUrl = new URLSearchParams(location.search).get("layout");
  if (layoutUrl) {
    try {
      controller.loadLayout(await fetchJson(layoutUrl), layoutUrl);
    } catch (error) {
      controller.error.value = (error as Error).message;
    }
    return;
  }
  const response = await fetch("layout.json", { cache: "no-store" }).catch(() => null);
  if (response?.ok) {
    const doc = (await response.json().catch(() => undefined)) as unknown;
    if (doc !== undefined && controller.loadLayout(doc, "layout.json").ok) return;
  }
  // Nothing served (a pasted or picked layout, or offline without a cached /layout.json): reopen the last one.
  const last = readLastLayout();
  if (last && controller.engine.layout.value === null) controller.loadLayout(last.layout, last.source);
}

const LAST_LAYOUT_KEY = "carter.lastLayout";

function readLastLayout(): { source: string; layout: unknown } | null {
  try {
    const text = localStorage.getItem(LAST_LAYOUT_KEY);
    const parsed = text === null ? null : (JSON.parse(text) as unknown);
    return parsed !== null && typeof parsed === "object" && "layout" in parsed && "source" in parsed
      ? (parsed as { source: string; layout: unknown })
      : null;
  } catch {
    return null;
  }
}

/** Remembers each layout loaded outside a live-edit session, so the app reopens it. */
function rememberLayouts(controller: DeviceController): () => void {
  return controller.engine.layout.subscribe((layout) => {
    if (!layout || controller.liveEdit.value) return;
    try {
      localStorage.setItem(LAST_LAYOUT_KEY, JSON.stringify({ source: controller.source.value, layout }));
    } catch {
      // Storage full or unavailable: the app simply will not reopen it.
    }
  });
}

/** Renders a device into `element`. */
export function mountDevice(element: HTMLElement, options: MountOptions = {}): MountedDevice {
  const controller = new DeviceController({
    fallbackName: options.name ?? stableName(),
    createLink: options.createLink,
    schedule: options.schedule,
  });
  const hook = createHook(controller);
  if (options.exposeHook ?? options.fromLocation) window.__carter = hook;
  const onVisibility = () => controller.setForeground(document.visibilityState !== "hidden");
  const onPageHide = () => controller.close();
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("pagehide", onPageHide);
  onVisibility();
  render(<App controller={controller} />, element);

  if (options.pairing !== undefined) controller.pair(options.pairing);
  if (options.layout !== undefined) controller.loadLayout(options.layout, "mount");
  else if (options.layoutUrl) {
    fetchJson(options.layoutUrl).then(
      (doc) => controller.loadLayout(doc, options.layoutUrl!),
      (error: Error) => (controller.error.value = error.message),
    );
  } else if (options.fromLocation) void loadFromLocation(controller);
  const forget = options.fromLocation ? rememberLayouts(controller) : () => {};

  return {
    controller,
    hook,
    loadLayout: (layout, source = "mount") => controller.loadLayout(layout, source),
    pair: (payload) => controller.pair(payload),
    unmount() {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", onPageHide);
      forget();
      controller.close();
      render(null, element);
      if (window.__carter === hook) delete window.__carter;
    },
  };
}

export { DeviceController, type LoadResult } from "./app/controller.js";
export type { CarterHook, FiredAction } from "./app/hook.js";
export { DeviceEngine, type Outbound, type LayoutSummary, type EngineListener } from "./engine/engine.js";
export type { Link, LinkStatus, LinkPhase, LinkFrame } from "./engine/link.js";
export type { LayoutDoc, TabDef } from "./engine/layout.js";
export { pairingFromFragment, linkOptions, type DeviceLinkOptions } from "./engine/pairing.js";
