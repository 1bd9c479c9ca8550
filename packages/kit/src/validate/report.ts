import type { Finding, FindingCode } from "./finding.js";

/** Collects findings in traversal order. */
export class Report {
  readonly findings: Finding[] = [];

  error(code: FindingCode, path: string, message: string): void {
    this.findings.push({ code, severity: "error", path, message });
  }

  warn(code: FindingCode, path: string, message: string): void {
    this.findings.push({ code, severity: "warning", path, message });
  }
}
