import { launchChromium } from "@carter/testing";
import { MeshClient } from "@carter/client";
import { startDeviceServer } from "@carter/device/server";
import { startRelay } from "@carter/relay";
import { placed, layoutOf, frameOf } from "./suites/device-types.js";
const only = process.argv[2];
const relay = await startRelay({ host: "127.0.0.1", port: 0, rateLimit: 0, allowedOrigins: ["*"], logLevel: "silent" });
const controls = placed().filter((c) => !only || only.split(",").includes(c.type));
const server = await startDeviceServer({ host: "127.0.0.1", port: 0, layout: layoutOf(controls, false, relay.url), relay: relay.url, log: () => {} });
const hub = new MeshClient({ url: relay.url, name: "h", channel: "bench-types", role: "hub", logger: { debug: () => {}, info: () => {} } });
await hub.connect();
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(server.url);
await page.waitForFunction(() => (window as any).__carter?.state().phase === "connected");
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
let t = 0;
const timer = setInterval(() => { hub.send("broadcast_request", frameOf(controls, t, false)); hub.send("broadcast_request", { msg_type: "chat_message", id: `m${t}`, sender: "b", text: `m ${t}` }); t++; }, 100);
await new Promise((r) => setTimeout(r, 2000));
await cdp.send("Profiler.start");
await new Promise((r) => setTimeout(r, 6000));
const { profile } = (await cdp.send("Profiler.stop")) as any;
clearInterval(timer);
const self = new Map<string, number>();
const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
const dt = new Map<number, number>();
profile.samples.forEach((id: number, i: number) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
// inclusive by function name+url
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map<string, number>();
for (const [id, time] of dt) {
  const n = byId.get(id);
  const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + time);
  const seen = new Set<string>();
  let cur: number | undefined = id;
  while (cur !== undefined) {
    const m = byId.get(cur);
    const k = `${m.callFrame.functionName || "(anon)"} ${m.callFrame.url.split("/").pop()}:${m.callFrame.lineNumber}`;
    if (!seen.has(k)) { incl.set(k, (incl.get(k) ?? 0) + time); seen.add(k); }
    cur = parent.get(cur);
  }
}
const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms ${k}`).join("\n");
console.log("SELF\n" + top(self));
console.log("INCL\n" + top(incl));
await browser.close(); await hub.close(); await relay.close(); await server.close();
process.exit(0);
