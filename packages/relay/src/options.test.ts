import { describe, expect, it } from "vitest";
import { DEFAULTS, relayOptionsFromEnv } from "./options.js";

describe("relay defaults", () => {
  it("are the reference relay's limits, with keepalive every 20 s and a loopback bind", () => {
    expect(DEFAULTS).toMatchObject({
      host: "127.0.0.1",
      port: 8765,
      maxConnections: 2000,
      maxPendingPerIp: 10,
      rateLimit: 50,
      maxSize: 262_144,
      routeTimeoutMs: 5000,
      authTimeoutMs: 5000,
      keepaliveIntervalMs: 20_000,
      allowedOrigins: ["http://127.0.0.1", "http://localhost"],
    });
  });
});

describe("relayOptionsFromEnv", () => {
  it("reads every knob and leaves unset or empty ones out", () => {
    expect(
      relayOptionsFromEnv({
        MESH_HOST: "0.0.0.0",
        MESH_PORT: "9000",
        MESH_AUTH_TOKEN: "s3cret",
        MESH_ALLOWED_ORIGINS: "http://a.example, http://b.example:8080 ,",
        MESH_TRUSTED_PROXIES: "10.0.0.1",
        MESH_MAX_CONNECTIONS: "10",
        MESH_MAX_PENDING_PER_IP: "3",
        MESH_RATE_LIMIT: "0",
        MESH_MAX_SIZE: "4096",
        MESH_ROUTE_TIMEOUT_MS: "100",
        MESH_AUTH_TIMEOUT_MS: "200",
        MESH_KEEPALIVE_INTERVAL_MS: "300",
        MESH_SEND_BUFFER_LIMIT: "65536",
        LOG_LEVEL: "DEBUG",
        MESH_UNRELATED: "x",
      }),
    ).toEqual({
      host: "0.0.0.0",
      port: 9000,
      authToken: "s3cret",
      allowedOrigins: ["http://a.example", "http://b.example:8080"],
      trustedProxies: ["10.0.0.1"],
      maxConnections: 10,
      maxPendingPerIp: 3,
      rateLimit: 0,
      maxSize: 4096,
      routeTimeoutMs: 100,
      authTimeoutMs: 200,
      keepaliveIntervalMs: 300,
      sendBufferLimit: 65536,
      logLevel: "debug",
    });
    expect(relayOptionsFromEnv({ MESH_PORT: "", MESH_AUTH_TOKEN: "" })).toEqual({});
  });

  it.each([
    ["MESH_PORT", "70000"],
    ["MESH_PORT", "80a"],
    ["MESH_MAX_CONNECTIONS", "0"],
    ["MESH_RATE_LIMIT", "-1"],
    ["MESH_RATE_LIMIT", "1.5"],
    ["MESH_MAX_PENDING_PER_IP", "0"],
    ["MESH_MAX_SIZE", "lots"],
    ["MESH_ROUTE_TIMEOUT_MS", "1e3"],
    ["MESH_AUTH_TIMEOUT_MS", "0"],
    ["MESH_KEEPALIVE_INTERVAL_MS", "soon"],
    ["MESH_SEND_BUFFER_LIMIT", "10"],
  ])("throws naming %s for %j", (name, value) => {
    expect(() => relayOptionsFromEnv({ [name]: value })).toThrow(
      new RegExp(`^${name} must be a whole number`),
    );
  });

  it("throws naming LOG_LEVEL for an unknown level", () => {
    expect(() => relayOptionsFromEnv({ LOG_LEVEL: "loud" })).toThrow(/^LOG_LEVEL must be one of/);
  });
});
