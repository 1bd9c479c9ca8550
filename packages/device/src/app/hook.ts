import type { LayoutSummary } from "../engine/engine.js";
import type { LinkPhase } from "../engine/link.js";
import type { SourcesStatus } from "../sources/status.js";
import type { DeviceController, LoadResult } from "./controller.js";

/**
 * `window.__carter`: the automation hook browser tests and the benchmark drive. Reads never
 * wait for a paint: `values()` is the engine's latest state, `renderCount()` counts the batched
 * flushes that reached the UI (one per animation frame at most).
 */
export interface CarterHook {
  state(): {
    phase: LinkPhase;
    detail: string | null;
    name: string | null;
    channel: string | null;
    role: string | null;
    liveEdit: boolean;
    layout: string | null;
    activeTab: number;
    /** The glance view is on screen. */
    glance: boolean;
    error: string | null;
  };
  values(ids?: string[]): Record<string, unknown>;
  layoutSummary(): LayoutSummary | null;
  renderCount(): number;
  loadLayout(layout: unknown): LoadResult;
  /** Feeds a frame to the engine as if it came from the relay (benchmarks without a network). */
  inject(type: string, payload: unknown): void;
  selectTab(index: number): void;
  /** MQTT/HTTP sources, sensor pipelines, publishers and binding problems, as of now. */
  sources(): SourcesStatus;
  /** Calls `listener` with every action a control fires (sent, or not for want of a link); returns the unsubscribe. */
  onAction(listener: (action: FiredAction) => void): () => void;
}

/** One action a control fired: the frame type (or `mqtt`/`http`) and the substituted payload. */
export interface FiredAction {
  control: string;
  controlType: string;
  event: string;
  payload: unknown;
}

export function createHook(controller: DeviceController): CarterHook {
  const { engine } = controller;
  return {
    state: () => ({
      phase: controller.status.value.phase,
      detail: controller.status.value.detail ?? null,
      name: controller.link?.name ?? null,
      channel: controller.link?.channel ?? null,
      role: controller.link?.role ?? null,
      liveEdit: controller.liveEdit.value,
      layout: engine.layout.value?.name ?? null,
      activeTab: controller.activeTab.value,
      glance: document.querySelector("[data-glance]") !== null,
      error: controller.error.value,
    }),
    values: (ids) => engine.snapshot(ids),
    layoutSummary: () => engine.summary(),
    renderCount: () => engine.values.renders,
    loadLayout: (layout) => controller.loadLayout(layout, "hook"),
    inject: (type, payload) => engine.receive(type, payload),
    selectTab: (index) => controller.selectTab(index),
    sources: () => controller.sources.currentStatus(),
    onAction: (listener) =>
      engine.listen({
        action: (control, controlType, event, payload) => listener({ control, controlType, event, payload }),
      }),
  };
}
