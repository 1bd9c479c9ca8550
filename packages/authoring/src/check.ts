import { validateLayout, walkLayout, type Finding, type JsonObject } from "@carter/kit";
import { AuthoringError } from "./errors.js";
import { indexLayout } from "./layout-index.js";
import { getAt } from "./patch.js";

const PROBE_TAB = { title: "probe", icon: "probe", grid: { columns: 1, rows: 1, mode: "flow" } };

function key(finding: Finding): string {
  return `${finding.code}|${finding.path}|${finding.message}`;
}

/** Errors in `after` that `before` does not have (as a multiset). */
function newErrors(before: Finding[], after: Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const finding of before) counts.set(key(finding), (counts.get(key(finding)) ?? 0) + 1);
  return after.filter((finding) => {
    const left = counts.get(key(finding)) ?? 0;
    if (left === 0) return true;
    counts.set(key(finding), left - 1);
    return false;
  });
}

function topLevel(layout: JsonObject): JsonObject {
  const { tabs: _tabs, ...rest } = layout;
  return rest;
}

/** The kit's findings for `nodes` as children of a flow tab, in the context of the layout's top-level blocks. */
function nodeFindings(
  layout: JsonObject,
  nodes: readonly unknown[],
): { errors: Finding[]; warnings: Finding[] } {
  const probe = { ...topLevel(layout), tabs: [{ ...PROBE_TAB, children: nodes }] };
  return validateLayout(probe);
}

/** The kit's errors for the layout's top-level blocks alone. */
function topLevelErrors(layout: JsonObject): Finding[] {
  return validateLayout({ ...topLevel(layout), tabs: [] }, { unknownFields: false }).errors;
}

/** The kit's errors for one tab (fields, placement and everything inside). */
function tabErrors(layout: JsonObject, tab: unknown): Finding[] {
  return validateLayout({ ...topLevel(layout), tabs: [tab] }, { unknownFields: false }).errors;
}

function pointerToPath(pointer: string): string {
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce(
      (path, s) =>
        /^\d+$/.test(s)
          ? `${path}[${s}]`
          : /^[A-Za-z_$][\w$]*$/.test(s)
            ? `${path}.${s}`
            : `${path}[${JSON.stringify(s)}]`,
      "$",
    );
}

function refuse(findings: Finding[], what: string): never {
  const first = findings[0];
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
  throw new AuthoringError("invalid", `${what}: ${first.path}: ${first.message}${more}`, {
    field: first.path,
    findings,
  });
}

/**
 * Refuses when the nodes at `pointers` in `after` carry kit errors their former versions
 * (`before`, same order; undefined for new nodes) did not. Returns the kit's warnings about the
 * nodes (a missing field the docs ask for, an undocumented key). Finding paths are the real ones.
 */
export function checkNodes(
  after: JsonObject,
  pointers: string[],
  before: unknown[],
  what: string,
): Finding[] {
  const afterNodes = pointers.map((pointer) => getAt(after, pointer));
  const found = nodeFindings(after, afterNodes);
  const fresh = newErrors(
    nodeFindings(
      after,
      before.filter((n) => n !== undefined),
    ).errors,
    found.errors,
  );
  const remap = (finding: Finding): Finding => {
    const match = /^\$\.tabs\[0\]\.children\[(\d+)\]/.exec(finding.path);
    if (!match) return finding;
    return {
      ...finding,
      path: pointerToPath(pointers[Number(match[1])]) + finding.path.slice(match[0].length),
    };
  };
  if (fresh.length > 0) refuse(fresh.map(remap), what);
  // Warnings about the probe's own tab or the layout's top-level blocks are not the operation's.
  return found.warnings.filter((w) => w.path.startsWith("$.tabs[0].children[")).map(remap);
}

/** Refuses when the layout's top-level blocks gained kit errors. */
export function checkTopLevel(before: JsonObject, after: JsonObject, what: string): void {
  const fresh = newErrors(topLevelErrors(before), topLevelErrors(after));
  if (fresh.length > 0) refuse(fresh, what);
}

/** Refuses when the tab at `index` gained kit errors (fields, placement, anything inside). */
export function checkTab(
  beforeLayout: JsonObject,
  beforeTab: unknown,
  after: JsonObject,
  index: number,
  what: string,
): void {
  const tabs = after.tabs as unknown[];
  const fresh = newErrors(
    beforeTab === undefined ? [] : tabErrors(beforeLayout, beforeTab),
    tabErrors(after, tabs[index]),
  );
  if (fresh.length === 0) return;
  refuse(
    fresh.map((f) => ({ ...f, path: f.path.replace(/^\$\.tabs\[0\]/, `$.tabs[${index}]`) })),
    what,
  );
}

/** Refuses a whole layout with kit errors. */
export function checkLayout(layout: unknown, what: string): void {
  const result = validateLayout(layout, { unknownFields: false });
  if (!result.ok) refuse(result.errors, what);
}

/** Ids used inside `node` (itself included), in walk order. */
export function idsIn(node: unknown): string[] {
  const ids: string[] = [];
  walkLayout({ tabs: [{ children: [node] }] }, (n) => {
    if (typeof n.id === "string") ids.push(n.id);
  });
  return ids;
}

/** Refuses ids of `node` that another node of `layout` (outside `exclude`) already uses. */
export function checkIdsFree(layout: JsonObject, node: unknown, field: string, exclude?: string): void {
  const byId = indexLayout(layout).byId;
  for (const id of idsIn(node)) {
    const other = byId.get(id);
    if (!other) continue;
    if (exclude !== undefined && (other.pointer === exclude || other.pointer.startsWith(`${exclude}/`)))
      continue;
    throw new AuthoringError(
      "duplicate_id",
      `${field}: id ${JSON.stringify(id)} is already used at ${other.pointer}; ids must be unique across the layout`,
      { field },
    );
  }
}
