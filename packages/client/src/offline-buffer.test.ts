import { describe, expect, it } from "vitest";
import { OfflineBuffer } from "./offline-buffer.js";

const frame = (n: number) => ({ id: `id${n}`, type: "broadcast_request", payload: { n }, replyTo: null });

describe("OfflineBuffer", () => {
  it("keeps the newest N frames in order, reporting each eviction", () => {
    const buffer = new OfflineBuffer(2);
    expect(buffer.push(frame(1))).toBeUndefined();
    expect(buffer.push(frame(2))).toBeUndefined();
    expect(buffer.push(frame(3))).toEqual(frame(1));
    expect(buffer.drain().map((f) => f.id)).toEqual(["id2", "id3"]);
    expect(buffer.size).toBe(0);
  });

  it("rejects a negative or fractional capacity", () => {
    expect(() => new OfflineBuffer(-1)).toThrow(/offlineBuffer/);
    expect(() => new OfflineBuffer(1.5)).toThrow(/offlineBuffer/);
  });
});
