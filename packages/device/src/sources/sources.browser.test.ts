import type { Page } from "playwright-core";
import { connectAsync, type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPage, startDeviceRig, WAIT, waitForHook, type DeviceRig } from "../app/browser-fixture.js";
import {
  freePort,
  startHttp,
  startMosquitto,
  type RunningBroker,
  type RunningHttp,
} from "./servers.test-support.js";

function layout(name: string, sources: unknown, children: unknown[]) {
  return {
    name,
    version: 1,
    sources,
    tabs: [{ title: "Main", grid: { columns: 2, rows: 4 }, children }],
  };
}

async function load(page: Page, doc: unknown): Promise<void> {
  const result = await page.evaluate((d) => window.__carter!.loadLayout(d), doc);
  expect(result).toEqual({ ok: true });
}

function valueOf(page: Page, id: string, expected: unknown): Promise<unknown> {
  return page.waitForFunction(
    ([i, want]) =>
      JSON.stringify(window.__carter!.values([i as string])[i as string]) === JSON.stringify(want),
    [id, expected] as const,
    WAIT,
  );
}

/** The problem note drawn inside a control's cell. */
async function noteOf(page: Page, id: string, pattern: RegExp): Promise<string> {
  const note = page.locator(`[data-control-id="${id}"] [data-source-problem]`);
  await note.waitFor(WAIT);
  await expect.poll(() => note.textContent(), WAIT).toMatch(pattern);
  return (await note.textContent()) ?? "";
}

