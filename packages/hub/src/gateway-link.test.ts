import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubError } from "./errors.js";
import { GatewayLink } from "./gateway-link.js";

/** A loopback validator: refresh hands out numbered tokens; `/alerts/rules` accepts only the newest. */
let server: Server;
let validator = "";
let issued = 0;
const seen: { path: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({ path: req.url ?? "", authorization: req.headers.authorization });
      res.setHeader("content-type", "application/json");
      if (req.url === "/devices/sessions/refresh") {
        issued++;
        res.end(JSON.stringify({ deviceToken: `dt${issued}`, expiresAt: Date.now() + 3_600_000 }));
      } else if (req.url === "/alerts/rules" && req.headers.authorization === `dt${issued}`) {
        res.end(JSON.stringify({ channel: "home", rules: [] }));
      } else if (req.url === "/alerts/rules") {
        res.writeHead(401).end(JSON.stringify({ error: "bad or expired credential" }));
      } else {
        res.writeHead(400).end(JSON.stringify({ error: "rules[0].operator: must be one of eq" }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  validator = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("GatewayLink", () => {
  it("sends the device token, refreshes once on a 401 and retries, and names the gateway's error", async () => {
    const link = new GatewayLink(
      { validator, deviceId: "dv_1", refreshToken: "rt", token: "stale", expiresAt: Date.now() + 3_600_000 },
      (url, init) => fetch(url, init),
    );
    seen.length = 0;
    expect(await link.call("PUT", "/alerts/rules", { channel: "home", rules: [] })).toEqual({
      channel: "home",
      rules: [],
    });
    expect(seen).toEqual([
      { path: "/alerts/rules", authorization: "stale" },
      { path: "/devices/sessions/refresh", authorization: undefined },
      { path: "/alerts/rules", authorization: `dt${issued}` },
    ]);
    const failure = link.call("PUT", "/other", {});
    await expect(failure).rejects.toBeInstanceOf(HubError);
    await expect(failure).rejects.toThrow("PUT /other: rules[0].operator: must be one of eq (400)");
  });
});
