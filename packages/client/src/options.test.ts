import { describe, expect, it } from "vitest";
import { buildIdentify, validateOptions } from "./options.js";

describe("identify payload", () => {
  it("carries only the name when nothing else is set", () => {
    expect(buildIdentify({ url: "ws://h:1", name: "n" })).toEqual({ name: "n" });
  });

  it("maps every option to its wire key, token under both keys", () => {
    expect(
      buildIdentify({
        url: "ws://h:1",
        name: "n",
        channel: "c",
        role: "viewer",
        token: "",
        canBroadcast: false,
        canRoute: true,
        canMonitor: true,
        canCrossChannelRoute: false,
        broadcastScope: "global",
      }),
    ).toEqual({
      name: "n",
      channel: "c",
      role: "viewer",
      auth_token: "",
      token: "",
      can_broadcast: false,
      can_route: true,
      can_monitor: true,
      can_cross_channel_route: false,
      broadcast_scope: "global",
    });
  });
});

describe("option validation", () => {
  it.each([
    [{ url: "not a url" }, /url/],
    [{ url: "ws://" }, /url/],
    [{ broadcastScope: "everyone" }, /broadcastScope/],
    [{ e2ee: { key: "AAAA", mode: "room" } }, /key/],
    [{ e2ee: { key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", mode: "side" } }, /mode/],
    [{ requestTimeoutMs: 0 }, /requestTimeoutMs/],
    [{ keepalive: { intervalMs: -5 } }, /keepalive.intervalMs/],
  ])("rejects %o", (patch, message) => {
    expect(() => validateOptions({ url: "ws://127.0.0.1:8765", name: "n", ...(patch as object) })).toThrow(
      message,
    );
  });
});
