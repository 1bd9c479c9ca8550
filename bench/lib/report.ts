/**
 * What a suite returns and how it is printed. Targets are pass/fail markers beside the figures,
 * never assertions: a bench run succeeds whenever every measurement completed.
 */

/** A target on a row: an absolute bound on the measured value, or a bound on value/baseline. */
export type Target =
  | { kind: "at-most"; limit: number }
  | { kind: "at-least"; limit: number }
  | { kind: "ratio-at-least"; ratio: number }
  | { kind: "ratio-at-most"; ratio: number };

export interface Row {
  metric: string;
  unit: string;
  /** The thing under test (e.g. the relay); undefined when it could not be measured. */
  value: number | undefined;
  /** The reference it is compared with (e.g. the minimal ws server); undefined when there is none. */
  baseline?: number | undefined;
  target?: Target;
}

export interface SuiteResult {
  /** Column headings for `value` and `baseline`, e.g. `{ value: "relay", baseline: "ceiling" }`. */
  labels: { value: string; baseline?: string };
  rows: Row[];
  /** Free-text lines printed under the table: configuration, which side saturated, anomalies. */
  notes: string[];
}

export interface SuiteContext {
  /** Progress lines (stderr), so stdout carries only the results. */
  log(line: string): void;
}

/** A bench suite: a file in `bench/suites/` whose default export is this. */
export interface Suite {
  /** What `npm run bench -- <name>` selects it by. */
  name: string;
  description: string;
  /** Hard stop for the whole suite (default 170 s); past it the bench kills its servers and exits. */
  timeoutMs?: number;
  run(context: SuiteContext): Promise<SuiteResult>;
}

export function isSuite(value: unknown): value is Suite {
  if (typeof value !== "object" || value === null) return false;
  const suite = value as Partial<Suite>;
  return (
    typeof suite.name === "string" && typeof suite.description === "string" && typeof suite.run === "function"
  );
}

/** value / baseline, or undefined when either is missing or the baseline is zero. */
export function ratioOf(row: Row): number | undefined {
  if (row.value === undefined || row.baseline === undefined || row.baseline === 0) return undefined;
  return row.value / row.baseline;
}

/** True/false against the row's target; undefined when there is no target or nothing to judge. */
export function meetsTarget(row: Row): boolean | undefined {
  const target = row.target;
  if (target === undefined || row.value === undefined) return undefined;
  switch (target.kind) {
    case "at-most":
      return row.value <= target.limit;
    case "at-least":
      return row.value >= target.limit;
    case "ratio-at-least":
    case "ratio-at-most": {
      const ratio = ratioOf(row);
      if (ratio === undefined) return undefined;
      return target.kind === "ratio-at-least" ? ratio >= target.ratio : ratio <= target.ratio;
    }
  }
}

function describeTarget(target: Target | undefined, unit: string): string {
  if (target === undefined) return "";
  switch (target.kind) {
    case "at-most":
      return `≤ ${formatNumber(target.limit)} ${unit}`;
    case "at-least":
      return `≥ ${formatNumber(target.limit)} ${unit}`;
    case "ratio-at-least":
      return `≥ ${target.ratio}× base`;
    case "ratio-at-most":
      return `≤ ${target.ratio}× base`;
  }
}

/** Three significant digits below 100, whole numbers with thousands separators above. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "n/a";
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value).toLocaleString("en-US");
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function okMarker(ok: boolean | undefined): string {
  if (ok === undefined) return "";
  return ok ? "PASS" : "FAIL";
}

/** Renders a suite result as a fixed-width text table followed by its notes. */
export function formatResult(title: string, result: SuiteResult): string {
  const hasBaseline = result.labels.baseline !== undefined;
  const header = ["metric", "unit", result.labels.value];
  if (hasBaseline) header.push(result.labels.baseline ?? "", "ratio");
  header.push("target", "ok");

  const body = result.rows.map((row) => {
    const cells = [row.metric, row.unit, formatNumber(row.value)];
    if (hasBaseline) {
      const ratio = ratioOf(row);
      cells.push(formatNumber(row.baseline), ratio === undefined ? "n/a" : ratio.toFixed(2));
    }
    cells.push(describeTarget(row.target, row.unit), okMarker(meetsTarget(row)));
    return cells;
  });

  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...body.map((cells) => cells[column].length)),
  );
  const numericFrom = 2;
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) =>
        column >= numericFrom && column < cells.length - 2
          ? cell.padStart(widths[column])
          : cell.padEnd(widths[column]),
      )
      .join("  ")
      .trimEnd();

  const out = [
    `== ${title}`,
    line(header),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...body.map(line),
  ];
  for (const note of result.notes) out.push(`  ${note}`);
  return out.join("\n");
}
