import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningRelay } from "@carter/relay";
import { deviceValue, Peer, startTestRelay } from "../packages/hub/src/testing.js";
import { spawnExample, type ExampleProcess } from "./lib/spawn-example.js";
import layout from "./twenty-lines.layout.json" with { type: "json" };

let relay: RunningRelay;
let server: ExampleProcess | undefined;
let phone: Peer | undefined;

beforeEach(async () => {
  relay = await startTestRelay();
  phone = await Peer.connect(relay.url, { name: "phone" });
});

afterEach(async () => {
  await phone?.close();
  await server?.stop();
  await relay.close();
  phone = server = undefined;
});

describe("the twenty-line server", () => {
  it("is at most twenty lines", () => {
    const source = readFileSync(new URL("./twenty-lines.ts", import.meta.url), "utf8");
    expect(source.trimEnd().split("\n").length).toBeLessThanOrEqual(20);
  });

  it("is the server the README shows", () => {
    const source = readFileSync(new URL("./twenty-lines.ts", import.meta.url), "utf8");
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const shown = /## A server in twenty lines[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(source);
  });

  it("pushes CPU every second and handles the button", async () => {
    server = spawnExample("examples/twenty-lines.ts", { CARTER_RELAY_URL: relay.url });
    await server.waitForOutput(/serving Twenty lines on ws:\/\/127\.0\.0\.1:\d+ as 'hub'/);
    await phone!.waitForType("metrics", 2);
    expect(deviceValue(layout, "cpu", phone!.received)).toEqual(expect.any(Number));

    const button = layout.tabs[0].children.find((child) => child.id === "greet")!;
    phone!.send(button.action!.payload);
    await server.waitForOutput(/hello from the phone!/);
    expect(await server.stop()).toBe(0);
  });
});
