import { describe, expect, it } from "vitest";
import { TypedEmitter } from "./emitter.js";

describe("TypedEmitter", () => {
  it("delivers to every listener, isolates throwing ones and unsubscribes", () => {
    const failures: string[] = [];
    const emitter = new TypedEmitter<{ tick: number }>((event) => failures.push(event));
    const seen: number[] = [];
    emitter.on("tick", () => {
      throw new Error("bad listener");
    });
    const off = emitter.on("tick", (n) => seen.push(n));
    emitter.emit("tick", 1);
    off();
    emitter.emit("tick", 2);
    expect(seen).toEqual([1]);
    expect(failures).toEqual(["tick", "tick"]);
  });
});
