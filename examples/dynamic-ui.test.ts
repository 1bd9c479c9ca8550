import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatFindings, validateLayout } from "@carter/kit";
import type { RunningRelay } from "@carter/relay";
import { deviceValue, Peer, startTestRelay } from "../packages/hub/src/testing.js";
import type { RunningExample } from "./lib/run-example.js";
import { spawnExample } from "./lib/spawn-example.js";
import { DIAGNOSTICS_TAB, layout, SCENES, sceneButtons, start } from "./dynamic-ui.js";

let relay: RunningRelay;
let running: RunningExample | undefined;
let panel: Peer | undefined;

beforeEach(async () => {
  relay = await startTestRelay();
  running = await start({ url: relay.url });
  panel = await Peer.connect(relay.url, { name: "scenes-panel" });
});

afterEach(async () => {
  await panel?.close();
  await running?.stop();
  await relay.close();
  panel = running = undefined;
});

const join = (from: string) => ({
  msg_type: "control_sync_request",
  from,
  dynamic: ["scenes.deck", "extra.tab"],
});

describe("dynamic UI example", () => {
  it("re-fills the scene deck and the injected tab for every joining device, then its snapshot", async () => {
    panel!.send(join("scenes-panel"));
    expect(await panel!.waitForType("scenes.deck")).toEqual({
      msg_type: "scenes.deck",
      children: sceneButtons(SCENES),
    });
    expect(await panel!.waitForType("extra.tab")).toEqual({ msg_type: "extra.tab", tab: DIAGNOSTICS_TAB });
    expect(await panel!.waitForType("control_snapshot")).toMatchObject({
      to: "scenes-panel",
      v: 1,
      controls: { "diag-joins": 0 },
    });
    await panel!.waitForType("diag");
    expect(deviceValue(DIAGNOSTICS_TAB_LAYOUT, "diag-joins", panel!.received)).toBe(1);

    panel!.send(join("second-panel"));
    expect(await panel!.waitForType("scenes.deck", 2)).toEqual({
      msg_type: "scenes.deck",
      children: sceneButtons(SCENES),
    });
    expect(await panel!.waitForType("control_snapshot", 2)).toMatchObject({ to: "second-panel", v: 2 });
  });

  it("injects content that is valid in its place in the layout", () => {
    const filled = structuredClone(layout) as { tabs: Array<{ children: Array<Record<string, unknown>> }> };
    filled.tabs[0].children.find((child) => child.id === "scenes")!.children = sceneButtons(SCENES);
    filled.tabs.push(structuredClone(DIAGNOSTICS_TAB) as never);
    expect(formatFindings(validateLayout(filled).findings)).toBe(formatFindings([]));
  });

  it("handles taps on the injected scene buttons", async () => {
    const movie = sceneButtons(SCENES).find((button) => button.id === "scene-movie")!;
    panel!.send(movie.action.payload);
    await panel!.waitForType("scene.state");
    expect(deviceValue(layout, "active-scene", panel!.received)).toBe("movie");
  });

  it("answers the clock poll group with the server time", async () => {
    const poll = (layout as { pollGroups: Record<string, { payload: Record<string, unknown> }> }).pollGroups
      .clock;
    panel!.send(poll.payload);
    await panel!.waitForType("clock");
    expect(deviceValue(layout, "clock", panel!.received)).toMatch(/^\d\d:\d\d:\d\d$/);
  });
});

const DIAGNOSTICS_TAB_LAYOUT = { name: "tab", version: 1, tabs: [DIAGNOSTICS_TAB] };

describe("dynamic UI example as a command", () => {
  it("runs with `npx tsx examples/dynamic-ui.ts`, filling the deck for a joining panel", async () => {
    const own = await startTestRelay();
    const example = spawnExample("examples/dynamic-ui.ts", { CARTER_RELAY_URL: own.url });
    const device = await Peer.connect(own.url, { name: "scenes-panel" });
    try {
      await example.waitForOutput(/dynamic-ui: hub 'scenes-hub' is on ws:\/\/127\.0\.0\.1:\d+;/);
      device.send(join("scenes-panel"));
      expect(await device.waitForType("scenes.deck")).toEqual({
        msg_type: "scenes.deck",
        children: sceneButtons(SCENES),
      });
      expect(await device.waitForType("extra.tab")).toEqual({ msg_type: "extra.tab", tab: DIAGNOSTICS_TAB });
    } finally {
      await device.close();
      expect(await example.stop()).toBe(0);
      await own.close();
    }
  });
});
