import { describe, expect, it } from "vitest";
import { linkOptions, pairingFromFragment } from "./pairing.js";

const KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

describe("pairing fragment", () => {
  const payload = { url: "ws://10.0.4.20:8765", channel: "editor", role: "viewer", token: "" };

  it("reads URI-encoded JSON and base64url JSON", () => {
    expect(pairingFromFragment(`#pair=${encodeURIComponent(JSON.stringify(payload))}`)).toEqual(payload);
    const b64url = btoa(JSON.stringify(payload)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect(pairingFromFragment(`#pair=${b64url}`)).toEqual(payload);
    expect(pairingFromFragment("#other=1")).toBeNull();
    expect(pairingFromFragment("")).toBeNull();
  });

  it("names the problem when the payload is unreadable", () => {
    expect(() => pairingFromFragment("#pair=%%%")).toThrow(
      "#pair: neither URI-encoded JSON nor base64url JSON",
    );
    expect(() => pairingFromFragment(`#pair=${encodeURIComponent("[1]")}`)).toThrow("must be a JSON object");
  });
});

describe("linkOptions", () => {
  it("maps a layout connection block, sanitizing the name and reading both flag spellings", () => {
    const block = {
      url: "ws://10.0.4.20:8765",
      token: "shared",
      identity: { name: "Living Room iPad", channel: "home", role: "viewer", can_broadcast: true },
    };
    expect(linkOptions(block, "layout", "web-x")).toEqual({
      url: "ws://10.0.4.20:8765",
      name: "Living-Room-iPad",
      channel: "home",
      role: "viewer",
      token: "shared",
      canBroadcast: true,
    });
    expect(linkOptions({ url: "ws://h:1", identity: {} }, "layout", "web-x")).toMatchObject({
      name: "web-x",
      role: "controller",
      channel: "home",
    });
  });

  it("selects room E2EE for mode room, else the app side; pairing may broadcast for the mirror", () => {
    expect(
      linkOptions(
        { url: "ws://h:1", mode: "room", e2eeKey: KEY, hub: "porch-hub", identity: {} },
        "layout",
        "d",
      ),
    ).toMatchObject({
      e2ee: { key: KEY, mode: "room" },
      hub: "porch-hub",
    });
    expect(linkOptions({ url: "ws://h:1", channel: "editor", k: KEY }, "pairing", "web-x")).toEqual({
      url: "ws://h:1",
      name: "web-x",
      channel: "editor",
      role: "viewer",
      canBroadcast: true,
      e2ee: { key: KEY, mode: "room" },
    });
  });

  it("refuses sources the browser cannot dial, naming the field", () => {
    expect(() => linkOptions({ identity: {} }, "layout", "d")).toThrow("connection.url");
    expect(() => linkOptions({ url: "http://x", channel: "c" }, "pairing", "d")).toThrow("url");
  });
});
