import { validateLayout, type Finding, type JsonObject, type Layout } from "@carter/kit";
import { anchorOf } from "./fields.js";

const results = new WeakMap<object, Finding[]>();

/** The kit's findings for the whole layout, once per layout object (the document's never change in place). */
function layoutFindings(layout: Layout): Finding[] {
  let found = results.get(layout);
  if (found === undefined) {
    found = validateLayout(layout as unknown as JsonObject).findings;
    results.set(layout, found);
  }
  return found;
}

/**
 * The kit's findings about the node at `path` in `layout` (its own fields, not its children's),
 * named under `root`: where the node is now, since `layout` may be an earlier version.
 */
export function ownFindings(layout: Layout, path: string, root: string): Finding[] {
  return layoutFindings(layout)
    .filter(
      (f) =>
        f.path.startsWith(`${path}.`) &&
        !/^\.(children|panels|longPressGroup|canvasConfig)\b/.test(f.path.slice(path.length)),
    )
    .map((f) => (path === root ? f : { ...f, path: root + f.path.slice(path.length) }));
}

/** Findings by the field (anchor path) they point at; `loose`: those no field takes. */
export interface Anchored {
  at: Map<string, Finding[]>;
  loose: Finding[];
}

export function anchorFindings(findings: readonly Finding[], anchors: Set<string>): Anchored {
  const at = new Map<string, Finding[]>();
  const loose: Finding[] = [];
  for (const finding of findings) {
    const anchor = anchorOf(finding.path, anchors);
    if (anchor === null) loose.push(finding);
    else at.set(anchor, [...(at.get(anchor) ?? []), finding]);
  }
  return { at, loose };
}
