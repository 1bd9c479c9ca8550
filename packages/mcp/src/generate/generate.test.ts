import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { validateLayout } from "@carter/kit";
import { generateAdapterSource } from "./adapter-source.js";
import { autotuneGauge, niceCeil } from "./autotune.js";
import { generateHubSource } from "./hub-source.js";
import { inferLayout } from "./infer.js";
import { contrastRatio, generateTheme } from "./theme.js";

const run = promisify(execFile);

const payload = {
  msg_type: "rack",
  cpu_pct: 37.5,
  psu: { volts: 12.1, ok: true },
  fill: 0.42,
  state: "online",
  where: { lat: 51.5, lng: -0.12 },
  history: [1, 2, 3],
  disks: [{ name: "sda", used: 10 }],
  host: "rack-1",
};

describe("inferLayout", () => {
  const { layout, bindings, skipped } = inferLayout([payload], { name: "Rack" });

  it("picks a control per kind of value, bound by dotted valuePath", () => {
    expect(Object.fromEntries(bindings.map((b) => [b.valuePath, b.type]))).toEqual({
      cpu_pct: "gauge",
      "psu.volts": "gauge",
      "psu.ok": "toggle",
      fill: "progressRing",
      state: "statusLight",
      where: "map",
      history: "sparkline",
      disks: "list",
      host: "label",
    });
    expect(skipped).toEqual([]);
  });

  it("makes a layout the kit validates, with rounded ranges and the message filter", () => {
    expect(validateLayout(layout).errors).toEqual([]);
    const controls = (layout.tabs as { children: Record<string, unknown>[] }[])[0].children;
    const cpu = controls.find((c) => c.id === "cpu-pct")!;
    expect(cpu).toMatchObject({
      min: 0,
      max: 100,
      sync: [{ filter: { msg_type: "rack" }, valuePath: "cpu_pct" }],
    });
    expect(controls.find((c) => c.id === "psu-volts")).toMatchObject({ min: 0, max: 20 });
  });

  it("refuses no samples", () => {
    expect(() => inferLayout([])).toThrow(/payload/);
  });
});

describe("autotuneGauge", () => {
  it("reads units from the field name and zones by direction", () => {
    expect(autotuneGauge([40, 60], "cpu_pct")).toMatchObject({
      min: 0,
      max: 100,
      unit: "percent",
      highIsBad: true,
    });
    const battery = autotuneGauge([80], "battery");
    expect(battery.segments[0].color).toBe("#ef4444");
    expect(autotuneGauge([-12, 30], "temp_c")).toMatchObject({ min: -20, max: 50, unit: "temperature" });
    expect(autotuneGauge([1234], "rpm").max).toBe(2000);
    expect(niceCeil(0.3)).toBe(0.5);
    expect(() => autotuneGauge([Number.NaN])).toThrow(/samples/);
  });
});

describe("generateTheme", () => {
  it("passes every contrast check from an accent or a description", () => {
    for (const input of [
      { accent: "#ffff00" },
      { accent: "#101010" },
      { description: "calm ocean" },
      { description: "warm light" },
    ]) {
      const theme = generateTheme(input);
      expect(
        theme.contrast.every((c) => c.ok),
        JSON.stringify(input),
      ).toBe(true);
    }
    expect(generateTheme({ description: "warm light" }).scheme).toBe("light");
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21);
    expect(() => generateTheme({ accent: "blue" })).toThrow(/accent/);
  });
});

describe("generateHubSource", () => {
  it("writes a hub and a REST adapter that typecheck against @carter/hub", async () => {
    const { layout } = inferLayout([payload], { name: "Rack" });
    const tabs = layout.tabs as { children: Record<string, unknown>[]; grid: { rows: number } }[];
    tabs[0].children.push({
      type: "button",
      id: "reboot",
      position: [9, 0],
      action: { event: "broadcast_request", payload: { msg_type: "reboot" } },
    });
    tabs[0].grid.rows = 12;
    const { source, contract } = generateHubSource(layout);
    expect(contract.triggers.map((t) => t.controlId)).toEqual(["reboot"]);
    expect(source).toContain('hub.push("rack"');
    expect(source).toContain('hub.on("reboot"');
    const dir = join(process.cwd(), "test-results", "mcp-hub");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "hub.ts");
    writeFileSync(file, source);
    const adapter = join(dir, "adapter.ts");
    writeFileSync(
      adapter,
      generateAdapterSource({ endpoint: "http://127.0.0.1:9/status", msgType: "svc", path: "data" }),
    );
    expect(() => generateAdapterSource({ endpoint: "ftp://x", msgType: "svc" })).toThrow(/endpoint/);
    expect(() => generateAdapterSource({ endpoint: "http://x", msgType: "bad type" })).toThrow(/msg_type/);
    const tsc = join(process.cwd(), "node_modules", "typescript", "bin", "tsc");
    await run(process.execPath, [
      tsc,
      "--noEmit",
      "--strict",
      "--skipLibCheck",
      "--target",
      "ES2023",
      "--module",
      "ESNext",
      "--moduleResolution",
      "Bundler",
      "--types",
      "node",
      "--allowImportingTsExtensions",
      "--resolveJsonModule",
      file,
      adapter,
    ]).catch((error: { stdout?: string }) => {
      throw new Error(`the generated hub does not typecheck:\n${error.stdout ?? String(error)}`);
    });
  }, 120_000);
});
