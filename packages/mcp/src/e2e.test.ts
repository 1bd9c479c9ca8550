/**
 * A scripted authoring session with no phone: the model's whole loop through the MCP client, on an
 * embedded relay, against the web device headless in Chromium, then a generated hub as a real process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRig, type TestRig } from "./test-support.js";

const payload = {
  msg_type: "rack",
  cpu_pct: 37.5,
  psu: { volts: 12.1, ok: true },
  state: "online",
  history: [1, 2, 3],
  host: "rack-1",
};

type Values = Record<string, unknown>;

describe("end to end: build, push, test and serve a layout with no phone", () => {
  let rig: TestRig;
  let hub: ChildProcess | undefined;
  const dir = join(process.cwd(), "test-results", "mcp-e2e");

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    rig = await startRig({ cwd: dir, outputDir: dir });
  });
  afterAll(async () => {
    hub?.kill();
    await rig?.close();
  });

  it("runs the whole session", async () => {
    const { relayUrl } = await rig.call<{ relayUrl: string }>("connect", { channel: "e2e" });

    // Begin: a layout inferred from a payload becomes the document.
    const inferred = await rig.call<{ bindings: { id: string; type: string }[] }>("infer_layout", {
      payload,
      name: "Rack",
      open: true,
    });
    expect(inferred.bindings.map((b) => b.type)).toEqual([
      "gauge",
      "gauge",
      "toggle",
      "statusLight",
      "sparkline",
      "label",
    ]);

    // Add and move controls, check the grid, validate.
    await rig.call("add_tab", { title: "Controls", grid: { columns: 2, rows: 2 } });
    await rig.call("add_control", {
      control: {
        type: "button",
        id: "reboot",
        label: "Reboot",
        action: { event: "broadcast_request", payload: { msg_type: "reboot" } },
      },
      parent: { tab: "Controls" },
    });
    expect(await rig.call("move_control", { id: "reboot", position: [1, 1] })).toMatchObject({
      position: [1, 1],
    });
    expect(await rig.call("validate")).toMatchObject({ ok: true });

    // Open the virtual device and push: the echo matches the document.
    await rig.call("open_virtual_device");
    await rig.call("wait_for_device", { timeout_s: 30 });
    const pushed = await rig.call<{
      comparison: { matches: boolean; documentCount: number; dropped: unknown[] };
    }>("push_layout");
    expect(pushed.comparison).toMatchObject({ matches: true, documentCount: 7, dropped: [] });
    const shown = await rig.call<{ summary: { name: string; tabs: { title: string }[] } }>(
      "get_device_layout",
    );
    expect(shown.summary.tabs.map((t) => t.title)).toEqual(["Main", "Controls"]);

    // A scenario emits data and asserts what the device holds.
    const scenario = await rig.call<{ passed: boolean; steps: { ok: boolean; detail: string }[] }>(
      "run_scenario",
      {
        steps: [
          { emit: payload },
          { assert: { id: "cpu-pct", equals: 37.5 } },
          { assert: { id: "state", equals: "online" } },
          { set: { "psu-volts": 13.2 } },
          { assert: { id: "psu-volts", min: 13, max: 14 } },
        ],
      },
    );
    expect(scenario.steps.map((s) => s.detail)).toHaveLength(5);
    expect(scenario.passed).toBe(true);
    const failing = await rig.call<{ passed: boolean; steps: { ok: boolean }[] }>("run_scenario", {
      steps: [{ assert: { id: "cpu-pct", equals: 99, timeout_ms: 300 } }, { emit: payload }],
    });
    expect(failing).toMatchObject({ passed: false, steps: [{ ok: false }] });
    const state = await rig.call<{ values: Values }>("get_control_state", { ids: ["host", "psu-ok"] });
    expect(state.values).toEqual({ host: "rack-1", "psu-ok": true });

    // Chat round trip, and the mesh graph.
    await rig.call("say_in_chat", { text: "pushed v1" });
    expect(await rig.call("read_chat")).toMatchObject({
      messages: [{ text: "pushed v1", sender: "Carter" }],
    });
    const graph = await rig.call<{ members: { role: string }[] }>("show_mesh_graph");
    expect(graph.members.map((m) => m.role)).toContain("viewer");

    // A generated hub, run as its own process against the relay, feeds the device.
    const { file } = await rig.call<{ file: string }>("generate_hub", { to: "hub.ts", interval_ms: 200 });
    expect(existsSync(file)).toBe(true);
    hub = spawn(process.execPath, ["--import", "tsx", file], {
      env: { ...process.env, CARTER_RELAY_URL: relayUrl, CARTER_CHANNEL: "e2e" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let hubOutput = "";
    hub.stdout!.on("data", (chunk: Buffer) => (hubOutput += chunk.toString()));
    hub.stderr!.on("data", (chunk: Buffer) => (hubOutput += chunk.toString()));
    await expect
      .poll(
        async () => (await rig.call<{ values: Values }>("get_control_state", { ids: ["host"] })).values.host,
        {
          timeout: 90_000,
          interval: 500,
        },
      )
      .toBe("text");
    expect(
      (await rig.call<{ values: Values }>("get_control_state", { ids: ["psu-volts"] })).values["psu-volts"],
    ).toBeLessThanOrEqual(20);
    expect(hubOutput).toContain("serving Rack");

    // The traffic now fits every binding, and a probe sees the hub's message.
    const lint = await rig.call<{ ok: boolean; findings: { problem: string }[] }>("lint_against_traffic", {
      seconds: 1,
    });
    expect(lint.findings.map((f) => f.problem)).toEqual(Array(6).fill("ok"));
    const probe = await rig.call<{ messages: { msgType: string; fields: Record<string, string> }[] }>(
      "probe_traffic",
      {
        seconds: 1,
      },
    );
    expect(probe.messages.find((m) => m.msgType === "rack")?.fields).toMatchObject({
      cpu_pct: "number",
      "psu.ok": "boolean",
    });

    const shot = await rig.call<{ pngFile: string }>("screenshot_device");
    expect(existsSync(shot.pngFile)).toBe(true);
  }, 240_000);
});
