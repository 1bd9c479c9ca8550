import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startLiveChannel } from "./live.js";

let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

describe("the editor's live-edit channel", () => {
  it("joins a given relay: the pairing names it, its token and the channel", async () => {
    server = createServer();
    const live = await startLiveChannel(
      server,
      { host: "127.0.0.1", port: 8090 },
      { relay: "wss://relay.example:8765", token: "t0k", channel: "studio" },
    );
    const info = live.info();
    expect(info.relay).toBe("wss://relay.example:8765");
    expect(info.pairing).toEqual({
      url: "wss://relay.example:8765",
      channel: "studio",
      role: "viewer",
      token: "t0k",
    });
    expect(decodeURIComponent(info.deviceUrl)).toBe(
      'http://127.0.0.1:8090/device/#pair={"url":"wss://relay.example:8765","channel":"studio","role":"viewer","token":"t0k"}',
    );
    expect(info.qr.app).toMatch(/^<svg/);
    expect(info.qr.web).toMatch(/^<svg/);
    await live.close();
  });

  it("refuses a relay that is not ws(s) and a channel the relay would refuse, naming the field", async () => {
    server = createServer();
    const bind = { host: "127.0.0.1", port: 8090 };
    await expect(startLiveChannel(server, bind, { relay: "http://x" })).rejects.toThrow(
      "relay: must be a ws:// or wss:// URL, got 'http://x'",
    );
    await expect(startLiveChannel(server, bind, { channel: "no spaces" })).rejects.toThrow(
      /^channel: 'no spaces'/,
    );
  });
});
