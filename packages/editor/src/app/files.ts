import { LayoutSyntaxError, parseJson } from "@carter/kit";

/**
 * The layout object in an opened file's text. Throws an Error naming the file and the problem:
 * the line and column where the JSON breaks, or what the file holds instead of a layout object.
 * (Whether the object is a valid layout is the authoring document's check, naming the field.)
 */
export function parseLayoutFile(text: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    const message =
      error instanceof LayoutSyntaxError ? error.message : `invalid JSON: ${(error as Error).message}`;
    throw new Error(`${name}: ${message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(
      `${name}: holds ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}, not a layout object ({"name", "version", "tabs": [...]})`,
    );
  return value as Record<string, unknown>;
}
