import type { CarterHook, FiredAction } from "@carter/device";
import { isJsonObject } from "@carter/protocol";
import { signal, useSignalEffect } from "@preact/signals";
import { useEffect, useRef, useState } from "preact/hooks";
import { sampleFrames } from "./simulate.js";
import type { Store } from "./store.js";

/** Viewport sizes the preview frame takes, in CSS pixels. */
export const FRAMES = {
  phone: { width: 390, height: 844 },
  tablet: { width: 820, height: 1180 },
  desktop: { width: 1280, height: 800 },
} as const;
export type FrameName = keyof typeof FRAMES;

const frame = signal<FrameName>("phone");
const scheme = signal<"light" | "dark">("dark");
const hook = signal<CarterHook | null>(null);
/** Why the preview could not render the document, if it could not. */
const refusal = signal<string | null>(null);
/** Actions the preview's controls fired, newest first. */
const actions = signal<(FiredAction & { at: string })[]>([]);
const running = signal(false);
/** Frames fired by the last simulation step, in words. */
const fired = signal("");
const ACTIONS_KEPT = 50;
let tick = 0;

/**
 * The document as the preview loads it: without its `connection` block (the preview never dials a
 * relay), and with the chosen scheme standing in for the system's when the layout does not force one.
 */
export function previewLayout(layout: unknown, chosen: "light" | "dark"): unknown {
  if (!isJsonObject(layout)) return layout;
  const { connection: _dialsNothing, ...copy } = layout;
  const appearance = isJsonObject(layout.appearance) ? layout.appearance : {};
  if (appearance.colorScheme !== "light" && appearance.colorScheme !== "dark")
    copy.appearance = { ...appearance, colorScheme: chosen };
  return copy;
}

/** Fires one round of sample frames (from the layout's contract) at the preview. */
function simulate(store: Store): void {
  const device = hook.value;
  if (!device) return;
  const frames = sampleFrames(store.doc.layout, tick++);
  for (const each of frames) device.inject(each.event, each.payload);
  fired.value = frames.length
    ? `${frames.length} frame${frames.length === 1 ? "" : "s"} → ${frames.flatMap((f) => f.controls).join(", ")}`
    : "no control has a meshsocket sync binding";
}

/** Waits for the device app inside the frame to install its hook. */
function useDeviceHook(frameRef: { current: HTMLIFrameElement | null }): void {
  useEffect(() => {
    let stopActions: (() => void) | null = null;
    const timer = setInterval(() => {
      const found = (frameRef.current?.contentWindow as (Window & { __carter?: CarterHook }) | null)
        ?.__carter;
      if (!found) return;
      clearInterval(timer);
      stopActions = found.onAction((action) => {
        actions.value = [{ ...action, at: new Date().toLocaleTimeString() }, ...actions.value].slice(
          0,
          ACTIONS_KEPT,
        );
      });
      hook.value = found;
    }, 100);
    return () => {
      clearInterval(timer);
      stopActions?.();
      hook.value = null;
    };
  }, [frameRef]);
}

/**
 * The preview: the web device app itself (served by the editor server at `/device/`) in an
 * iframe sized like a phone, tablet or desktop, loading the document on every change.
 */
export function Preview({ store }: { store: Store }) {
  const frameRef = useRef<HTMLIFrameElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(420);
  useDeviceHook(frameRef);
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const observer = new ResizeObserver(() => setAvailable(box.clientWidth));
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  // A burst of changes (typing, a drag) reloads the device once, on the next frame.
  useSignalEffect(() => {
    const device = hook.value;
    const layout = store.layout.value;
    const chosen = scheme.value;
    if (!device) return;
    const frame = requestAnimationFrame(() => {
      const result = device.loadLayout(previewLayout(layout, chosen));
      refusal.value = result.ok ? null : result.error;
      device.selectTab(store.tab.peek());
    });
    return () => cancelAnimationFrame(frame);
  });
  useSignalEffect(() => hook.value?.selectTab(store.tab.value));
  useSignalEffect(() => {
    if (!running.value) return;
    const timer = setInterval(() => simulate(store), 1000);
    return () => clearInterval(timer);
  });

  const size = FRAMES[frame.value];
  // Fit the pane's width and leave room below for the simulation and actions.
  const tall = Math.max(240, window.innerHeight * 0.6);
  const scale = Math.max(0.1, Math.min(1, (available - 16) / size.width, tall / size.height));
  return (
    <section class="preview">
      <div class="preview-bar">
        {(Object.keys(FRAMES) as FrameName[]).map((name) => (
          <button
            key={name}
            data-frame={name}
            class={frame.value === name ? "active" : ""}
            onClick={() => (frame.value = name)}
          >
            {name}
          </button>
        ))}
        <button
          data-action="scheme"
          title="the system scheme the preview emulates"
          onClick={() => (scheme.value = scheme.value === "dark" ? "light" : "dark")}
        >
          {scheme.value}
        </button>
      </div>
      <div class="preview-box" ref={boxRef}>
        <div
          class={`device-frame ${frame.value}`}
          style={{
            width: `${size.width * scale}px`,
            height: `${size.height * scale}px`,
          }}
        >
          <iframe
            ref={frameRef}
            title="preview"
            src="device/?preview"
            style={{ width: `${size.width}px`, height: `${size.height}px`, transform: `scale(${scale})` }}
          />
        </div>
      </div>
      {refusal.value ? (
        <p class="preview-refusal" role="alert">
          the device refuses this layout: {refusal.value}
        </p>
      ) : null}
      <div class="simulate">
        <button data-action="simulate" disabled={!hook.value} onClick={() => simulate(store)}>
          Sample data
        </button>
        <label>
          <input
            type="checkbox"
            data-action="simulate-run"
            checked={running.value}
            onChange={(event) => (running.value = (event.target as HTMLInputElement).checked)}
          />
          every second
        </label>
        <span class="fired">{fired.value}</span>
      </div>
      <div class="actions-log">
        <h3>
          Actions <small>what the preview's controls would send</small>
          <button data-action="clear-actions" onClick={() => (actions.value = [])}>
            Clear
          </button>
        </h3>
        <ol>
          {actions.value.map((action, i) => (
            <li key={`${action.at}-${i}`} data-control={action.control}>
              <span class="when">{action.at}</span> <strong>{action.control}</strong>{" "}
              <span class="event">{action.event}</span> <code>{JSON.stringify(action.payload)}</code>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
