import { describe, expect, it } from "vitest";
import { qrModulesPath } from "./qr-code.js";

describe("qrModulesPath", () => {
  it("draws the modules of a version-1 code with a quiet zone", () => {
    const { size, d } = qrModulesPath("hello", "M", false);
    expect(size).toBe(21 + 4);
    expect(d.startsWith("M2 2h1v1h-1z")).toBe(true);
    expect(qrModulesPath("hello", "M", true).d).toContain("a.5 .5");
  });

  it("grows with the correction level and payload", () => {
    expect(qrModulesPath("x".repeat(100), "H", false).size).toBeGreaterThan(
      qrModulesPath("x", "L", false).size,
    );
  });
});
