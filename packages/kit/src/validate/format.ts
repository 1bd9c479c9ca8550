import type { Finding } from "./finding.js";

/** One line per finding (`error   $.tabs[0].children[1].type  unknown_type: …`) and a summary line. */
export function formatFindings(findings: readonly Finding[], label?: string): string {
  const prefix = label ? `${label}: ` : "";
  const lines = findings.map((f) => `${prefix}${f.severity.padEnd(7)} ${f.path}  ${f.code}: ${f.message}`);
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  lines.push(`${prefix}${plural(errors, "error")}, ${plural(warnings, "warning")}`);
  return lines.join("\n");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
