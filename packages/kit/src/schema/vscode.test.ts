import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  getLanguageService,
  TextDocument,
  type CompletionList,
  type Diagnostic,
} from "vscode-json-languageservice";
import { STRUCTURAL_CODES } from "../validate/finding.js";
import { validateLayout } from "../validate/validate.js";
import { CONTROL_TYPES } from "./types.js";

/**
 * The published schema as VS Code uses it: VS Code's own JSON language service loads the file a
 * layout names in `"$schema"` (resolved against the layout's location, as the editor does) and
 * checks and completes the layout with it.
 */

const CORPUS = new URL("../validate/corpus/", import.meta.url);
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, uri: new URL(file, CORPUS).href }));

const loaded: string[] = [];
const service = getLanguageService({
  schemaRequestService: (uri) => {
    loaded.push(uri);
    return Promise.resolve(readFileSync(fileURLToPath(uri), "utf8"));
  },
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
});

function documentAt(uri: string, text: string): TextDocument {
  return TextDocument.create(uri, "json", 1, text);
}

async function diagnostics(uri: string, text: string): Promise<Diagnostic[]> {
  const document = documentAt(uri, text);
  return service.doValidation(document, service.parseJSONDocument(document));
}

/** Completions at the `|` in `text` (which is removed). */
async function completionsAt(uri: string, text: string): Promise<string[]> {
  const offset = text.indexOf("|");
  const document = documentAt(uri, text.slice(0, offset) + text.slice(offset + 1));
  const list: CompletionList | null = await service.doComplete(
    document,
    document.positionAt(offset),
    service.parseJSONDocument(document),
  );
  return (list?.items ?? []).map((item) => item.label);
}

const SCHEMA_URL = new URL("../../schema/layout.schema.json", import.meta.url).href;
/** An unsaved layout file in the package folder, naming the schema as an author would. */
const layoutUri = new URL("../../bench.layout.json", import.meta.url).href;
const withSchema = (tabs: string) =>
  `{ "$schema": "./schema/layout.schema.json", "name": "Bench", "version": 1, "tabs": [ ${tabs} ] }`;

describe("the JSON Schema in VS Code's JSON language service", () => {
  it("loads the schema a layout names in $schema, relative to the layout file", async () => {
    loaded.length = 0;
    expect(await diagnostics(layoutUri, withSchema(""))).toEqual([]);
    expect(loaded).toEqual([SCHEMA_URL]);
  });

  it.each(corpus)(
    "$file: editor problems exactly when the validator has structural errors",
    async ({ file, uri }) => {
      const text = readFileSync(fileURLToPath(uri), "utf8");
      const structural = validateLayout(JSON.parse(text) as unknown).errors.filter((f) =>
        STRUCTURAL_CODES.has(f.code),
      );
      const problems = await diagnostics(uri, text);
      expect({ file, editorProblems: problems.length > 0 }).toEqual({
        file,
        editorProblems: structural.length > 0,
      });
    },
  );

  it("completes the 43 control types (and group) and a control's own fields and enum values", async () => {
    const tab = (child: string) =>
      withSchema(`{ "title": "Main", "icon": "gauge", "children": [ ${child} ] }`);
    const types = await completionsAt(layoutUri, tab(`{ "type": |, "id": "g" }`));
    expect(types.map((t) => JSON.parse(t) as string).sort()).toEqual([...CONTROL_TYPES, "group"].sort());
    const fields = await completionsAt(layoutUri, tab(`{ "type": "gauge", "id": "g", | }`));
    expect(fields).toEqual(
      expect.arrayContaining(["gaugeStyle", "min", "max", "segments", "sync", "action", "visible", "theme"]),
    );
    expect(fields).not.toContain("pieStyle");
    const styles = await completionsAt(layoutUri, tab(`{ "type": "gauge", "id": "g", "gaugeStyle": | }`));
    expect(styles).toEqual(expect.arrayContaining(['"half"', '"full"']));
  });

  it("offers a control's own values for a common field it redeclares, the shared ones elsewhere", async () => {
    const valuesOf = (type: string, field: string) =>
      completionsAt(
        layoutUri,
        withSchema(
          `{ "title": "Main", "icon": "gauge", "children": [ { "type": "${type}", "id": "c", "${field}": | } ] }`,
        ),
      );
    expect((await valuesOf("slider", "formatValue")).sort()).toEqual([
      '"decimal"',
      '"none"',
      '"percent"',
      '"time"',
    ]);
    expect(await valuesOf("gauge", "formatValue")).toEqual(
      expect.arrayContaining(['"bytes"', '"decimal:N"']),
    );
    expect(await valuesOf("button", "haptic")).not.toContain('"rigid"');
    expect(await valuesOf("gauge", "haptic")).toContain('"rigid"');
    expect(await valuesOf("label", "tint")).toEqual(['"#FFFFFF"']);
  });
});
