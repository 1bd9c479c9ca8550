import type { Layout } from "./schema/types.js";
import { isGroupNode, isObject, walkLayout, type JsonObject } from "./walk.js";

/** JSON text that does not parse; `line`/`column` are 1-based. */
export class LayoutSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "LayoutSyntaxError";
  }
}

/** Parses JSON text, throwing `LayoutSyntaxError` with the line and column of the first problem. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const at = locateJsonError(text);
    if (!at) throw error;
    throw new LayoutSyntaxError(
      `invalid JSON at line ${at.line}, column ${at.column}: ${at.message}`,
      at.line,
      at.column,
    );
  }
}

/** Identity flags the kit wrote in snake_case; read both, write camelCase. */
const IDENTITY_ALIASES: readonly [snake: string, camel: string][] = [
  ["can_broadcast", "canBroadcast"],
  ["can_route", "canRoute"],
];

/**
 * Returns a normalized deep copy of a parsed layout, keeping every unknown key: a lone sync
 * object becomes a one-element list, untyped groups (a `children` array, no `type`) get
 * `"type": "group"`, and snake_case identity flags become camelCase. It does not validate: run
 * `validateLayout` for that.
 */
export function normalizeLayout(value: unknown): Layout {
  const layout = structuredClone(value);
  if (!isObject(layout)) return layout as Layout;
  walkLayout(layout, (node, info) => {
    if (
      info.kind === "group" &&
      (info.nesting === "tab" || info.nesting === "group") &&
      isGroupNode(node) &&
      node.type === undefined
    ) {
      node.type = "group";
    }
    if (isObject(node.sync)) node.sync = [node.sync];
  });
  const connection = layout.connection;
  if (isObject(connection) && isObject(connection.identity)) normalizeIdentity(connection.identity);
  return layout as Layout;
}

function normalizeIdentity(identity: JsonObject): void {
  for (const [snake, camel] of IDENTITY_ALIASES) {
    if (!(snake in identity)) continue;
    if (identity[camel] === undefined) identity[camel] = identity[snake];
    delete identity[snake];
  }
}

/** Reads a layout from JSON text or an already-parsed value (tolerant; see `normalizeLayout`). */
export function readLayout(input: string | unknown): Layout {
  return normalizeLayout(typeof input === "string" ? parseJson(input) : input);
}

/**
 * Finds where JSON text stops being valid, for error messages with line and column (V8's
 * `JSON.parse` messages give a position only for some errors). Only called after a parse failed.
 */

interface JsonSyntaxLocation {
  offset: number;
  line: number;
  column: number;
  message: string;
}

class SyntaxStop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function locateJsonError(text: string): JsonSyntaxLocation | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = (message: string): never => {
    throw new SyntaxStop(
      i,
      i >= text.length ? "unexpected end of input" : `${message}, found ${JSON.stringify(text[i])}`,
    );
  };
  const expect = (ch: string, what: string) => {
    if (text[i] !== ch) fail(`expected ${what}`);
    i++;
  };
  const string = () => {
    expect('"', "a double-quoted string");
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail("control character in string");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("bad \\u escape");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "")) fail("bad escape");
      }
      i++;
    }
    expect('"', "a closing quote");
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        expect(":", "':' after a property name");
        value();
        ws();
        if (text[i] === ",") i++;
        else return expect("}", "',' or '}'");
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else return expect("]", "',' or ']'");
      }
    }
    if (ch === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) fail("expected a JSON value");
    i += literal![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail("unexpected text after the JSON value");
    return null;
  } catch (error) {
    if (!(error instanceof SyntaxStop)) throw error;
    const before = text.slice(0, error.offset).split("\n");
    return {
      offset: error.offset,
      line: before.length,
      column: before[before.length - 1].length + 1,
      message: error.message,
    };
  }
}
