import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AlertWatcher, compare, parseAlertRules, valueAt, type FiredAlert } from "./alerts.js";
import type { RunningGateway } from "./gateway.js";
import { startPushService, type TestPushService } from "./test-push-service.js";
import { callApi, gatewayTestScope } from "./test-scope.js";

const RULE = {
  id: "hot",
  event: "broadcast",
  valuePath: "temp",
  operator: "gt",
  value: 30,
  title: "Too hot",
  body: "Greenhouse over 30°C",
  cooldown: 600,
};

describe("alert rules", () => {
  it("parse a layout's alerts field by field (400 naming the field)", () => {
    expect(parseAlertRules([RULE])).toEqual([RULE]);
    expect(parseAlertRules([{ ...RULE, id: undefined, cooldown: undefined }])[0]).toMatchObject({
      id: "alert-0",
      cooldown: 60,
    });
    const cases: [unknown, string][] = [
      [{}, "rules"],
      [[null], "rules[0]"],
      [[{ ...RULE, operator: "between" }], "rules[0].operator"],
      [[{ ...RULE, value: undefined, ...{} }].map(({ value: _v, ...rest }) => rest), "rules[0].value"],
      [[{ ...RULE, event: "" }], "rules[0].event"],
      [[{ ...RULE, valuePath: 3 }], "rules[0].valuePath"],
      [[{ ...RULE, title: "" }], "rules[0].title"],
      [[{ ...RULE, body: "x".repeat(257) }], "rules[0].body"],
      [[{ ...RULE, cooldown: -1 }], "rules[0].cooldown"],
      [[{ ...RULE, acknowledgeServerReadable: "yes" }], "rules[0].acknowledgeServerReadable"],
      [[RULE, RULE], "rules"],
      [Array.from({ length: 65 }, (_, n) => ({ ...RULE, id: `r${n}` })), "rules"],
    ];
    for (const [rules, field] of cases) {
      expect(() => parseAlertRules(rules), field).toThrow(
        new RegExp(`^${field.replace(/[[\]]/g, "\\$&")}: `),
      );
    }
  });

  it("compare numbers (and numeric strings) and equal values, and read dot paths", () => {
    expect(compare(31, "gt", 30)).toBe(true);
    expect(compare("31", "gt", 30)).toBe(true);
    expect(compare(30, "gt", 30)).toBe(false);
    expect(compare(30, "gte", 30)).toBe(true);
    expect(compare(29, "lt", "30")).toBe(true);
    expect(compare(30, "lte", 30)).toBe(true);
    expect(compare("open", "eq", "open")).toBe(true);
    expect(compare("open", "neq", "closed")).toBe(true);
    expect(compare(true, "eq", true)).toBe(true);
    expect(compare("warm", "gt", 3)).toBe(false);
    expect(compare(undefined, "neq", 3)).toBe(false);
    expect(valueAt({ a: { b: [5, { c: 7 }] } }, "a.b.1.c")).toBe(7);
    expect(valueAt({ a: 1 }, "a.b")).toBeUndefined();
    expect(valueAt({ a: 1 }, "")).toEqual({ a: 1 });
  });

  it("fire on matching broadcasts of the watched channel only, once per cooldown, never on sealed payloads", () => {
    let now = 1_000_000;
    const fired: FiredAlert[] = [];
    const watcher = new AlertWatcher(
      (alert) => fired.push(alert),
      () => now,
    );
    watcher.set(
      "42",
      "greenhouse",
      parseAlertRules([
        RULE,
        {
          ...RULE,
          id: "door",
          event: "door",
          valuePath: "state",
          operator: "eq",
          value: "open",
          cooldown: 0,
        },
      ]),
    );
    const frame = (payload: unknown, type = "broadcast") =>
      Buffer.from(JSON.stringify({ id: "x", type, payload, reply_to: null }));
    watcher.observe("42", "42.greenhouse", frame({ msg_type: "metrics", temp: 25 }));
    watcher.observe("42", "42.shed", frame({ msg_type: "metrics", temp: 45 }));
    watcher.observe("43", "43.greenhouse", frame({ msg_type: "metrics", temp: 45 }));
    watcher.observe("42", "42.greenhouse", frame({ e2ee: 2, s: "x", n: 1, c: "y" }));
    watcher.observe("42", "42.greenhouse", frame({ msg_type: "metrics", temp: 35 }, "node_status"));
    expect(fired).toEqual([]);
    watcher.observe("42", "42.greenhouse", frame({ msg_type: "metrics", temp: 35 }));
    watcher.observe("42", "42.greenhouse", frame({ msg_type: "metrics", temp: 36 }));
    expect(fired.map((alert) => alert.rule.id)).toEqual(["hot"]);
    expect(fired[0]).toMatchObject({
      account: "42",
      channel: "greenhouse",
      notification: {
        title: "Too hot",
        body: RULE.body,
        channel: "greenhouse",
        threadId: "hot",
        data: { alertId: "hot", value: 35 },
      },
    });
    now += 600_000;
    watcher.observe("42", "42.greenhouse", frame({ msg_type: "metrics", temp: 37 }));
    watcher.observe("42", "42.greenhouse", frame({ msg_type: "door", state: "open" }));
    watcher.observe("42", "42.greenhouse", frame({ msg_type: "door", state: "open" }));
    expect(fired.map((alert) => alert.rule.id)).toEqual(["hot", "hot", "door", "door"]);
  });
});

