import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres } from "../test-services.js";
import { openStore } from "./drivers.js";
import type { Device, GatewayStore, SigningKeyRecord } from "./store.js";

function key(kid: string, createdAtMs: number): SigningKeyRecord {
  return {
    kid,
    privateJwk: `{"kid":"${kid}","d":"x"}`,
    publicJwk: `{"kid":"${kid}"}`,
    createdAtMs,
    retiresAtMs: null,
  };
}

function device(account: string, role: Device["role"] = "device"): Device {
  return {
    id: `dv_${randomUUID()}`,
    account,
    name: "tablet",
    role,
    createdAtMs: Date.now(),
    revokedAtMs: null,
  };
}

/** The same behaviour, asserted against each backend. */
function storeSuite(name: string, open: () => Promise<GatewayStore>, cleanup: () => Promise<void>) {
  describe(name, () => {
    let store: GatewayStore;
    // PGlite's first start and PostgreSQL's initdb take seconds, tens of them on a busy machine.
    beforeAll(async () => {
      store = await open();
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await cleanup();
    });

    it("creates accounts with digit ids that namespaces can carry, and lists them", async () => {
      const first = await store.createAccount("Household", 5);
      const second = await store.createAccount("Team", 50);
      expect(first.id).toMatch(/^[0-9]{1,32}$/);
      expect(Number(second.id)).toBeGreaterThan(Number(first.id));
      expect(await store.account(first.id)).toEqual(first);
      expect(await store.account("999")).toBeUndefined();
      const ids = (await store.accounts()).map((account) => account.id);
      expect(ids).toEqual(expect.arrayContaining([first.id, second.id]));
      expect(await store.setAccountSlots(first.id, 7)).toBe(true);
      expect((await store.account(first.id))?.slots).toBe(7);
      expect(await store.setAccountSlots("999", 7)).toBe(false);
    });

    it("keeps one signing key even when two processes add the first at once, and retires on rotation", async () => {
      await Promise.all([store.addFirstSigningKey(key("k1", 1)), store.addFirstSigningKey(key("k2", 2))]);
      const first = await store.signingKeys();
      expect(first).toHaveLength(1);
      await store.rotateSigningKey(key("k3", 3), 10_000);
      const rotated = await store.signingKeys();
      expect(rotated.map((k) => [k.kid, k.retiresAtMs])).toEqual([
        [first[0].kid, 10_000],
        ["k3", null],
      ]);
      expect(rotated[1]).toEqual(key("k3", 3));
    });

    it("rotates refresh hashes atomically and reports a reused one", async () => {
      const account = await store.createAccount("Refresh", 5);
      const hub = device(account.id, "hub");
      await store.addDevice(hub, "h0");
      expect(await store.device(hub.id)).toEqual(hub);
      expect((await store.rotateRefresh(hub.id, "h0", "h1", 1)).outcome).toBe("rotated");
      expect((await store.rotateRefresh(hub.id, "h1", "h2", 2)).outcome).toBe("rotated");
      expect((await store.rotateRefresh(hub.id, "h0", "h9", 3)).outcome).toBe("reused");
      expect((await store.rotateRefresh(hub.id, "never", "h9", 3)).outcome).toBe("unknown");
      expect((await store.rotateRefresh("dv_missing", "h2", "h9", 3)).outcome).toBe("unknown");
      // Exactly one of two racing rotations with the same token wins; the other sees a reuse.
      const raced = await Promise.all([
        store.rotateRefresh(hub.id, "h2", "h3a", 4),
        store.rotateRefresh(hub.id, "h2", "h3b", 4),
      ]);
      expect(raced.map((r) => r.outcome).sort()).toEqual(["reused", "rotated"]);
    });

    it("records revocations by token, device and time, marks revoked devices, and lists what still matters", async () => {
      const account = await store.createAccount("Revoke", 5);
      const tablet = device(account.id);
      await store.addDevice(tablet, "t0");
      const since = Date.now();
      const byToken = await store.revoke({
        kind: "token",
        account: account.id,
        subject: "jti-1",
        atMs: since,
        createdAtMs: since,
        expiresAtMs: since + 60_000,
      });
      await store.revoke({
        kind: "token",
        account: account.id,
        subject: "jti-expired",
        atMs: since,
        createdAtMs: since,
        expiresAtMs: since - 1,
      });
      await store.revoke({
        kind: "device",
        account: account.id,
        subject: tablet.id,
        atMs: since,
        createdAtMs: since,
        expiresAtMs: null,
      });
      await store.revoke({
        kind: "before",
        account: account.id,
        subject: "",
        atMs: since,
        createdAtMs: since,
        expiresAtMs: null,
      });
      expect(byToken.id).toBeGreaterThan(0);
      const listed = (await store.revocations(since, since)).filter((r) => r.account === account.id);
      expect(listed.map((r) => [r.kind, r.subject])).toEqual([
        ["token", "jti-1"],
        ["device", tablet.id],
        ["before", ""],
      ]);
      expect((await store.device(tablet.id))?.revokedAtMs).toBe(since);
      expect((await store.rotateRefresh(tablet.id, "t0", "t1", since)).outcome).toBe("revoked");
      expect(await store.revocations(since + 1, since)).toEqual([]);
      expect((await store.devices(account.id)).map((d) => d.id)).toEqual([tablet.id]);
    });

    it("saves, replaces and removes push subscriptions per account", async () => {
      const account = await store.createAccount("Push", 5);
      const record = {
        endpoint: `https://push.example/${randomUUID()}`,
        account: account.id,
        deviceId: null,
        subscription: '{"keys":{}}',
        createdAtMs: 1,
      };
      await store.savePushSubscription(record);
      await store.savePushSubscription({
        ...record,
        subscription: '{"keys":{"p256dh":"x"}}',
        createdAtMs: 2,
      });
      expect(await store.pushSubscriptions(account.id)).toEqual([
        { ...record, subscription: '{"keys":{"p256dh":"x"}}', createdAtMs: 2 },
      ]);
      await store.removePushSubscription(record.endpoint);
      expect(await store.pushSubscriptions(account.id)).toEqual([]);
    });

    it("replaces a channel's alert rules, lists them per account and removes them with an empty list", async () => {
      const account = await store.createAccount("Alerts", 5);
      const set = { account: account.id, channel: "garage", rules: '[{"id":"a"}]', updatedAtMs: 1 };
      await store.setAlertRules(set);
      await store.setAlertRules({ ...set, rules: '[{"id":"b"}]', updatedAtMs: 2 });
      await store.setAlertRules({ ...set, channel: "shed", updatedAtMs: 3 });
      expect(await store.alertRules(account.id)).toEqual([
        { ...set, rules: '[{"id":"b"}]', updatedAtMs: 2 },
        { ...set, channel: "shed", updatedAtMs: 3 },
      ]);
      expect((await store.alertRules()).filter((r) => r.account === account.id)).toHaveLength(2);
      await store.setAlertRules({ ...set, rules: "[]", updatedAtMs: 4 });
      expect((await store.alertRules(account.id)).map((r) => r.channel)).toEqual(["shed"]);
    });

    it("keeps the first value of a setting when two processes initialise it at once", async () => {
      const [a, b] = await Promise.all([
        store.initSetting("vapid", "one"),
        store.initSetting("vapid", "two"),
      ]);
      expect(a).toBe(b);
      expect(await store.setting("vapid")).toBe(a);
      expect(await store.setting("absent")).toBeUndefined();
    });
  });
}

storeSuite(
  "embedded store (PGlite)",
  () => openStore({ embeddedDir: null }),
  async () => undefined,
);

let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
storeSuite(
  "PostgreSQL store",
  async () => {
    postgres = await startPostgres();
    const url = await postgres.createDatabase();
    // Two processes migrating one fresh database at once: the schema is applied once.
    const [store, other] = await Promise.all([
      openStore({ database: url, embeddedDir: null }),
      openStore({ database: url, embeddedDir: null }),
    ]);
    await other.close();
    return store;
  },
  async () => {
    await postgres?.stop();
  },
);
