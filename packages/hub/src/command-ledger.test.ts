import { describe, expect, it } from "vitest";
import { CommandLedger } from "./command-ledger.js";

const ack = (id: string) => ({
  state: "acked" as const,
  ack: { msg_type: "command_ack", cmd_id: id, ok: true },
});

describe("CommandLedger", () => {
  it("remembers outcomes by command id", () => {
    const ledger = new CommandLedger();
    expect(ledger.get("a")).toBeUndefined();
    ledger.set("a", { state: "running" });
    expect(ledger.get("a")).toEqual({ state: "running" });
    ledger.set("a", ack("a"));
    expect(ledger.get("a")).toEqual(ack("a"));
  });

  it("evicts the least recently used id past its capacity", () => {
    const ledger = new CommandLedger({ capacity: 2 });
    ledger.set("a", ack("a"));
    ledger.set("b", ack("b"));
    ledger.get("a");
    ledger.set("c", ack("c"));
    expect(ledger.get("b")).toBeUndefined();
    expect(ledger.get("a")).toEqual(ack("a"));
    expect(ledger.get("c")).toEqual(ack("c"));
    expect(ledger.size).toBe(2);
  });

  it("forgets ids after their time to live", () => {
    let now = 0;
    const ledger = new CommandLedger({ ttlMs: 1000, now: () => now });
    ledger.set("a", ack("a"));
    now = 999;
    expect(ledger.get("a")).toEqual(ack("a"));
    now = 2000;
    expect(ledger.get("a")).toBeUndefined();
    expect(ledger.size).toBe(0);
  });

  it("holds 1024 ids by default", () => {
    const ledger = new CommandLedger();
    for (let i = 0; i <= 1024; i++) ledger.set(`c${i}`, ack(`c${i}`));
    expect(ledger.size).toBe(1024);
    expect(ledger.get("c0")).toBeUndefined();
    expect(ledger.get("c1")).toEqual(ack("c1"));
  });
});
