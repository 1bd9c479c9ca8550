import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeshClient } from "@carter/client";
import { startRig, type TestRig } from "../test-support.js";

describe("wiring and generator tools on a channel (no device)", () => {
  let rig: TestRig;
  let peer: MeshClient;
  const seen: Record<string, unknown>[] = [];

  beforeAll(async () => {
    rig = await startRig();
    const { relayUrl } = await rig.call<{ relayUrl: string }>("connect", { channel: "wire" });
    peer = new MeshClient({
      url: relayUrl,
      name: "peer-hub",
      channel: "wire",
      role: "hub",
      canBroadcast: true,
      logger: { debug: () => {}, info: () => {} },
    });
    await peer.connect();
    peer.onFrame((frame) => {
      if (frame.type === "broadcast") seen.push(frame.payload as Record<string, unknown>);
    });
  });
  afterAll(async () => {
    await peer?.close();
    await rig?.close();
  });

  it("emits frames and drives controls through their bindings", async () => {
    expect(await rig.fail("simulate", { payload: { cpu: 1 } })).toContain("payload.msg_type: required");
    expect(await rig.fail("set_control_value", { id: "cpu", value: 1 })).toContain("no layout");
    await rig.call("simulate", { payload: { msg_type: "metrics", cpu: 12 } });
    await rig.call("begin_edit", { source: "sample", sample: "dashboard" });
    expect(await rig.call("set_control_value", { id: "cpu", value: 55 })).toEqual({
      sent: { msg_type: "metrics", cpu: 55 },
    });
    expect(await rig.fail("set_control_value", { id: "nope", value: 1 })).toContain(
      "nope: no broadcast sync binding",
    );
    await expect.poll(() => seen.map((p) => p.cpu)).toEqual([12, 55]);
  });

  it("probes and lints what peers send", async () => {
    const probing = rig.call<{
      messages: { msgType: string; count: number; fields: Record<string, string> }[];
    }>("probe_traffic", { seconds: 1 });
    peer.broadcast("metrics", { cpu: "high", state: "ok" });
    const { messages } = await probing;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      msgType: "metrics",
      count: 1,
      fields: { cpu: "string", state: "string" },
    });
    const lint = await rig.call<{ ok: boolean; findings: { id: string; problem: string }[] }>(
      "lint_against_traffic",
      { seconds: 0 },
    );
    expect(lint.ok).toBe(false);
    expect(Object.fromEntries(lint.findings.map((f) => [f.id, f.problem]))).toMatchObject({
      cpu: "wrong_kind",
      state: "ok",
      log: "no_frames",
    });
  });

  it("autowires unbound controls to fields it saw, leaving ambiguous ones", async () => {
    await rig.call("begin_edit");
    await rig.call("add_control", { control: { type: "gauge", id: "temp", min: 0, max: 50 } });
    await rig.call("add_control", { control: { type: "label", id: "mystery" } });
    const wiring = rig.call<{ bound: unknown[]; unmatched: string[] }>("autowire", { seconds: 1 });
    peer.broadcast("climate", { room: { temp: 21.5 }, other: 1 });
    expect(await wiring).toEqual({
      bound: [{ id: "temp", msgType: "climate", valuePath: "room.temp" }],
      unmatched: ["mystery"],
    });
    const { layout } = await rig.call<{ layout: { tabs: { children: { id: string; sync?: unknown }[] }[] } }>(
      "get_document",
    );
    expect(layout.tabs[0].children[0].sync).toEqual([
      { filter: { msg_type: "climate" }, valuePath: "room.temp" },
    ]);
  });

  it("refuses a scenario step that is not exactly one action", async () => {
    expect(await rig.fail("run_scenario", { steps: [{ emit: { msg_type: "m" }, wait_ms: 1 }] })).toContain(
      "steps[0]: give exactly one of",
    );
  });

  it("tunes a gauge and applies a theme to the document", async () => {
    await rig.call("begin_edit", { source: "sample", sample: "dashboard" });
    const tuned = await rig.call<{ max: number }>("autotune_gauge", {
      samples: [20, 130],
      field: "temp_c",
      id: "cpu",
    });
    const { layout } = await rig.call<{
      layout: { theme: unknown; accentColor: string; tabs: { children: { id: string; max?: number }[] }[] };
    }>("get_document");
    expect(layout.tabs[0].children.find((c) => c.id === "cpu")?.max).toBe(tuned.max);
    const theme = await rig.call<{ accentColor: string; contrast: { ok: boolean }[] }>("generate_theme", {
      description: "forest",
      apply: true,
    });
    expect(theme.contrast.every((c) => c.ok)).toBe(true);
    expect((await rig.call<{ layout: { accentColor: string } }>("get_document")).layout.accentColor).toBe(
      theme.accentColor,
    );
    expect(await rig.fail("generate_theme", { accent: "teal" })).toContain("accent:");
    expect(await rig.fail("autotune_gauge", { samples: [1], id: "ghost" })).toContain("ghost");
  });

  it("infers from a file and refuses non-objects", async () => {
    expect(await rig.fail("infer_layout", { payload: [1, 2] })).toContain("payload: pass a sample object");
    expect(await rig.fail("infer_layout", { file: "missing.json" })).toContain("file: cannot read");
    expect(await rig.fail("generate_adapter", { endpoint: "ftp://x", msg_type: "m" })).toContain("endpoint:");
    const adapter = await rig.call<{ source: string }>("generate_adapter", {
      endpoint: "http://127.0.0.1:9/s",
      msg_type: "svc",
    });
    expect(adapter.source).toContain('hub.push("svc", data)');
  });
});
