import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ConnectionError, gatewayValidatorUrl } from "./checks.js";
import { Connection } from "./connection.js";
import { toClientOptions, toLayoutBlock, toPairingPayload } from "./emit.js";
import { loadConnection } from "./load.js";
import { parseConnection } from "./parse.js";

const KEY = Buffer.alloc(32, 7).toString("base64");
const OTHER_KEY = Buffer.alloc(32, 9).toString("base64");

const layoutBlock = {
  url: "ws://10.0.4.20:8765",
  token: "shared-key",
  mode: "room",
  e2eeKey: KEY,
  hub: "porch-hub",
  identity: { name: "shed tablet", channel: "garage", role: "viewer", canBroadcast: false, canRoute: false },
};

const credential = {
  url: "wss://relay.example",
  channel: "garage",
  role: "hub",
  token: "short-lived-token",
  refresh: "long-lived-refresh",
  did: "dv_7q2",
  k: KEY,
  validator: "https://validator.example",
};

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("parseConnection (session-protocol §3.4)", () => {
  it("nothing: a local embedded relay on 8765, channel home", () => {
    const conn = parseConnection();
    expect(conn.fields()).toEqual({ kind: "local", port: 8765, channel: "home", room: false });
  });

  it("a ws:// or wss:// string: self-hosted", () => {
    expect(parseConnection("wss://relay.example/mesh").fields()).toEqual({
      kind: "selfhosted",
      url: "wss://relay.example/mesh",
      channel: "home",
      room: false,
    });
  });

  it("a layout connection block: selfhosted with url, account without", () => {
    const conn = parseConnection(layoutBlock);
    expect(conn.fields()).toEqual({
      kind: "selfhosted",
      url: "ws://10.0.4.20:8765",
      token: "shared-key",
      channel: "garage",
      role: "viewer",
      name: "shed tablet",
      canBroadcast: false,
      canRoute: false,
      e2eeKey: KEY,
      room: true,
      hub: "porch-hub",
    });
    const account = parseConnection({ e2eeKey: KEY, identity: { name: "x", can_broadcast: "true" } });
    expect(account.kind).toBe("account");
    expect(account.channel).toBe("home");
    expect(account.room).toBe(true);
    expect(account.canBroadcast).toBe(true);
  });

  it("a layout: uses its connection block, errors without one", () => {
    expect(parseConnection({ name: "L", version: 1, tabs: [], connection: layoutBlock }).hub).toBe(
      "porch-hub",
    );
    expect(errorOf(() => parseConnection({ name: "L", version: 1, tabs: [] })).message).toBe(
      "connection: the layout has no connection block",
    );
    expect(
      errorOf(() => parseConnection({ tabs: [], connection: { ...layoutBlock, url: "http://x" } })).message,
    ).toBe("connection.url: scheme must be ws:// or wss://, got http://");
  });

  it("an Add Device / Add Hub credential: device", () => {
    const conn = parseConnection(credential);
    expect(conn.fields()).toEqual({
      kind: "device",
      url: "wss://relay.example",
      token: "short-lived-token",
      refresh: "long-lived-refresh",
      channel: "garage",
      role: "hub",
      did: "dv_7q2",
      e2eeKey: KEY,
      room: true,
      validator: "https://validator.example",
    });
    expect(parseConnection({ url: "wss://r.example", refresh: "r" }).role).toBe("hub");
  });

  it("a pairing QR payload: self-hosted; an empty token means none", () => {
    const conn = parseConnection({
      url: "ws://10.0.4.20:8765",
      channel: "editor",
      role: "viewer",
      token: "",
      k: KEY,
    });
    expect(conn.fields()).toEqual({
      kind: "selfhosted",
      url: "ws://10.0.4.20:8765",
      channel: "editor",
      role: "viewer",
      e2eeKey: KEY,
      room: true,
    });
  });

  it("a Connection: unchanged, or a changed copy with overrides", () => {
    const conn = parseConnection(layoutBlock);
    expect(parseConnection(conn).fields()).toEqual(conn.fields());
    const moved = parseConnection(conn, { channel: "attic", token: null, room: false });
    expect(moved.channel).toBe("attic");
    expect(moved.token).toBeUndefined();
    expect(moved.room).toBe(false);
    expect(conn.channel).toBe("garage");
  });

  it("overrides: replace fields, a new key implies room, unknown names are errors", () => {
    const conn = parseConnection("ws://127.0.0.1:9000", { channel: "lab", e2eeKey: KEY, hub: "lab-hub" });
    expect(conn.room).toBe(true);
    expect(conn.hub).toBe("lab-hub");
    expect(parseConnection(conn, { e2eeKey: null }).room).toBe(false);
    expect(errorOf(() => parseConnection(undefined, { chanel: "x" } as never)).message).toMatch(
      /^chanel: unknown override \(known: kind, url/,
    );
    expect(errorOf(() => parseConnection(undefined, { channel: "bad channel" })).message).toMatch(
      /^channel: "bad channel" is not a valid name/,
    );
    expect(errorOf(() => parseConnection(undefined, { port: 70000 })).message).toBe(
      "port: must be an integer port 1..65535",
    );
  });

  it("rejects unknown shapes, wrong types and bad fields with the field named", () => {
    expect(errorOf(() => parseConnection("relay.example:8765")).message).toBe(
      "source: 'relay.example:8765' is not a ws:// or wss:// URL (loadConnection also reads files)",
    );
    expect(errorOf(() => parseConnection({ host: "x" }))).toBeInstanceOf(ConnectionError);
    expect(errorOf(() => parseConnection({ host: "x" })).message).toMatch(/^source: unrecognized artifact/);
    expect(errorOf(() => parseConnection(42))).toBeInstanceOf(TypeError);
    expect(errorOf(() => parseConnection([]))).toBeInstanceOf(TypeError);
    expect(errorOf(() => parseConnection("ws://")).message).toMatch(/^url: /);
    expect(errorOf(() => parseConnection({ url: "ws://h", k: "c2hvcnQ=" })).message).toBe(
      "k: must be standard base64 (with padding) of exactly 32 bytes",
    );
    // 32 bytes but a non-canonical last character (unused bits set).
    expect(() => parseConnection({ url: "ws://h", k: KEY.slice(0, 42) + "B=" })).toThrow(/^k: /);
    expect(errorOf(() => parseConnection({ url: "ws://h", k: KEY, e2eeKey: OTHER_KEY })).message).toBe(
      "k: differs from e2eeKey; give one key",
    );
    expect(errorOf(() => parseConnection({ url: "ws://h", channel: "a b" })).message).toMatch(/^channel: /);
    expect(errorOf(() => parseConnection({ ...layoutBlock, mode: "direct" })).message).toBe(
      'mode: only "room" is known, got "direct"',
    );
    expect(
      errorOf(() => parseConnection({ ...credential, validator: "http://validator.example" })).message,
    ).toBe("validator: must be an https:// URL (http:// only on loopback)");
    expect(parseConnection({ ...credential, validator: "http://127.0.0.1:8080" }).validator).toBe(
      "http://127.0.0.1:8080",
    );
    expect(errorOf(() => parseConnection({ did: "dv_1" })).message).toBe(
      "url: a device credential needs the relay url",
    );
  });

  it("loadConnection reads JSON files, recursively through a file naming a URL", () => {
    const dir = mkdtempSync(join(tmpdir(), "carter-conn-"));
    const file = join(dir, "cred.json");
    writeFileSync(file, JSON.stringify(credential));
    expect(loadConnection(file).did).toBe("dv_7q2");
    const pointer = join(dir, "pointer.json");
    writeFileSync(pointer, JSON.stringify("ws://10.1.1.1:8765"));
    expect(loadConnection(pointer).url).toBe("ws://10.1.1.1:8765");
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{nope");
    expect(errorOf(() => loadConnection(broken)).message).toMatch(/is not valid JSON/);
    expect(errorOf(() => loadConnection(join(dir, "missing.json"))).message).toMatch(
      /neither a ws:\/\/ or wss:\/\/ URL nor a readable file/,
    );
  });
});

describe("secrets never print", () => {
  const conn = parseConnection({ ...credential, url: "wss://relay.example/path?token=leak" });
  const secrets = ["short-lived-token", "long-lived-refresh", KEY, "leak"];

  it.each([
    ["toString", () => conn.toString()],
    ["template literal", () => `${conn}`],
    ["util.inspect", () => inspect(conn, { depth: 5, showHidden: true })],
    ["JSON.stringify", () => JSON.stringify(conn)],
    ["nested in a log object", () => inspect({ connection: conn })],
  ])("%s", (_how, render) => {
    const text = render();
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).toContain("wss://relay.example");
  });

  it("object spread copies no secret fields (the url is copied whole)", () => {
    const copy = JSON.stringify({ ...conn });
    for (const secret of secrets.slice(0, 3)) expect(copy).not.toContain(secret);
  });

  it("still gives the secrets to code that asks", () => {
    expect(conn.token).toBe("short-lived-token");
    expect(conn.refresh).toBe("long-lived-refresh");
    expect(conn.e2eeKey).toBe(KEY);
    expect(conn.toString()).toBe(
      "Connection(device url=wss://relay.example channel=garage role=hub room=true did=dv_7q2 " +
        "validator=https://validator.example token=[redacted] refresh=[redacted] e2eeKey=[redacted])",
    );
    expect(Object.isFrozen(conn)).toBe(true);
    expect(conn).toBeInstanceOf(Connection);
  });
});

describe("emitters", () => {
  it("toLayoutBlock: token only for self-hosted/local, key as room mode, role caps", () => {
    expect(toLayoutBlock(parseConnection(layoutBlock), { name: "Shed Tablet" })).toEqual({
      url: "ws://10.0.4.20:8765",
      token: "shared-key",
      mode: "room",
      e2eeKey: KEY,
      hub: "porch-hub",
      identity: {
        name: "Shed Tablet",
        channel: "garage",
        role: "controller",
        canBroadcast: true,
        canRoute: true,
      },
    });
    expect(toLayoutBlock(parseConnection(credential), { name: "Shed", role: "viewer" })).toEqual({
      mode: "room",
      e2eeKey: KEY,
      identity: { name: "Shed", channel: "garage", role: "viewer", canBroadcast: false, canRoute: false },
    });
    expect(
      toLayoutBlock(parseConnection(undefined, { token: "relay-key" }), { host: "192.168.1.50" }),
    ).toEqual({
      url: "ws://192.168.1.50:8765",
      token: "relay-key",
      identity: { name: "device", channel: "home", role: "controller", canBroadcast: true, canRoute: true },
    });
    // The parsed block round-trips through the emitter.
    const block = toLayoutBlock(parseConnection(layoutBlock), { name: "shed tablet", role: "viewer" });
    expect(parseConnection(block).fields()).toEqual(parseConnection(layoutBlock).fields());
  });

  it("toPairingPayload: the QR JSON as the app decodes it", () => {
    const conn = parseConnection("ws://192.168.1.50:8765", { channel: "editor", token: "T", e2eeKey: KEY });
    expect(toPairingPayload(conn)).toEqual({
      url: "ws://192.168.1.50:8765",
      channel: "editor",
      role: "viewer",
      token: "T",
      k: KEY,
    });
    expect(JSON.stringify(toPairingPayload(parseConnection("ws://h:1"), { role: "controller" }))).toBe(
      '{"url":"ws://h:1","channel":"home","role":"controller"}',
    );
    expect(errorOf(() => toPairingPayload(parseConnection(credential))).message).toMatch(
      /^kind: a device credential is hub-only/,
    );
    expect(errorOf(() => toPairingPayload(parseConnection({ identity: {} }))).message).toBe(
      "url: a pairing payload needs the relay url",
    );
    const payload = toPairingPayload(conn);
    expect(parseConnection(payload).fields()).toEqual({ ...conn.fields(), role: "viewer" });
  });

  it("toClientOptions: hub dialing options per kind", () => {
    expect(toClientOptions(parseConnection(credential))).toEqual({
      url: "wss://relay.example",
      name: "hub",
      channel: "garage",
      role: "hub",
      token: "short-lived-token",
      canBroadcast: true,
      canRoute: true,
      e2ee: { key: KEY, mode: "room" },
      device: { id: "dv_7q2", refreshToken: "long-lived-refresh", validatorUrl: "https://validator.example" },
    });
    expect(toClientOptions(parseConnection(undefined, { port: 9100 }))).toEqual({
      url: "ws://127.0.0.1:9100",
      name: "hub",
      channel: "home",
      role: "device",
      canBroadcast: true,
      canRoute: false,
    });
    expect(toClientOptions(parseConnection(layoutBlock, { room: false }), { role: "hub" })).toMatchObject({
      name: "porch-hub",
      role: "hub",
      token: "shared-key",
      e2ee: { key: KEY, mode: "hub" },
    });
    expect(errorOf(() => toClientOptions(parseConnection({ identity: {} }))).message).toMatch(
      /^kind: an account connection cannot dial as a hub; mint a hub credential/,
    );
  });
});

describe("gatewayValidatorUrl", () => {
  it("is the gateway's WebSocket origin over http(s), path and query dropped", () => {
    expect(gatewayValidatorUrl("wss://gw.example:8443/mesh?x=1")).toBe("https://gw.example:8443");
    expect(gatewayValidatorUrl("ws://127.0.0.1:9000/")).toBe("http://127.0.0.1:9000");
  });
});
