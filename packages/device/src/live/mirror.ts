import type { DeviceEngine } from "../engine/engine.js";
import { DEVICE_APP_VERSION } from "./responders.js";

export const VALUE_COALESCE_MS = 100;

/**
 * Studio Mirror: narrates what happens on the device as `studio.event` broadcasts while a
 * live-edit session is open (session-protocol §5.5). User value edits are coalesced per control
 * to at most one event per 100 ms.
 */
export class StudioMirror {
  private readonly latest = new Map<string, unknown>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly stop: () => void;

  constructor(
    private readonly engine: DeviceEngine,
    private readonly broadcast: (payload: Record<string, unknown>) => void,
    private readonly deviceName: () => string,
    private readonly currentTab: () => { title: string; index: number } | null,
  ) {
    this.stop = engine.listen({
      userValue: (control, value) => this.value(control, value),
      action: (control, controlType, _event, payload) =>
        this.event("action", { control, controlType, payload }),
    });
  }

  hello(): void {
    this.event("hello", {
      device: this.deviceName(),
      appVersion: DEVICE_APP_VERSION,
      layout: this.engine.layout.value?.name ?? null,
    });
  }

  layout(): void {
    const layout = this.engine.layout.value;
    if (!layout) {
      this.event("layout-closed", {});
      return;
    }
    const tabs = this.engine.tabs.value.map((tab) => ({ id: tab.title, title: tab.title }));
    this.event("layout", {
      layout: layout.name ?? null,
      layoutId: layout.id ?? null,
      tabs,
      controls: this.engine.controlCount,
      tab: this.currentTab()?.title ?? null,
    });
  }

  tab(): void {
    const tab = this.currentTab();
    if (tab) this.event("tab", { tab: tab.title, title: tab.title, index: tab.index });
  }

  bye(): void {
    this.flushValues();
    this.event("bye", {});
  }

  dispose(): void {
    this.flushValues();
    this.stop();
  }

  private value(control: string, value: unknown): void {
    this.latest.set(control, value);
    this.timer ??= setTimeout(() => this.flushValues(), VALUE_COALESCE_MS);
  }

  private flushValues(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [control, value] of this.latest) this.event("value", { control, value });
    this.latest.clear();
  }

  private event(event: string, fields: Record<string, unknown>): void {
    this.broadcast({ msg_type: "studio.event", event, ...fields });
  }
}
