/**
 * RFC 6901 JSON Pointers and RFC 6902 JSON Patch, applied without mutating the input: every
 * container on a changed path is copied, everything else is shared, and the copies are frozen.
 */

export type JsonPatchOperation =
  | { op: "add"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "replace"; path: string; value: unknown }
  | { op: "move"; from: string; path: string }
  | { op: "copy"; from: string; path: string }
  | { op: "test"; path: string; value: unknown };

export type JsonPatch = JsonPatchOperation[];

/** A patch that cannot apply: a missing target, a bad pointer, a failed `test`. */
export class PatchError extends Error {
  readonly index: number;

  constructor(message: string, index: number) {
    super(`patch operation ${index}: ${message}`);
    this.name = "PatchError";
    this.index = index;
  }
}

/** `["tabs", 0, "children"]` → `/tabs/0/children`. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** `/tabs/0/children` → `["tabs", "0", "children"]`; throws on a pointer not starting with `/`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/"))
    throw new Error(`JSON pointer ${JSON.stringify(pointer)} must start with "/"`);
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

/** The value at `pointer`, or undefined when any step is missing. */
export function getAt(root: unknown, pointer: string | readonly string[]): unknown {
  const segments = typeof pointer === "string" ? parsePointer(pointer) : pointer;
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      const index = arrayIndex(segment, node.length - 1);
      if (index === undefined) return undefined;
      node = node[index];
    } else if (isContainer(node)) {
      if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
      node = (node as Record<string, unknown>)[segment];
    } else return undefined;
  }
  return node;
}

function arrayIndex(segment: string, max: number): number | undefined {
  if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
  const index = Number(segment);
  return index <= max ? index : undefined;
}

/** Deep copy of JSON data, frozen throughout. */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

export function deepFreeze<T>(value: T): T {
  if (isContainer(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const bo = b as Record<string, unknown>;
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(bo, k) && deepEqual((a as Record<string, unknown>)[k], bo[k]),
    )
  );
}

/**
 * Applies one change at `segments`: `edit(parent, key)` mutates a fresh copy of the parent
 * container. Returns the new root; every container on the path is a frozen copy.
 */
function rewrite(
  root: unknown,
  segments: readonly string[],
  edit: (parent: Container, key: string) => void,
): unknown {
  const copy = (node: unknown, depth: number): unknown => {
    if (!isContainer(node)) throw new Error(`no container at ${toPointer(segments.slice(0, depth))}`);
    const clone: Container = Array.isArray(node) ? [...node] : { ...node };
    const key = segments[depth];
    if (depth === segments.length - 1) edit(clone, key);
    else {
      const child = Array.isArray(clone)
        ? clone[arrayIndex(key, clone.length - 1) ?? -1]
        : childOf(clone, key);
      if (child === undefined)
        throw new Error(`path ${toPointer(segments.slice(0, depth + 1))} does not exist`);
      if (Array.isArray(clone)) clone[Number(key)] = copy(child, depth + 1);
      else clone[key] = copy(child, depth + 1);
    }
    return Object.freeze(clone);
  };
  return copy(root, 0);
}

