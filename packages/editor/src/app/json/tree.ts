import { ensureSyntaxTree, syntaxTree } from "@codemirror/language";
import type { EditorState } from "@codemirror/state";
import type { SyntaxNode } from "@lezer/common";
import { CONTROL_TYPES } from "@carter/kit";

const CONTROL_TYPE_NAMES: ReadonlySet<string> = new Set([...CONTROL_TYPES, "group"]);

/**
 * Where things are in the JSON view's text, read from the JSON syntax tree (which also stands
 * half-typed text): the path to a position, for completion and hover, and the text range of a
 * kit finding's JSON path, for diagnostics.
 */

/** One step from the root: a property name or an array index, and the `type` of the object reached. */
export interface Step {
  key: string | number;
  /** The `"type"` property of the object this step reaches, when it has one. */
  type?: string;
}

export interface Place {
  /** From the root to the object (or array) the position is in. */
  steps: Step[];
  /** In a property name (or where one goes), or in a value. */
  at: "key" | "value";
  /** The property whose value the position is in (`at` = `value`). */
  key?: string;
  /** The names the object already has. */
  present: string[];
  /** The text range being typed over (a string or a word), for completion. */
  from: number;
  to: number;
}

function tree(state: EditorState) {
  return ensureSyntaxTree(state, state.doc.length, 200) ?? syntaxTree(state);
}

/** A string token's text without quotes (`"a"` → `a`); unfinished strings lose their opening quote. */
export function unquote(state: EditorState, node: SyntaxNode): string {
  const text = state.sliceDoc(node.from, node.to);
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.replace(/^"/, "").replace(/"$/, "");
  }
}

function propertyName(state: EditorState, property: SyntaxNode): string | undefined {
  const name = property.getChild("PropertyName");
  return name ? unquote(state, name) : undefined;
}

/** The value of an object's `"type"` property when it is a string. */
function typeOf(state: EditorState, object: SyntaxNode): string | undefined {
  for (const property of object.getChildren("Property")) {
    if (propertyName(state, property) !== "type") continue;
    const value = property.lastChild;
    if (value?.name === "String") return unquote(state, value);
  }
  // Half-typed text can hide the property from the tree: read it from the object's text, taking
  // the first that names a control type or a group (nested objects have their own `type`s).
  const text = state.sliceDoc(object.from, object.to);
  for (const match of text.matchAll(/"type"\s*:\s*"(\w+)"/g))
    if (CONTROL_TYPE_NAMES.has(match[1])) return match[1];
  return undefined;
}

const VALUES = new Set(["Object", "Array", "String", "Number", "True", "False", "Null"]);

/** The steps from the root down to `node` (an Object or Array, or a value inside one). */
function stepsTo(state: EditorState, node: SyntaxNode): Step[] {
  const steps: Step[] = [];
  let child: SyntaxNode = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.name === "Property" && VALUES.has(child.name)) {
      const key = propertyName(state, parent);
      if (key !== undefined)
        steps.unshift({ key, type: child.name === "Object" ? typeOf(state, child) : undefined });
    } else if (parent.name === "Array" && VALUES.has(child.name)) {
      let i = 0;
      for (let each = parent.firstChild; each; each = each.nextSibling) {
        if (each.from === child.from && each.to === child.to) break;
        if (VALUES.has(each.name)) i += 1;
      }
      steps.unshift({ key: i, type: child.name === "Object" ? typeOf(state, child) : undefined });
    }
  }
  return steps;
}

/** What the position `pos` is in: which object, and a key or a value. */
export function placeAt(state: EditorState, pos: number): Place | null {
  let node: SyntaxNode | null = tree(state).resolveInner(pos, -1);
  let from = pos;
  let to = pos;
  if (node.name === "String" || node.name === "PropertyName" || node.name === "⚠") {
    from = node.from;
    to = node.to;
  } else {
    const word = state.doc.lineAt(pos);
    const before = /[\w"-]*$/.exec(word.text.slice(0, pos - word.from));
    from = pos - (before?.[0].length ?? 0);
  }
  let key: string | undefined;
  let at: Place["at"] = "key";
  // Climb to the object: on the way, a Property's value means we are in a value.
  for (let up: SyntaxNode | null = node; up; up = up.parent) {
    if (up.name === "Property") {
      const name = up.getChild("PropertyName");
      const colon = up.getChild(":");
      if (name && (node.name !== "PropertyName" || up !== node.parent) && (!colon || pos > colon.from)) {
        at = "value";
        key = unquote(state, name);
      }
      node = up.parent;
      break;
    }
    if (up.name === "Object") {
      // After a colon with nothing typed yet, the tree has no value node.
      const text = state.sliceDoc(up.from, pos);
      const tail = /"((?:[^"\\]|\\.)*)"\s*:\s*"?[\w-]*$/.exec(text);
      if (tail) {
        at = "value";
        key = tail[1];
      }
      node = up;
      break;
    }
    if (up.name === "Array") {
      at = "value";
      node = up;
      break;
    }
  }
  if (!node) return null;
  const object = node.name === "Object" ? node : null;
  const steps = stepsTo(state, node);
  if (object) {
    const type = typeOf(state, object);
    if (steps.length > 0) steps[steps.length - 1].type = type;
  }
  const present = object
    ? object.getChildren("Property").flatMap((p) => {
        const name = propertyName(state, p);
        return name === undefined ? [] : [name];
      })
    : [];
  return { steps, at, key, present, from, to };
}

/** Splits a kit JSON path (`$.tabs[0].children[2]["a b"]`) into keys and indexes. */
export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const pattern = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let match = pattern.exec(path); match; match = pattern.exec(path)) {
    if (match[1] !== undefined) out.push(match[1]);
    else if (match[2] !== undefined) out.push(Number(match[2]));
    else out.push(JSON.parse(match[3]) as string);
  }
  return out;
}

/**
 * The text range of the value at `path` (with its property name when it has one), or of the
 * deepest part of the path that exists; the whole text for `$`.
 */
export function rangeOf(state: EditorState, path: string): { from: number; to: number } {
  let node: SyntaxNode | null = tree(state).topNode.firstChild;
  let range = { from: 0, to: Math.min(state.doc.length, 1) };
  if (node) range = { from: node.from, to: node.to };
  for (const key of splitPath(path)) {
    if (!node) break;
    let next: SyntaxNode | null = null;
    if (typeof key === "string" && node.name === "Object") {
      const property = node.getChildren("Property").find((p) => propertyName(state, p) === key);
      if (property) {
        next = property.lastChild;
        const name = property.getChild("PropertyName");
        range = { from: name?.from ?? property.from, to: property.to };
      }
    } else if (typeof key === "number" && node.name === "Array") {
      let i = 0;
      for (let each = node.firstChild; each; each = each.nextSibling) {
        if (!VALUES.has(each.name)) continue;
        if (i === key) {
          next = each;
          range = { from: each.from, to: each.to };
          break;
        }
        i += 1;
      }
    }
    if (!next) break;
    node = next;
  }
  // A whole object is too much to underline: its first line says where.
  const line = state.doc.lineAt(range.from);
  return { from: range.from, to: Math.min(range.to, line.to) };
}

/** Where the text first stops being JSON (the syntax tree's first error), or `null`. */
export function firstError(state: EditorState): number | null {
  let at: number | null = null;
  tree(state).iterate({
    enter: (node) => {
      if (at !== null) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  return at;
}