describe("mqtt and http sources in a real browser", () => {
  let rig: DeviceRig;
  let broker: RunningBroker;
  let http: RunningHttp;
  let client: MqttClient;
  let page: Page;
  let errors: string[];
  let load1 = 0;

  beforeAll(async () => {
    [rig, broker] = await Promise.all([startDeviceRig(), startMosquitto()]);
    http = await startHttp((request, response) => {
      if (request.path === "/api/status") {
        if (request.headers.authorization !== "Bearer t0k") {
          response.statusCode = 401;
          response.end('{"error":"no token"}');
          return true;
        }
        response.setHeader("Content-Type", "application/json");
        response.end(JSON.stringify({ cpu: { load: ++load1 }, host: "bench" }));
        return true;
      }
      if (request.path === "/api/restart" || request.path === "/api/motd" || request.path === "/api/fail") {
        response.statusCode = request.path === "/api/fail" ? 500 : 204;
        response.end();
        return true;
      }
      if (request.path === "/notjson") {
        response.end("<html>oops</html>");
        return true;
      }
      return false;
    });
    client = await connectAsync(broker.wsUrl, { clientId: "test-peer" });
    ({ page, errors } = await openPage(rig.browser, rig.server.url));
    await waitForHook(page);
  }, 180_000);

  afterAll(async () => {
    await client?.endAsync();
    await rig?.close();
    await broker?.close();
    await http?.close();
  });

  it("syncs and publishes over MQTT: retained on connect, wildcards, filters, raw strings", async () => {
    await client.publishAsync("bench/note", "retained hello", { retain: true, qos: 1 });
    const published: { topic: string; body: string }[] = [];
    client.on("message", (topic, body) => published.push({ topic, body: body.toString() }));
    await client.subscribeAsync(["fan/set", "lamp/set"], { qos: 0 });

    await load(
      page,
      layout("Greenhouse", { broker: { type: "mqtt", url: broker.wsUrl } }, [
        { type: "label", id: "note", position: [0, 0], sync: [{ method: "mqtt", topic: "bench/note" }] },
        {
          type: "gauge",
          id: "temp",
          position: [0, 1],
          min: 0,
          max: 40,
          sync: [{ method: "mqtt", topic: "greenhouse/temp" }],
        },
        {
          type: "label",
          id: "room",
          position: [1, 0],
          sync: [{ method: "mqtt", topic: "home/+/state", filter: { kind: "room" }, valuePath: "name" }],
        },
        {
          type: "toggle",
          id: "fan",
          position: [1, 1],
          label: "Fan",
          defaultValue: false,
          sync: [{ method: "mqtt", source: "broker", topic: "fan/state" }],
          action: { method: "mqtt", topic: "fan/set", payload: { on: "{{value}}" }, retain: true },
        },
        {
          type: "button",
          id: "lamp",
          position: [2, 0],
          label: "Lamp",
          action: { method: "mqtt", topic: "lamp/set", payload: "ON" },
        },
      ]),
    );

    await valueOf(page, "note", "retained hello");
    await expect
      .poll(() => page.evaluate(() => window.__carter!.sources().sources), WAIT)
      .toEqual([{ name: "broker", type: "mqtt", url: broker.wsUrl, state: "connected", error: null }]);

    await client.publishAsync("greenhouse/temp", "23.5");
    await valueOf(page, "temp", 23.5);
    await client.publishAsync("home/attic/state", JSON.stringify({ kind: "other", name: "Attic" }));
    await client.publishAsync("home/kitchen/state", JSON.stringify({ kind: "room", name: "Kitchen" }));
    await valueOf(page, "room", "Kitchen");

    // The device publishes the toggle's new value; the "hardware" answers on the state topic.
    await page.locator('[data-control-id="fan"] [role="switch"]').click();
    await expect.poll(() => published.find((p) => p.topic === "fan/set")?.body, WAIT).toBe('{"on":true}');
    // `retain: true` reached the broker: a client that subscribes later gets the message as retained.
    const late = await connectAsync(broker.wsUrl, { clientId: "late-peer" });
    const retained = new Promise<{ body: string; retain: boolean }>((resolve) =>
      late.on("message", (_topic, body, packet) => resolve({ body: body.toString(), retain: packet.retain })),
    );
    await late.subscribeAsync("fan/set");
    expect(await retained).toEqual({ body: '{"on":true}', retain: true });
    await late.endAsync();
    await client.publishAsync("fan/state", "false");
    await valueOf(page, "fan", false);

    await page.locator('[data-control-id="lamp"] button').click();
    await expect.poll(() => published.find((p) => p.topic === "lamp/set")?.body, WAIT).toBe("ON");
    expect(errors).toEqual([]);
  });

  it("polls HTTP with the source's headers and valuePath, one request per URL, and fires HTTP actions", async () => {
    await load(
      page,
      layout(
        "Server room",
        {
          api: {
            type: "http",
            baseURL: `${http.url}/api`,
            headers: { Authorization: "Bearer t0k" },
            interval: 0.5,
          },
        },
        [
          {
            type: "gauge",
            id: "cpu",
            position: [0, 0],
            min: 0,
            max: 1000,
            sync: [{ method: "http", path: "/status", valuePath: "cpu.load" }],
          },
          {
            type: "label",
            id: "host",
            position: [0, 1],
            sync: [{ method: "http", path: "status", filter: { host: "bench" }, valuePath: "host" }],
          },
          {
            type: "textInput",
            id: "motd",
            position: [1, 1],
            action: { method: "http", path: "/motd", httpMethod: "put", payload: "say {{value}}" },
          },
          {
            type: "button",
            id: "restart",
            position: [1, 0],
            label: "Restart",
            action: {
              method: "http",
              path: "/restart",
              headers: { "X-Reason": "test" },
              payload: { service: "media", from: "{{value}}" },
            },
          },
        ],
      ),
    );
    await valueOf(page, "host", "bench");
    const first = (await page.evaluate(() => window.__carter!.values(["cpu"]).cpu)) as number;
    await page.waitForFunction((f) => (window.__carter!.values(["cpu"]).cpu as number) > f, first, WAIT);
    const status = await page.evaluate(() => window.__carter!.sources().sources);
    expect(status).toEqual([
      {
        name: "api",
        type: "http",
        url: `${http.url}/api/status`,
        state: "connected",
        error: null,
        interval: 0.5,
      },
    ]);
    const polls = http.requests.filter((r) => r.path === "/api/status");
    expect(polls.every((r) => r.method === "GET" && r.headers.authorization === "Bearer t0k")).toBe(true);

    await page.locator('[data-control-id="restart"] button').click();
    await expect.poll(() => http.requests.find((r) => r.path === "/api/restart"), WAIT).toBeTruthy();
    const restart = http.requests.find((r) => r.path === "/api/restart")!;
    expect(restart.method).toBe("POST");
    expect(restart.headers["content-type"]).toBe("application/json");
    expect(restart.headers["x-reason"]).toBe("test");
    expect(restart.headers.authorization).toBe("Bearer t0k");
    expect(JSON.parse(restart.body)).toEqual({ service: "media", from: null });

    await page.locator('[data-control-id="motd"] input').fill("hello");
    await page.locator('[data-control-id="motd"] input').press("Enter");
    await expect.poll(() => http.requests.find((r) => r.path === "/api/motd"), WAIT).toBeTruthy();
    const motd = http.requests.find((r) => r.path === "/api/motd")!;
    expect([motd.method, motd.headers["content-type"], motd.body]).toEqual([
      "PUT",
      "text/plain; charset=utf-8",
      "say hello",
    ]);
    expect(errors).toEqual([]);
  });

  it("reports bad sources on the controls and in the status, never a blank control", async () => {
    const closed = await freePort();
    await load(
      page,
      layout(
        "Broken",
        {
          down: { type: "mqtt", url: `ws://127.0.0.1:${closed}` },
          tcp: { type: "mqtt", url: "mqtt://127.0.0.1:1883" },
          api: { type: "http", baseURL: http.url, interval: 0.5 },
          locked: { type: "http", baseURL: `${http.url}/api`, interval: 0.5 },
        },
        [
          {
            type: "gauge",
            id: "down",
            position: [0, 0],
            sync: [{ method: "mqtt", source: "down", topic: "x" }],
          },
          {
            type: "gauge",
            id: "tcp",
            position: [0, 1],
            sync: [{ method: "mqtt", source: "tcp", topic: "x" }],
          },
          {
            type: "label",
            id: "missing",
            position: [1, 0],
            sync: [{ method: "http", source: "api", path: "/nope" }],
          },
          {
            type: "label",
            id: "html",
            position: [1, 1],
            sync: [{ method: "http", source: "api", path: "/notjson" }],
          },
          {
            type: "label",
            id: "ghost",
            position: [2, 0],
            sync: [{ method: "mqtt", source: "ghost", topic: "x" }],
          },
          {
            type: "label",
            id: "noauth",
            position: [2, 1],
            sync: [{ method: "http", source: "locked", path: "/status" }],
          },
          {
            type: "button",
            id: "fail",
            position: [3, 0],
            label: "Fail",
            action: { method: "http", source: "api", path: "/api/fail" },
          },
        ],
      ),
    );
    await noteOf(page, "down", /down: ws:\/\/127\.0\.0\.1:\d+: broker unreachable/);
    await noteOf(page, "tcp", /a browser cannot open MQTT over TCP/);
    await noteOf(page, "missing", /\/nope: HTTP 404/);
    await noteOf(page, "html", /response is not JSON/);
    await noteOf(page, "ghost", /source "ghost" is not declared/);
    await noteOf(page, "noauth", /HTTP 401/);
    await page.locator('[data-control-id="fail"] button').click();
    await noteOf(page, "fail", /action failed: GET .*\/api\/fail: HTTP 500/);

    const status = await page.evaluate(() => window.__carter!.sources());
    expect(status.sources.map((s) => [s.name, s.state])).toEqual([
      ["down", "error"],
      ["tcp", "error"],
      ["api", "error"],
      ["api", "error"],
      ["locked", "error"],
    ]);
    expect(status.problems).toEqual([
      { control: "ghost", problem: 'source "ghost" is not declared in sources' },
    ]);
    await expect(
      page.locator('.carter-sources [data-source="down"][data-state="error"]').count(),
    ).resolves.toBe(1);
    expect(errors).toEqual([]);
  });
});
