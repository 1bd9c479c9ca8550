import { type Browser, type Page } from "playwright-core";
import { launchChromium } from "@carter/testing";
import { MeshClient } from "@carter/client";
import { startDeviceServer, type RunningDeviceServer } from "@carter/device/server";
import type { CarterHook } from "@carter/device";
import { startRelay, type RunningRelay } from "@carter/relay";
import type { Row, Suite, SuiteContext, SuiteResult } from "../lib/report.js";
import { percentile } from "../lib/stats.js";

declare const window: { __carter?: CarterHook; __bench?: PageProbe };

/** What the page records during one window. */
export interface PageProbe {
  deltas: number[];
  longTasks: number;
  longTaskMs: number;
  renders: number;
  stop(): void;
}

export interface WindowFigures {
  deltas: Float64Array;
  longTasks: number;
  longTaskMs: number;
  uiFlushesPerSecond: number;
  seconds: number;
}

const KINDS = ["gauge", "label", "sparkline", "toggle", "progressRing"] as const;
const CONTROLS = 200;
const COLUMNS = 10;
const FRAMES_PER_SECOND = 50;
const IDLE_WINDOW_MS = 5_000;
const LOAD_WINDOW_MS = 10_000;
const CHANNEL = "bench";

/** 200 controls, 40 of each kind, every one bound to its own key of the `bench` frame. */
function benchLayout(): Record<string, unknown> {
  const children = Array.from({ length: CONTROLS }, (_, index) => {
    const type = KINDS[index % KINDS.length];
    const control: Record<string, unknown> = {
      type,
      id: `c${index}`,
      position: [Math.floor(index / COLUMNS), index % COLUMNS],
      label: `${type} ${index}`,
      sync: [
        {
          method: "meshsocket",
          type: "listen",
          event: "broadcast",
          filter: { msg_type: "bench" },
          valuePath: `c${index}`,
        },
      ],
    };
    if (type === "gauge" || type === "progressRing") Object.assign(control, { min: 0, max: 100 });
    if (type === "sparkline") control.sparklinePoints = 50;
    return control;
  });
  return {
    name: "Device bench",
    version: 1,
    connection: {
      url: "ws://127.0.0.1:1",
      identity: { name: "bench-device", channel: CHANNEL, role: "viewer" },
    },
    tabs: [
      {
        title: "Bench",
        icon: "gauge",
        grid: { columns: COLUMNS, rows: CONTROLS / COLUMNS, rowHeight: 40 },
        children,
      },
    ],
  };
}

/** Frame `seq`: every control gets a new value (the worst case: all 200 change every frame). */
function benchFrame(seq: number): Record<string, unknown> {
  const frame: Record<string, unknown> = { msg_type: "bench", seq };
  for (let index = 0; index < CONTROLS; index++) {
    const wave = 50 + 45 * Math.sin((seq + index * 7) / 10);
    switch (KINDS[index % KINDS.length]) {
      case "label":
        frame[`c${index}`] = `${wave.toFixed(1)} °C`;
        break;
      case "toggle":
        frame[`c${index}`] = Math.floor((seq + index) / 25) % 2 === 0;
        break;
      default:
        frame[`c${index}`] = Math.round(wave * 10) / 10;
    }
  }
  return frame;
}

/**
 * Records rAF deltas, long tasks and UI flushes in the page. Passed as source text: tsx would
 * wrap named functions of a compiled callback in a helper the page does not have.
 */
const PROBE_SCRIPT = `(() => {
  const probe = { deltas: [], longTasks: 0, longTaskMs: 0, renders: window.__carter.renderCount(), stop: () => {} };
  let running = true;
  let last = performance.now();
  const tick = (now) => {
    probe.deltas.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks += 1;
      probe.longTaskMs += entry.duration;
    }
  });
  observer.observe({ type: "longtask" });
  probe.stop = () => {
    running = false;
    observer.disconnect();
    probe.renders = window.__carter.renderCount() - probe.renders;
  };
  window.__bench = probe;
})()`;

export async function startProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE_SCRIPT);
}

