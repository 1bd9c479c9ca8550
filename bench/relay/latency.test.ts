import { describe, expect, it } from "vitest";
import { readSentAt } from "./latency.js";

describe("readSentAt", () => {
  it("reads the stamp wherever the server put it in the frame", () => {
    const frame = `{"id":"a","type":"broadcast","payload":{"msg_type":"metrics","seq":3,"bench_sent_at":12345.6789},"reply_to":null}`;
    expect(readSentAt(Buffer.from(frame))).toBe(12345.6789);
  });

  it("tolerates a stamp at the very end of the data", () => {
    expect(readSentAt(Buffer.from('"bench_sent_at":7.5'))).toBe(7.5);
  });

  it("is undefined for frames without a stamp or with a malformed one", () => {
    expect(readSentAt(Buffer.from('{"type":"broadcast","payload":{"seq":1}}'))).toBeUndefined();
    expect(readSentAt(Buffer.from('{"payload":{"bench_sent_at":"x"}}'))).toBeUndefined();
  });
});
