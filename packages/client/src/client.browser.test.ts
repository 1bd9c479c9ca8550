import { startRelay, type RunningRelay } from "@carter/relay";
import { type Browser } from "playwright-core";
import { bundleIife, launchChromium, scriptPage, servePage, type ServedPage } from "@carter/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeshClient } from "./client.js";
import { scriptedServer, until, welcomeOnIdentify, type ScriptedConnection } from "./test-helpers.js";

const KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

let bundle = "";
let browser: Browser;
let relay: RunningRelay;
let page: ServedPage;

beforeAll(async () => {
  bundle = await bundleIife(new URL("./index.ts", import.meta.url), "Mesh");
  browser = await launchChromium();
  page = await servePage(scriptPage(bundle));
  relay = await startRelay({
    host: "127.0.0.1",
    port: 0,
    logLevel: "silent",
    allowedOrigins: [page.origin],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await page?.close();
});

describe("in a real browser", () => {
  it("bundles without ws or Node built-ins", () => {
    expect(bundle).toContain("exports.MeshClient = MeshClient");
    expect(bundle).not.toMatch(/require\(|from ["']node:|["']node:[a-z]/);
    expect(bundle).not.toMatch(/WebSocketServer|perMessageDeflate/);
  });

  it("joins the relay with the native WebSocket and exchanges sealed frames with a Node hub", async () => {
    const hub = new MeshClient({
      url: relay.url,
      name: "hub",
      channel: "web",
      role: "hub",
      e2ee: { key: KEY, mode: "hub" },
    });
    hub.on("get_state", (p: { which: string }) => ({ state: `${p.which}:on` }));
    const fromBrowser = new Promise((resolve) => hub.on("broadcast", (p) => void resolve(p)));
    await hub.connect();
    try {
      const tab = await browser.newPage();
      await tab.goto(page.url);
      const result = await tab.evaluate(
        async ({ url, key }) => {
          const { MeshClient } = (globalThis as unknown as { Mesh: typeof import("./index.js") }).Mesh;
          const app = new MeshClient({
            url,
            name: "browser-app",
            channel: "web",
            role: "controller",
            e2ee: { key, mode: "app" },
          });
          await app.connect();
          app.broadcast("porch.light", { on: true });
          const reply = await app.route("hub", "get_state", { which: "fan" });
          const id = app.id;
          await app.close();
          return { reply, id, state: app.state };
        },
        { url: relay.url, key: KEY },
      );
      expect(result.reply).toEqual({ state: "fan:on" });
      expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.state).toBe("closed");
      expect(await fromBrowser).toEqual({ msg_type: "porch.light", on: true });
      await tab.close();
    } finally {
      await hub.close();
    }
  });

  it("notices a dead link with ping frames (no protocol pings in browsers) and redials", async () => {
    let deadLink: ScriptedConnection | null = null;
    const server = await scriptedServer((conn) => {
      welcomeOnIdentify(conn);
      conn.socket.on("message", (data) => {
        const frame = JSON.parse(String(data)) as { id: string; type: string };
        if (frame.type === "ping" && conn !== deadLink)
          conn.send({ type: "ping", payload: "pong", reply_to: frame.id });
      });
    });
    const tab = await browser.newPage();
    try {
      await tab.goto(page.url);
      await tab.evaluate(async (url) => {
        const { MeshClient } = (globalThis as unknown as { Mesh: typeof import("./index.js") }).Mesh;
        const events: unknown[][] = [];
        const app = new MeshClient({
          url,
          name: "browser-app",
          keepalive: { intervalMs: 30, timeoutMs: 300 },
          reconnect: { initialDelayMs: 20 },
        });
        Object.assign(globalThis, { app, events });
        app.events.on("ready", () => events.push(["ready"]));
        app.events.on("disconnect", ({ code, reason }) => events.push(["disconnect", code, reason]));
        await app.connect();
      }, server.url);
      await until(
        () => server.connections[0].frames.filter((f) => f.type === "ping").length >= 2,
        "two answered pings",
      );
      deadLink = server.connections[0];
      await tab.waitForFunction(() => (globalThis as unknown as { events: unknown[][] }).events.length === 3);
      expect(await tab.evaluate(() => (globalThis as unknown as { events: unknown[][] }).events)).toEqual([
        ["ready"],
        ["disconnect", 4000, "keepalive timeout"],
        ["ready"],
      ]);
      expect(server.connections).toHaveLength(2);
      expect(server.connections[1].frames[0].type).toBe("identify");
      await until(() => server.connections[0].closed, "the dead socket to be closed");
      await tab.evaluate(() => (globalThis as unknown as { app: MeshClient }).app.close());
    } finally {
      await tab.close();
      await server.close();
    }
  });
});
