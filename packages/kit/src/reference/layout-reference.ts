import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { getControlDoc, listControls, type ControlCategory, type FieldDoc } from "../catalog/catalog.js";
import spec from "../spec/controls.json" with { type: "json" };

/**
 * Keeps the generated parts of docs/layout-format.md in step with the kit. The document is prose
 * with marked regions; each region is rendered here from controls.json (through the catalog that
 * `carter doc` prints), so a field, default or enum is stated once. Run `npm run docs:reference`
 * after changing controls.json or the catalog prose; a test fails while the file is stale.
 */

export const LAYOUT_DOC_PATH = fileURLToPath(new URL("../../../../docs/layout-format.md", import.meta.url));

const BEGIN = /<!-- generated: ([\w -]+) -->/g;
const END = "<!-- end generated -->";

interface RawField {
  name: string;
  type: string;
  required?: boolean;
  default?: unknown;
  values?: string[];
  note?: string;
  in?: string;
  shape?: Record<string, string>;
}

const blocks = spec as unknown as Record<string, { fields?: RawField[] }>;

/** A table cell: pipes escaped, newlines folded. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

const code = (text: string) => `\`${text}\``;

function notes(field: RawField | FieldDoc): string {
  const parts: string[] = [];
  if (field.values) parts.push(`one of ${field.values.map(code).join(", ")}`);
  if (field.note) parts.push(field.note);
  if (field.shape)
    parts.push(
      `keys: ${Object.entries(field.shape)
        .map(([key, what]) => `${code(key)} ${what}`)
        .join(", ")}`,
    );
  return parts.join("; ");
}

function fieldTable(fields: readonly (RawField | FieldDoc)[], withRequired: boolean): string {
  const head = withRequired
    ? ["| Field | Type | Required | Default | Notes |", "| --- | --- | --- | --- | --- |"]
    : ["| Field | Type | Default | Notes |", "| --- | --- | --- | --- |"];
  const rows = fields.map((field) => {
    const name = field.in ? `${field.in}.${field.name}` : field.name;
    const columns = [
      code(name),
      cell(field.type),
      ...(withRequired ? [field.required ? "yes" : ""] : []),
      field.default === undefined ? "" : cell(code(JSON.stringify(field.default))),
      cell(notes(field)),
    ];
    return `| ${columns.join(" | ")} |`;
  });
  return [...head, ...rows].join("\n");
}

function blockTable(block: string): string {
  const fields = blocks[block]?.fields;
  if (!fields) throw new Error(`controls.json has no block '${block}'`);
  return fieldTable(fields, true);
}

const CATEGORY_ORDER: readonly ControlCategory[] = ["input", "display", "layout", "container"];

function controlIndex(): string {
  const rows = CATEGORY_ORDER.flatMap((category) =>
    listControls()
      .filter((c) => c.category === category)
      .map((c) => `| [${code(c.type)}](#${c.type.toLowerCase()}) | ${category} | ${cell(c.summary)} |`),
  );
  return ["| Type | Category | What it is |", "| --- | --- | --- |", ...rows].join("\n");
}

/** One field as a list item: a control's fields read better as a list than as a wide table. */
function fieldItem(field: FieldDoc): string {
  const name = field.in ? `${field.in}.${field.name}` : field.name;
  const facts = [field.type];
  if (field.required) facts.push("required");
  if (field.default !== undefined) facts.push(`default ${code(JSON.stringify(field.default))}`);
  const more = notes(field);
  return `- ${code(name)} (${facts.join(", ")})${more ? `: ${more}` : ""}`;
}

function controlSection(type: string): string {
  const doc = getControlDoc(type);
  const facts = [
    `- **Value:** ${doc.value}`,
    ...(doc.syncValue ? [`- **Sync delivers:** ${doc.syncValue}`] : []),
    `- **Emits:** ${doc.emits}`,
    `- **Suggested span:** \`[${doc.defaultSpan.join(", ")}]\``,
    ...(doc.notes ? [`- **Notes:** ${doc.notes}`] : []),
  ];
  const themeKeys = Object.keys(doc.themeFields);
  return [
    `#### ${type}`,
    "",
    doc.summary,
    "",
    ...facts,
    "",
    ...(doc.fields.length > 0
      ? [
          `Fields${doc.configKey ? ` (those written ${code(`${doc.configKey}.…`)} go inside the config object)` : ""}:`,
          "",
          ...doc.fields.map(fieldItem),
        ]
      : ["No fields beyond the common ones (§6.1)."]),
    "",
    ...(themeKeys.length > 0 ? [`Theme fields: ${themeKeys.map(code).join(", ")}.`, ""] : []),
    "```json",
    JSON.stringify(doc.example, null, 2),
    "```",
  ].join("\n");
}

function controlsOf(category: ControlCategory): string {
  return listControls()
    .filter((c) => c.category === category)
    .map((c) => controlSection(c.type))
    .join("\n\n");
}

function tokenTable(): string {
  const tokens = (spec as unknown as { _action: { tokens: Record<string, string> } })._action.tokens;
  const rows = Object.entries(tokens).map(([token, what]) => `| ${code(token)} | ${cell(what)} |`);
  return ["| Token | Stands for |", "| --- | --- |", ...rows].join("\n");
}

/** Every region the document may hold, by the name in its marker. */
export function generatedRegions(): Map<string, string> {
  const regions = new Map<string, string>([
    ["control index", controlIndex()],
    ["action tokens", tokenTable()],
  ]);
  for (const block of Object.keys(blocks).filter((key) => key.startsWith("_") && key !== "_meta"))
    regions.set(`block ${block.slice(1)}`, blockTable(block));
  for (const category of CATEGORY_ORDER) regions.set(`controls ${category}`, controlsOf(category));
  return regions;
}

/**
 * Replaces the body of every marked region of `text` with its rendering. Throws on a region name
 * it does not know and on a marker without its end, so a typo never leaves stale text behind.
 */
export function fillRegions(text: string, regions: ReadonlyMap<string, string>): string {
  let out = "";
  let from = 0;
  for (const match of text.matchAll(BEGIN)) {
    const name = match[1].trim();
    const body = regions.get(name);
    if (body === undefined) throw new Error(`unknown generated region '${name}'`);
    const bodyStart = match.index + match[0].length;
    const end = text.indexOf(END, bodyStart);
    if (end < 0) throw new Error(`generated region '${name}' has no '${END}'`);
    out += `${text.slice(from, bodyStart)}\n\n${body}\n\n`;
    from = end;
  }
  return out + text.slice(from);
}

/** The document as it should be: regions regenerated, then formatted like the rest of the repository. */
export async function layoutDocText(current: string): Promise<string> {
  const config = await resolveConfig(LAYOUT_DOC_PATH);
  return format(fillRegions(current, generatedRegions()), {
    ...config,
    parser: "markdown",
    filepath: LAYOUT_DOC_PATH,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(LAYOUT_DOC_PATH, await layoutDocText(readFileSync(LAYOUT_DOC_PATH, "utf8")));
}
