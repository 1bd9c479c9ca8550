/**
 * `connect` on a real Connect+ gateway with a token it mints from the admin credential, and
 * `provision_device` through the virtual device: the owner approves on the page, the device mints
 * a hub credential on the gateway, the tool writes it to a 0600 file, and the hub can dial with it.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MeshClient } from "@carter/client";
import { startGateway, type RunningGateway } from "@carter/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRig, type TestRig } from "./test-support.js";

let dir: string;
let gateway: RunningGateway;
let account: string;
let rig: TestRig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "carter-mcp-gateway-"));
  gateway = await startGateway({
    dataDir: mkdtempSync(join(tmpdir(), "carter-gateway-")),
    host: "127.0.0.1",
    port: 0,
    plain: true,
    push: false,
    logLevel: "silent",
  });
  account = (await gateway.store.createAccount("Household", 10)).id;
  writeFileSync(join(dir, "admin-token"), `${gateway.adminToken}\n`);
  writeFileSync(join(dir, "wrong-token"), "adm_not-the-one\n");
  rig = await startRig({ cwd: dir, outputDir: dir });
}, 180_000);

afterAll(async () => {
  await rig?.close();
  await gateway?.close();
});

/** Clicks one of the approval sheet's buttons on the virtual device once it shows. */
async function answer(button: "approve" | "deny"): Promise<void> {
  const page = rig.carter.context.virtualDevice!.page;
  await page.locator(`[data-provision="${button}"]`).click({ timeout: 30_000 });
}

describe("connect on a Connect+ gateway", () => {
  it("refuses to mint without an account, with a wrong admin credential, or beside a token", async () => {
    const url = gateway.url;
    expect(await rig.fail("connect", { url, admin_token_file: "admin-token" })).toContain("account:");
    expect(
      await rig.fail("connect", { url, admin_token_file: "wrong-token", account, channel: "studio" }),
    ).toMatch(/admin_token_file: the gateway refused \/validate \(401/);
    expect(await rig.fail("connect", { url, admin_token_file: "missing", account })).toContain(
      "admin_token_file: cannot read missing (ENOENT)",
    );
    expect(
      await rig.fail("connect", { url, admin_token_file: "admin-token", account, token: "x" }),
    ).toContain("token: pass token or admin_token_file");
  });

  it("mints a device token of the account and joins with it", async () => {
    const connected = await rig.call<{ minted: { kind: string; deviceId: string; account: string } }>(
      "connect",
      {
        url: gateway.url,
        admin_token_file: "admin-token",
        account,
        mint: "device",
        channel: "studio",
      },
    );
    expect(connected.minted).toMatchObject({
      kind: "device",
      account,
      deviceId: expect.stringMatching(/^dv_/),
    });
    expect(JSON.stringify(connected.minted)).not.toContain("eyJ");
    expect((await gateway.store.devices(account)).map((d) => d.id)).toContain(connected.minted.deviceId);
  });

  it("mints an account session, pairs the virtual device with it and provisions a hub through it", async () => {
    const connected = await rig.call<{ minted: { kind: string }; embedded: boolean }>("connect", {
      url: gateway.url,
      admin_token_file: "admin-token",
      account,
      channel: "studio",
    });
    expect(connected).toMatchObject({ embedded: false, minted: { kind: "session" } });
    await rig.call("open_virtual_device");

    const provisioned = rig.call<{ file: string; deviceId: string; keyReuse: string; warnings: string[] }>(
      "provision_device",
      { to: "porch-hub.json", channel: "garage", role: "hub" },
    );
    await answer("approve");
    const result = await provisioned;
    expect(result).toMatchObject({ keyReuse: "fresh-channel-had-none", warnings: [] });
    expect(JSON.stringify(result)).not.toMatch(/eyJ|rt_/);
    expect(statSync(result.file).mode & 0o777).toBe(0o600);
    const credential = JSON.parse(readFileSync(result.file, "utf8")) as Record<string, string>;
    expect(credential).toMatchObject({
      url: gateway.url,
      channel: "garage",
      role: "hub",
      did: result.deviceId,
      validator: gateway.httpUrl,
      refresh: expect.stringMatching(/^rt_/),
    });
    expect(Buffer.from(credential.k, "base64")).toHaveLength(32);

    // The minted credential is a real hub of the account: it joins the gateway.
    const hub = new MeshClient({
      url: credential.url,
      token: credential.token,
      name: "porch-hub",
      channel: "garage",
      role: "hub",
    });
    await hub.connect();
    await hub.close();

    expect(await rig.fail("provision_device", { to: "porch-hub.json", channel: "garage" })).toContain(
      "porch-hub.json exists; pass overwrite: true",
    );
    const denied = rig.fail("provision_device", { to: "porch-hub.json", channel: "garage", overwrite: true });
    await answer("deny");
    expect(await denied).toMatch(/get-provision-result: .*denied/);
  }, 120_000);
});
