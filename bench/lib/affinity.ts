import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/**
 * Two groups of CPUs for a latency measurement: the first CPU this process may use, and the rest.
 * On a small machine the scheduler otherwise moves the relay's fan-out loop and the 1000 viewers'
 * reads across the same cores from one broadcast to the next, and the p99 of two identical runs
 * differs by more than the few milliseconds a target asks about.
 */
export interface CpuSplit {
  /** A `taskset -c` list of one CPU, e.g. "0". */
  first: string;
  /** A `taskset -c` list of the others, e.g. "1,2,3". */
  rest: string;
  /** Every CPU of the split, to undo it. */
  all: string;
}

/** CPU ids from a Linux CPU list ("0-2,5" → [0, 1, 2, 5]). */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(",")) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (match === null) throw new RangeError(`not a CPU list: ${JSON.stringify(list)}`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    for (let cpu = first; cpu <= last; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** The CPUs a process may run on (`Cpus_allowed_list` in /proc), or undefined off Linux. */
export function allowedCpus(pid: number | "self" = "self"): number[] | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "latin1");
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
    return list === undefined ? undefined : parseCpuList(list);
  } catch {
    return undefined;
  }
}

/** The split over `cpus` (e.g. `allowedCpus()`), or the reason there is none. */
export function cpuSplit(cpus: number[] | undefined): CpuSplit | string {
  if (cpus === undefined) return "CPU pinning needs Linux's /proc and taskset";
  if (cpus.length < 2) return `CPU pinning needs 2 CPUs (this process may use ${cpus.length})`;
  return { first: String(cpus[0]), rest: cpus.slice(1).join(","), all: cpus.join(",") };
}

/**
 * Sets the CPUs every thread of each process may run on (`taskset -a -p -c`). Returns the first
 * failure's message, or undefined when all were pinned.
 */
export function pinProcesses(pids: readonly number[], cpus: string): string | undefined {
  for (const pid of pids) {
    // `taskset -a` on a missing pid finds no threads and exits 0.
    if (!existsSync(`/proc/${pid}`)) return `taskset on pid ${pid}: no such process`;
    try {
      execFileSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "pipe" });
    } catch (error) {
      const detail = (error as { stderr?: Buffer }).stderr?.toString().trim();
      return `taskset on pid ${pid}: ${detail || (error instanceof Error ? error.message : String(error))}`;
    }
  }
  return undefined;
}
