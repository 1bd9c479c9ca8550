export { validateLayout, type ValidateOptions, type ValidationResult } from "./validate.js";
export { formatFindings } from "./format.js";
export { STRUCTURAL_CODES, type Finding, type FindingCode, type Severity } from "./finding.js";