describe("alert rules on a gateway", () => {
  const scope = gatewayTestScope();
  let pushService: TestPushService;
  afterEach(scope.closeAll);
  afterAll(async () => {
    await scope.dispose();
    await pushService?.close();
  });
  beforeAll(async () => {
    pushService = await startPushService();
    await scope.store();
  }, 120_000);

  async function account(gateway: RunningGateway) {
    const id = (await (await scope.store()).createAccount("alerts", 10)).id;
    const { token } = await gateway.keys.mint({
      acct: id,
      prod: "connect",
      use: "session",
      expiresAtMs: Date.now() + 3_600_000,
    });
    const device = async (name: string, role = "device") => {
      const reply = await callApi(gateway, "POST", "/devices", { name, role }, token);
      return reply.body.deviceToken as string;
    };
    return { id, token, device };
  }

  it("a hub registers a layout's rules; a broadcast past the threshold pushes to the phone with no device open", async () => {
    const gateway = await scope.gateway({ push: { extraCa: pushService.cert } });
    const household = await account(gateway);
    const hubToken = await household.device("greenhouse hub", "hub");
    const phoneToken = await household.device("phone");
    const subscription = pushService.subscribe();
    await callApi(gateway, "POST", "/push/subscriptions", { subscription: subscription.json }, phoneToken);
    const door = {
      ...RULE,
      id: "door",
      valuePath: "state",
      operator: "eq",
      value: "open",
      event: "door",
      title: "Door",
      body: "open",
      cooldown: 0,
    };

    const registered = await callApi(
      gateway,
      "PUT",
      "/alerts/rules",
      { channel: "greenhouse", rules: [RULE, door] },
      hubToken,
    );
    expect(registered).toEqual({ status: 200, body: { channel: "greenhouse", rules: [RULE, door] } });
    const bad = await callApi(
      gateway,
      "PUT",
      "/alerts/rules",
      { channel: "greenhouse", rules: [{ ...RULE, operator: "~" }] },
      hubToken,
    );
    expect(bad).toEqual({
      status: 400,
      body: { error: "rules[0].operator: must be one of eq, neq, gt, lt, gte, lte" },
    });
    expect(
      (await callApi(gateway, "PUT", "/alerts/rules", { channel: "greenhouse", rules: [] }, phoneToken))
        .status,
    ).toBe(403);
    expect((await callApi(gateway, "GET", "/alerts/rules", undefined, household.token)).body).toEqual({
      alerts: [{ channel: "greenhouse", rules: [RULE, door] }],
    });

    // Another account's hub on a channel of the same name: its traffic never reaches these rules.
    const neighbour = await account(gateway);
    const neighbourHub = await scope.join(gateway, {
      name: "hub",
      channel: "greenhouse",
      role: "hub",
      token: await neighbour.device("hub", "hub"),
    });
    neighbourHub.send("broadcast_request", { msg_type: "metrics", temp: 99 });

    const hub = await scope.join(gateway, {
      name: "hub",
      channel: "greenhouse",
      role: "hub",
      token: hubToken,
    });
    const before = pushService.received.length;
    hub.send("broadcast_request", { msg_type: "metrics", temp: 25 });
    hub.send("broadcast_request", { msg_type: "metrics", temp: 35 });
    hub.send("broadcast_request", { msg_type: "metrics", temp: 36 });
    hub.send("broadcast_request", { msg_type: "door", state: "open" });
    const pushes = (await pushService.waitFor(before + 2)).slice(before);
    expect(pushes.map((push) => push.payload.threadId).sort()).toEqual(["door", "hot"]);
    expect(pushes.find((push) => push.payload.threadId === "hot")?.payload).toMatchObject({
      msg_type: "notification",
      title: "Too hot",
      body: RULE.body,
      channel: "greenhouse",
      data: { alertId: "hot", value: 35 },
    });
    const metrics = await callApi(gateway, "GET", "/metrics");
    const fired = new RegExp(`gateway_alerts_fired_total\\{account="${household.id}"\\} (\\d+)`).exec(
      String(metrics.body.text),
    );
    expect(fired?.[1]).toBe("2");
    expect(String(metrics.body.text)).not.toContain(`gateway_alerts_fired_total{account="${neighbour.id}"}`);

    // A second gateway process on the same store reads the rules registered through the first.
    const second = await scope.gateway({ push: { extraCa: pushService.cert } });
    const secondHub = await scope.join(second, {
      name: "hub2",
      channel: "greenhouse",
      role: "hub",
      token: hubToken,
    });
    secondHub.send("broadcast_request", { msg_type: "door", state: "open" });
    await pushService.waitFor(before + 3);
  });
});
