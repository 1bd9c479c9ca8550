import { cpus } from "node:os";
import { describe, expect, it } from "vitest";
import { formatBytes, formatUptime, SystemMeter } from "./system.js";

describe("system meter", () => {
  it("reads CPU per core and overall as percentages, memory, load and uptime", () => {
    const meter = new SystemMeter();
    const sample = meter.sample();
    expect(sample.cores).toHaveLength(cpus().length);
    for (const value of [sample.cpu, ...sample.cores, sample.memory.percent]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
    }
    expect(sample.memory.usedBytes).toBeLessThanOrEqual(sample.memory.totalBytes);
    expect(sample.load).toHaveLength(3);
    expect(Number.isInteger(sample.uptimeSeconds)).toBe(true);
  });

  it("formats uptime and sizes for people", () => {
    expect(formatUptime(59)).toBe("0m 59s");
    expect(formatUptime(3723)).toBe("1h 2m");
    expect(formatUptime(3 * 86_400 + 4 * 3600 + 12 * 60)).toBe("3d 4h 12m");
    expect(formatBytes(512 * 1024 ** 2)).toBe("512 MiB");
    expect(formatBytes(3.25 * 1024 ** 3)).toBe("3.3 GiB");
  });
});