function childOf(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

interface Applied {
  root: unknown;
  inverse: JsonPatchOperation[];
}

function addAt(root: unknown, segments: string[], value: unknown): Applied {
  if (segments.length === 0) return { root: value, inverse: [{ op: "replace", path: "", value: root }] };
  const inverse: JsonPatchOperation[] = [];
  const next = rewrite(root, segments, (parent, key) => {
    if (Array.isArray(parent)) {
      const index = key === "-" ? parent.length : arrayIndex(key, parent.length);
      if (index === undefined) throw new Error(`array index ${JSON.stringify(key)} is out of range`);
      parent.splice(index, 0, value);
      inverse.push({ op: "remove", path: toPointer([...segments.slice(0, -1), index]) });
    } else {
      const path = toPointer(segments);
      if (Object.prototype.hasOwnProperty.call(parent, key))
        inverse.push({ op: "replace", path, value: parent[key] });
      else inverse.push({ op: "remove", path });
      parent[key] = value;
    }
  });
  return { root: next, inverse };
}

function removeAt(root: unknown, segments: string[]): Applied & { removed: unknown } {
  if (segments.length === 0) throw new Error("cannot remove the whole document");
  let removed: unknown;
  const next = rewrite(root, segments, (parent, key) => {
    if (Array.isArray(parent)) {
      const index = arrayIndex(key, parent.length - 1);
      if (index === undefined) throw new Error(`array index ${JSON.stringify(key)} is out of range`);
      [removed] = parent.splice(index, 1);
    } else {
      if (!Object.prototype.hasOwnProperty.call(parent, key))
        throw new Error(`no member ${JSON.stringify(key)}`);
      removed = parent[key];
      delete parent[key];
    }
  });
  return { root: next, removed, inverse: [{ op: "add", path: toPointer(segments), value: removed }] };
}

function replaceAt(root: unknown, segments: string[], value: unknown): Applied {
  if (segments.length === 0) return { root: value, inverse: [{ op: "replace", path: "", value: root }] };
  let old: unknown;
  const next = rewrite(root, segments, (parent, key) => {
    if (Array.isArray(parent)) {
      const index = arrayIndex(key, parent.length - 1);
      if (index === undefined) throw new Error(`array index ${JSON.stringify(key)} is out of range`);
      old = parent[index];
      parent[index] = value;
    } else {
      if (!Object.prototype.hasOwnProperty.call(parent, key))
        throw new Error(`no member ${JSON.stringify(key)}`);
      old = parent[key];
      parent[key] = value;
    }
  });
  return { root: next, inverse: [{ op: "replace", path: toPointer(segments), value: old }] };
}

function applyOne(root: unknown, op: JsonPatchOperation): Applied {
  const segments = parsePointer(op.path);
  switch (op.op) {
    case "add":
      return addAt(root, segments, deepFreeze(structuredClone(op.value)));
    case "remove":
      return removeAt(root, segments);
    case "replace":
      return replaceAt(root, segments, deepFreeze(structuredClone(op.value)));
    case "test":
      if (!deepEqual(getAt(root, segments), op.value)) throw new Error(`test failed at ${op.path}`);
      return { root, inverse: [] };
    case "copy": {
      const value = getAt(root, op.from);
      if (value === undefined) throw new Error(`nothing at ${op.from}`);
      return addAt(root, segments, value);
    }
    case "move": {
      if (op.path === op.from) return { root, inverse: [] };
      if (op.path.startsWith(`${op.from}/`)) throw new Error(`cannot move ${op.from} into itself`);
      const taken = removeAt(root, parsePointer(op.from));
      const placed = addAt(taken.root, segments, taken.removed);
      const landed = placed.inverse[0];
      const back: JsonPatchOperation = { op: "move", from: landed.path, path: op.from };
      // A move onto an existing member replaced it: put that member back too.
      const overwritten: JsonPatchOperation[] =
        landed.op === "replace" ? [{ op: "add", path: landed.path, value: landed.value }] : [];
      return { root: placed.root, inverse: [back, ...overwritten] };
    }
    default:
      throw new Error(`unknown op ${JSON.stringify((op as { op: unknown }).op)}`);
  }
}

/**
 * Applies `patch` to `document` (RFC 6902) and returns the new document and the patch that undoes
 * it. The input is never mutated; unchanged parts are shared. Throws `PatchError` on failure.
 */
export function applyPatchWithInverse<T>(
  document: T,
  patch: readonly JsonPatchOperation[],
): { document: T; inverse: JsonPatch } {
  let root: unknown = document;
  const inverse: JsonPatchOperation[] = [];
  patch.forEach((op, index) => {
    try {
      const applied = applyOne(root, op);
      root = applied.root;
      inverse.unshift(...applied.inverse);
    } catch (error) {
      throw new PatchError(error instanceof Error ? error.message : String(error), index);
    }
  });
  return { document: root as T, inverse };
}

/** Applies `patch` (RFC 6902) to `document` without mutating it; throws `PatchError` on failure. */
export function applyPatch<T>(document: T, patch: readonly JsonPatchOperation[]): T {
  return applyPatchWithInverse(document, patch).document;
}
