// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { MeshClient } from "@carter/client";
import { startRelay } from "@carter/relay";
import { layout, startHub } from "./hub.js";

/** The layout driven as a phone drives it: through a relay, sending what its controls send. */

/** @type {Awaited<ReturnType<typeof startRelay>>} */
let relay;
/** @type {Awaited<ReturnType<typeof startHub>>} */
let server;
/** @type {MeshClient} */
let phone;
/** @type {Record<string, unknown>[]} */
const received = [];

before(async () => {
  relay = await startRelay({ host: "127.0.0.1", port: 0, logLevel: "silent" });
  server = await startHub({ url: relay.url });
  phone = new MeshClient({
    url: relay.url,
    name: "phone",
    channel: layout.connection?.identity?.channel ?? "home",
    role: "controller",
    canBroadcast: true,
    reconnect: false,
  });
  phone.on("broadcast", (payload) => {
    received.push(/** @type {Record<string, unknown>} */ (payload));
  });
  await phone.connect();
});

after(async () => {
  await phone?.close();
  await server?.close();
  await relay?.close();
});

/**
 * The first broadcast (already received or still to come) that `matches`.
 * @param {(payload: Record<string, unknown>) => boolean} matches
 */
async function broadcast(matches) {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const found = received.find(matches);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no matching broadcast; received ${JSON.stringify(received)}`);
}

/**
 * What the control `id` sends when used with `value` (its action's payload, `{{value}}` filled in).
 * @param {string} id
 * @param {unknown} [value]
 */
function actionOf(id, value) {
  /** @type {{ id?: string; action?: { payload?: unknown } }[]} */
  const controls = layout.tabs.flatMap((tab) => tab.children ?? []);
  const payload = controls.find((control) => control.id === id)?.action?.payload;
  assert.ok(payload, `layout.json has a control '${id}' with an action payload`);
  return JSON.parse(JSON.stringify(payload).replace('"{{value}}"', JSON.stringify(value)));
}

test("the slider's value comes back to every device as the level", async () => {
  phone.send("broadcast_request", actionOf("level", 40));
  await broadcast((p) => p.msg_type === "level" && p.value === 40);
});

test("the reset button puts the level back to 0", async () => {
  phone.send("broadcast_request", actionOf("reset"));
  await broadcast((p) => p.msg_type === "level" && p.value === 0);
});

test("the clock label gets the server's time", async () => {
  const clock = await broadcast((p) => p.msg_type === "clock");
  assert.equal(typeof clock.time, "string");
});
