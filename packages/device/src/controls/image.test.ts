import { describe, expect, it } from "vitest";
import { resolveImage } from "./image.js";

describe("resolveImage", () => {
  const def = {
    type: "image",
    id: "img",
    url: "https://example.com/static.png",
    systemName: "house",
    valueMap: { cam: "https://example.com/cam.jpg", relative: "/x.png" },
    iconMap: { sunny: "sun.max" },
  };

  it("follows valueMap URL, iconMap symbol, synced URL, url, systemName", () => {
    expect(resolveImage(def, "cam")).toEqual({ kind: "url", url: "https://example.com/cam.jpg" });
    expect(resolveImage(def, "sunny")).toEqual({ kind: "symbol", name: "sun.max" });
    expect(resolveImage(def, "https://example.com/live.png")).toEqual({
      kind: "url",
      url: "https://example.com/live.png",
    });
    expect(resolveImage(def, "relative")).toEqual({ kind: "url", url: "https://example.com/static.png" });
    expect(resolveImage({ ...def, url: undefined }, undefined)).toEqual({ kind: "symbol", name: "house" });
    expect(resolveImage({ type: "image", id: "x" }, "nope")).toEqual({ kind: "none" });
  });
});
