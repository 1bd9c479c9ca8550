import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { allowedCpus, cpuSplit, parseCpuList, pinProcesses } from "./affinity.js";

describe("parseCpuList", () => {
  it("reads single CPUs and ranges", () => {
    expect(parseCpuList("0-2,5\n")).toEqual([0, 1, 2, 5]);
    expect(parseCpuList("3")).toEqual([3]);
  });

  it("refuses anything else", () => {
    expect(() => parseCpuList("0-a")).toThrow(/not a CPU list/);
  });
});

describe("cpuSplit", () => {
  it("splits the allowed CPUs into the first and the rest", () => {
    expect(cpuSplit([0, 1])).toEqual({ first: "0", rest: "1", all: "0,1" });
    expect(cpuSplit([2, 3, 6])).toEqual({ first: "2", rest: "3,6", all: "2,3,6" });
  });

  it("says why there is no split", () => {
    expect(cpuSplit([4])).toMatch(/needs 2 CPUs/);
    expect(cpuSplit(undefined)).toMatch(/needs Linux/);
  });
});

const split = cpuSplit(allowedCpus());

describe.runIf(typeof split !== "string")("pinProcesses", () => {
  it("pins every thread of a running process and undoes it", async () => {
    if (typeof split === "string") throw new Error(split);
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      expect(pinProcesses([child.pid!], split.rest)).toBeUndefined();
      expect(allowedCpus(child.pid!)).toEqual(parseCpuList(split.rest));
      expect(pinProcesses([child.pid!], split.all)).toBeUndefined();
      expect(allowedCpus(child.pid!)).toEqual(parseCpuList(split.all));
    } finally {
      child.kill();
      await once(child, "exit");
    }
  });

  it("reports a process that is gone instead of pinning nothing", () => {
    expect(pinProcesses([2 ** 22 + 12345], "0")).toMatch(/no such process/);
  });
});
