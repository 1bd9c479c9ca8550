import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningRelay } from "@carter/relay";
import { Peer, startTestRelay } from "../packages/hub/src/testing.js";
import type { RunningExample } from "./lib/run-example.js";
import { spawnExample } from "./lib/spawn-example.js";
import { start } from "./interactive.js";

let relay: RunningRelay;
let running: RunningExample | undefined;
let panel: Peer | undefined;
let lines: string[];

beforeEach(async () => {
  relay = await startTestRelay();
  lines = [];
  running = await start({ url: relay.url, log: (line) => lines.push(line) });
  panel = await Peer.connect(relay.url, { name: "porch-panel" });
});

afterEach(async () => {
  await panel?.close();
  await running?.stop();
  await relay.close();
  panel = running = undefined;
});

const command = (msgType: string, fields: Record<string, unknown>, cmd: string) => ({
  msg_type: msgType,
  ...fields,
  _cmd: cmd,
  _from: "porch-panel",
});

describe("interactive example", () => {
  it("serves the authoritative state to a joining panel", async () => {
    panel!.send({ msg_type: "control_sync_request", from: "porch-panel", dynamic: [] });
    expect(await panel!.waitForType("control_snapshot")).toEqual({
      msg_type: "control_snapshot",
      to: "porch-panel",
      v: 1,
      controls: { "porch-light": false, "fan-speed": 0, status: "idle" },
    });
  });

  it("handles the toggle, echoes the new state and acks the command", async () => {
    panel!.send(command("porch.light", { value: true }, "cmd-light"));
    expect(await panel!.waitForType("porch")).toEqual({ msg_type: "porch", light: true });
    expect(await panel!.waitForType("command_ack")).toEqual({
      msg_type: "command_ack",
      cmd_id: "cmd-light",
      to: "porch-panel",
      ok: true,
    });
    expect(lines).toContain("porch light on (from porch-panel)");
  });

  it("refuses an impossible fan speed with ok:false and echoes nothing", async () => {
    panel!.send(command("fan.speed", { value: 7 }, "cmd-fan-bad"));
    expect(await panel!.waitForType("command_ack")).toMatchObject({ cmd_id: "cmd-fan-bad", ok: false });
    expect(panel!.ofType("fan")).toEqual([]);
    expect(lines.some((line) => line.includes("fan speed must be one of 0, 1, 2, 3, got 7"))).toBe(true);

    panel!.send(command("fan.speed", { value: 2 }, "cmd-fan-ok"));
    expect(await panel!.waitForType("fan")).toEqual({ msg_type: "fan", speed: 2 });
    expect(await panel!.waitForType("command_ack", 2)).toMatchObject({ cmd_id: "cmd-fan-ok", ok: true });
  });

  it("counts button presses once, even when a command is redelivered", async () => {
    const press = command("command", { command: "reboot" }, "cmd-reboot");
    panel!.send(press);
    expect(await panel!.waitForType("status")).toEqual({ msg_type: "status", text: "reboot #1 requested" });
    const ack = await panel!.waitForType("command_ack");
    panel!.send(press);
    expect(await panel!.waitForType("command_ack", 2)).toEqual(ack);
    panel!.send(command("command", { command: "reboot" }, "cmd-reboot-2"));
    expect(await panel!.waitForType("status", 2)).toEqual({
      msg_type: "status",
      text: "reboot #2 requested",
    });
  });
});

describe("interactive example as a command", () => {
  it("runs with `npx tsx examples/interactive.ts`, handling a command from a panel", async () => {
    const own = await startTestRelay();
    const example = spawnExample("examples/interactive.ts", { CARTER_RELAY_URL: own.url });
    const phone = await Peer.connect(own.url, { name: "porch-panel" });
    try {
      await example.waitForOutput(/interactive: hub 'porch-hub' is on ws:\/\/127\.0\.0\.1:\d+;/);
      phone.send(command("porch.light", { value: true }, "cmd-cli"));
      expect(await phone.waitForType("command_ack")).toMatchObject({ cmd_id: "cmd-cli", ok: true });
      expect(phone.ofType("porch")).toContainEqual({ msg_type: "porch", light: true });
      await example.waitForOutput(/porch light on \(from porch-panel\)/);
    } finally {
      await phone.close();
      expect(await example.stop()).toBe(0);
      await own.close();
    }
  });
});
