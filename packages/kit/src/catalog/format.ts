import type { ControlDoc, ControlSummary, FieldDoc } from "./catalog.js";

function describeField(field: FieldDoc): string {
  const name = field.in ? `${field.in}.${field.name}` : field.name;
  const facts = [field.type];
  if (field.required) facts.push("required");
  if (field.values) facts.push(`one of ${field.values.join(" | ")}`);
  if (field.default !== undefined) facts.push(`default ${JSON.stringify(field.default)}`);
  let line = `  ${name}  (${facts.join("; ")})`;
  if (field.note) line += `\n      ${field.note}`;
  if (field.shape) {
    line += `\n      keys: ${Object.entries(field.shape)
      .map(([key, what]) => `${key}: ${what}`)
      .join(", ")}`;
  }
  return line;
}

/** The human page `carter doc <type>` prints. */
export function formatControlDoc(doc: ControlDoc): string {
  const lines = [
    `${doc.type} (${doc.category})`,
    doc.summary,
    "",
    `Value:   ${doc.value}`,
    ...(doc.syncValue ? [`Sync:    ${doc.syncValue}`] : []),
    `Emits:   ${doc.emits}`,
    `Span:    [${doc.defaultSpan.join(", ")}] suggested`,
    ...(doc.notes ? [`Notes:   ${doc.notes}`] : []),
    "",
    "Fields (plus the common ones: type, id, position, span, sync, action, visible, …):",
    ...(doc.fields.length > 0 ? doc.fields.map(describeField) : ["  (none of its own)"]),
  ];
  const themeKeys = Object.keys(doc.themeFields);
  if (themeKeys.length > 0) lines.push("", `Theme fields: ${themeKeys.join(", ")}`);
  lines.push("", "Example:", JSON.stringify(doc.example, null, 2));
  return lines.join("\n");
}

/** The table `carter catalog` prints: type, category, summary. */
export function formatControlList(controls: readonly ControlSummary[]): string {
  const typeWidth = Math.max(...controls.map((c) => c.type.length));
  const categoryWidth = Math.max(...controls.map((c) => c.category.length));
  return controls
    .map((c) => `${c.type.padEnd(typeWidth)}  ${c.category.padEnd(categoryWidth)}  ${c.summary}`)
    .join("\n");
}
