import { describe, expect, it } from "vitest";
import { parseIdentify } from "./identify.js";
import { parseFlag, roleDefaults } from "./roles.js";

describe("roleDefaults", () => {
  it.each([
    ["viewer", false, false],
    ["controller", true, false],
    ["hub", true, false],
    ["node", true, false],
    ["mobile", true, false],
    ["dashboard", true, true],
    ["browser", true, true],
    ["editor", true, true],
    ["toaster", false, false],
  ])("%s: broadcast/route %s, monitor %s", (role, sends, monitors) => {
    expect(roleDefaults(role)).toEqual({
      canBroadcast: sends,
      canRoute: sends,
      canMonitor: monitors,
      canCrossChannelRoute: false,
    });
  });
});

describe("parseFlag", () => {
  it("reads booleans and 1/true/yes/on strings in any case; anything else is 'not given'", () => {
    expect([true, false, "1", "TRUE", " yes ", "On"].map(parseFlag)).toEqual([
      true,
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(["0", "no", "off", ""].map(parseFlag)).toEqual([false, false, false, false]);
    expect([1, null, undefined, {}].map(parseFlag)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe("parseIdentify", () => {
  it("applies role defaults and lets explicit flags override them", () => {
    const result = parseIdentify(
      { name: "hub", role: "viewer", can_broadcast: "yes", can_monitor: true },
      "x",
    );
    expect(result).toEqual({
      ok: true,
      identity: {
        name: "hub",
        channel: "default",
        role: "viewer",
        canBroadcast: true,
        canRoute: false,
        canMonitor: true,
        canCrossChannelRoute: false,
        broadcastScope: "global",
        token: "",
        tokenMalformed: false,
      },
    });
    const hub = parseIdentify({ name: "h", role: "hub", can_route: "off" }, "x");
    expect(hub.ok && hub.identity).toMatchObject({
      canBroadcast: true,
      canRoute: false,
      broadcastScope: "channel",
    });
  });

  it("defaults role to node, channel to default, and scope by monitor capability", () => {
    const result = parseIdentify({ name: "n", role: 5, channel: "", broadcast_scope: "everywhere" }, "x");
    expect(result.ok && result.identity).toMatchObject({
      role: "node",
      channel: "default",
      broadcastScope: "channel",
    });
    const monitor = parseIdentify({ name: "e", role: "editor", broadcast_scope: "channel" }, "x");
    expect(monitor.ok && monitor.identity.broadcastScope).toBe("channel");
  });

  it("takes the token from auth_token or token and flags non-string tokens", () => {
    const seeds = parseIdentify({ name: "a", auth_token: "t1" }, "x");
    const legacy = parseIdentify({ name: "a", token: "t2" }, "x");
    const both = parseIdentify({ name: "a", auth_token: "", token: "t3" }, "x");
    const malformed = parseIdentify({ name: "a", token: 42 }, "x");
    expect([seeds, legacy, both].map((r) => r.ok && r.identity.token)).toEqual(["t1", "t2", "t3"]);
    expect(malformed.ok && malformed.identity).toMatchObject({ token: "", tokenMalformed: true });
  });

  it("uses the fallback name when none is given and refuses invalid names and channels", () => {
    const unnamed = parseIdentify(null, "Client-1");
    expect(unnamed.ok && unnamed.identity.name).toBe("Client-1");
    expect(parseIdentify({ name: "has space" }, "x")).toEqual({ ok: false, reason: "invalid name" });
    expect(parseIdentify({ name: "ok", channel: "a".repeat(65) }, "x")).toEqual({
      ok: false,
      reason: "invalid channel",
    });
    expect(parseIdentify({ name: "4410027.porch-hub", channel: "4410027.home" }, "x").ok).toBe(true);
  });

  it("refuses an explicit null or empty name, and generates one only when the name is omitted", () => {
    expect(parseIdentify({ name: null }, "Client-1")).toEqual({ ok: false, reason: "invalid name" });
    expect(parseIdentify({ name: "" }, "Client-1")).toEqual({ ok: false, reason: "invalid name" });
    const omitted = parseIdentify({ channel: "home" }, "Client-1");
    expect(omitted.ok && omitted.identity.name).toBe("Client-1");
  });
});