export async function stopProbe(page: Page, seconds: number): Promise<WindowFigures> {
  const figures = await page.evaluate(() => {
    const probe = window.__bench!;
    probe.stop();
    return {
      deltas: probe.deltas.slice(1),
      longTasks: probe.longTasks,
      longTaskMs: probe.longTaskMs,
      renders: probe.renders,
    };
  });
  return {
    deltas: Float64Array.from(figures.deltas),
    longTasks: figures.longTasks,
    longTaskMs: figures.longTaskMs,
    uiFlushesPerSecond: figures.renders / seconds,
    seconds,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function frameRows(load: WindowFigures, idle: WindowFigures): Row[] {
  const stat = (w: WindowFigures, p: number) => percentile(w.deltas, w.deltas.length, p);
  const max = (w: WindowFigures) => (w.deltas.length > 0 ? Math.max(...w.deltas) : undefined);
  return [
    { metric: "frame time p50", unit: "ms", value: stat(load, 50), baseline: stat(idle, 50) },
    {
      metric: "frame time p95",
      unit: "ms",
      value: stat(load, 95),
      baseline: stat(idle, 95),
      target: { kind: "at-most", limit: 33.4 },
    },
    { metric: "frame time p99", unit: "ms", value: stat(load, 99), baseline: stat(idle, 99) },
    { metric: "frame time max", unit: "ms", value: max(load), baseline: max(idle) },
    { metric: "long tasks", unit: "count", value: load.longTasks, baseline: idle.longTasks },
    { metric: "long task time", unit: "ms", value: load.longTaskMs, baseline: idle.longTaskMs },
    { metric: "UI flushes", unit: "/s", value: load.uiFlushesPerSecond, baseline: idle.uiFlushesPerSecond },
  ];
}

async function run(context: SuiteContext): Promise<SuiteResult> {
  let relay: RunningRelay | undefined;
  let server: RunningDeviceServer | undefined;
  let publisher: MeshClient | undefined;
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    relay = await startRelay({
      host: "127.0.0.1",
      port: 0,
      rateLimit: 0,
      allowedOrigins: ["*"],
      logLevel: "silent",
    });
    server = await startDeviceServer({
      host: "127.0.0.1",
      port: 0,
      layout: benchLayout(),
      relay: relay.url,
      log: context.log,
    });
    publisher = new MeshClient({
      url: relay.url,
      name: "bench-hub",
      channel: CHANNEL,
      role: "hub",
      logger: { debug: () => {}, info: () => {} },
    });
    await publisher.connect();
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    let received = 0;
    page.on("websocket", (socket) =>
      socket.on(
        "framereceived",
        ({ payload }) => void (String(payload).includes('"msg_type":"bench"') && received++),
      ),
    );
    await page.goto(server.url);
    await page.waitForFunction(() => window.__carter?.state().phase === "connected", undefined, {
      timeout: 20_000,
    });
    await page.waitForFunction(
      (count) => document.querySelectorAll("[data-control-id]").length >= count,
      CONTROLS,
      { timeout: 20_000 },
    );

    context.log(`idle window: ${IDLE_WINDOW_MS / 1000} s, connected, no updates`);
    await startProbe(page);
    await sleep(IDLE_WINDOW_MS);
    const idle = await stopProbe(page, IDLE_WINDOW_MS / 1000);

    context.log(
      `load window: ${LOAD_WINDOW_MS / 1000} s at ${FRAMES_PER_SECOND} frames/s, all ${CONTROLS} controls per frame`,
    );
    let sent = 0;
    received = 0;
    await startProbe(page);
    const client = publisher;
    const startedAt = performance.now();
    // Paced against the clock, so timer drift on a loaded machine does not lower the offered rate.
    timer = setInterval(() => {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * FRAMES_PER_SECOND);
      while (sent < due) client.send("broadcast_request", benchFrame(sent++));
    }, 1000 / FRAMES_PER_SECOND);
    await sleep(LOAD_WINDOW_MS);
    clearInterval(timer);
    timer = undefined;
    const seconds = (performance.now() - startedAt) / 1000;
    // Frames still in flight when the window closes count as delivered if they land within 1 s.
    const deadline = Date.now() + 1000;
    while (received < sent && Date.now() < deadline) await sleep(50);
    const load = await stopProbe(page, seconds);

    const rows: Row[] = [
      ...frameRows(load, idle),
      { metric: "frames sent", unit: "/s", value: sent / seconds },
      { metric: "frames delivered", unit: "/s", value: received / seconds },
      {
        metric: "delivered / sent",
        unit: "ratio",
        value: sent > 0 ? received / sent : undefined,
        target: { kind: "at-least", limit: 0.99 },
      },
    ];
    return {
      labels: { value: "50 fps updates", baseline: "idle" },
      rows,
      notes: [
        `${CONTROLS} controls (${KINDS.map((kind) => `${CONTROLS / KINDS.length} ${kind}`).join(", ")}) on one 10-column tab, 1280×900 viewport`,
        `every frame updates all ${CONTROLS} controls (worst case); baseline = the same page connected with updates off`,
        "frame time = requestAnimationFrame deltas in the page; long tasks from PerformanceObserver('longtask')",
        "delivered = bench frames the page's WebSocket received (Playwright); UI flushes = batched renders the device reports",
        "relay, device server, publisher and headless Chromium all on 127.0.0.1 of this machine",
      ],
    };
  } finally {
    clearInterval(timer);
    await browser?.close();
    await publisher?.close();
    await relay?.close();
    await server?.close();
  }
}

const suite: Suite = {
  name: "device",
  description: "web device: 200 controls updated at 50 frames/s in headless Chromium vs the idle page",
  timeoutMs: 60_000,
  run,
};

export default suite;
