import { isJsonObject } from "@carter/protocol";
import { walkLayout } from "../walk.js";

/** A device's `get-current-layout` / `apply-layout` summary of what it rendered. */
export interface RenderedSummary {
  name: string;
  tabs: { title: string; controls: { id: string; type: string; position: unknown; span: unknown }[] }[];
}

export interface EchoComparison {
  /** True when every control of the document rendered where the document puts it. */
  matches: boolean;
  /** In the document, missing from what the device rendered. */
  dropped: { id: string; type: string; tab: string }[];
  /** Rendered but not in the document. */
  unexpected: { id: string; type: string; tab: string }[];
  /** Rendered with another type, position or span than the document says. */
  differing: { id: string; field: "type" | "position" | "span"; document: unknown; rendered: unknown }[];
  renderedCount: number;
  documentCount: number;
}

interface Placed {
  id: string;
  type: string;
  tab: string;
  position: unknown;
  span: unknown;
}

function documentControls(layout: unknown): Placed[] {
  const placed: Placed[] = [];
  const tabs = isJsonObject(layout) && Array.isArray(layout.tabs) ? layout.tabs : [];
  walkLayout(layout, (node, info) => {
    if (info.kind !== "control" || (info.nesting !== "tab" && info.nesting !== "group")) return;
    if (typeof node.id !== "string" || typeof node.type !== "string") return;
    const tab = tabs[info.tabIndex];
    placed.push({
      id: node.id,
      type: node.type,
      tab: isJsonObject(tab) && typeof tab.title === "string" ? tab.title : `#${info.tabIndex}`,
      position: node.position ?? null,
      span: node.span ?? [1, 1],
    });
  });
  return placed;
}

/** Reads a summary out of a device reply, or `null` when it carries none. */
export function asRenderedSummary(value: unknown): RenderedSummary | null {
  if (!isJsonObject(value) || !Array.isArray(value.tabs)) return null;
  return value as unknown as RenderedSummary;
}

/** Compares what a device says it rendered with the document that was pushed. */
export function compareEcho(layout: unknown, rendered: RenderedSummary): EchoComparison {
  const doc = documentControls(layout);
  const shown = new Map<string, Placed>();
  for (const tab of rendered.tabs)
    for (const c of tab.controls ?? []) shown.set(c.id, { ...c, tab: tab.title, span: c.span ?? [1, 1] });
  const docIds = new Set(doc.map((c) => c.id));
  const differing: EchoComparison["differing"] = [];
  const dropped: EchoComparison["dropped"] = [];
  for (const c of doc) {
    const r = shown.get(c.id);
    if (!r) {
      dropped.push({ id: c.id, type: c.type, tab: c.tab });
      continue;
    }
    for (const field of ["type", "position", "span"] as const)
      if (JSON.stringify(c[field]) !== JSON.stringify(r[field]))
        differing.push({ id: c.id, field, document: c[field], rendered: r[field] });
  }
  const unexpected = [...shown.values()]
    .filter((c) => !docIds.has(c.id))
    .map(({ id, type, tab }) => ({ id, type, tab }));
  return {
    matches: dropped.length === 0 && unexpected.length === 0 && differing.length === 0,
    dropped,
    unexpected,
    differing,
    renderedCount: shown.size,
    documentCount: doc.length,
  };
}
