import { get } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeshClient } from "@carter/client";
import { CloseCode } from "@carter/protocol";
import { demoLayout } from "./layout.js";
import { startDemoRelay, type DemoRelay } from "./demo-relay.js";

const TOKEN = "per-run-secret-123";
const quiet = { debug: () => {}, info: () => {} };

describe("demo relay", () => {
  let relay: DemoRelay;
  beforeAll(async () => {
    const layout = demoLayout({ url: "ws://placeholder.invalid:1", token: TOKEN, cores: 2 });
    relay = await startDemoRelay({ host: "127.0.0.1", port: 0, token: TOKEN, layout: () => layout });
  });
  afterAll(() => relay?.close());

  it("serves the layout only at the secret path, pointing at the address the request used", async () => {
    const response = await fetch(`http://127.0.0.1:${relay.port}${relay.layoutPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const layout = (await response.json()) as { connection: { url: string; token: string } };
    expect(layout.connection).toMatchObject({ url: `ws://127.0.0.1:${relay.port}`, token: TOKEN });

    for (const path of ["/layout.json", "/demo/wrong/layout.json", `/demo/${TOKEN}/`]) {
      expect((await fetch(`http://127.0.0.1:${relay.port}${path}`)).status).toBe(404);
    }
  });

  it("points the layout at this relay's bound port when the Host header cannot be echoed", async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const request = get(
        { host: "127.0.0.1", port: relay.port, path: relay.layoutPath, headers: { host: "evil.example" } },
        (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () => resolve(text));
        },
      );
      request.on("error", reject);
    });
    const layout = JSON.parse(body) as { connection: { url: string } };
    expect(layout.connection.url).toBe(`ws://127.0.0.1:${relay.port}`);
    expect(relay.url).toBe(`ws://127.0.0.1:${relay.port}`);
  });

  it("admits a client with the token and refuses one without", async () => {
    const member = new MeshClient({
      url: relay.url,
      token: TOKEN,
      name: "member",
      channel: "demo",
      logger: quiet,
      reconnect: false,
    });
    await member.connect();
    expect(member.state).toBe("ready");
    await member.close();

    const stranger = new MeshClient({
      url: relay.url,
      name: "stranger",
      channel: "demo",
      logger: quiet,
      reconnect: false,
    });
    const refusals: string[] = [];
    stranger.events.on("error", (error) => refusals.push(error.message));
    await expect(stranger.connect()).rejects.toThrow();
    expect(stranger.state).not.toBe("ready");
    expect(refusals.join("\n")).toContain(`closed before admission (code ${CloseCode.POLICY_VIOLATION}`);
    await stranger.close();
  });
});
