import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import ts from "typescript";

/**
 * Writes `packages/<dir>/API.md` for every published package with a `src/index.ts`: each export
 * of that entry point with its declaration (bodies and private members left out) and its doc
 * comment, read with the TypeScript compiler. The package README links to it and the docs site
 * renders it; `tests/docs-site.test.ts` fails when a committed page differs from the code.
 *
 *   npm run docs:api
 */

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface ApiPackage {
  /** Folder under `packages/`. */
  dir: string;
  /** Package name (`@carter/hub`). */
  name: string;
}

/** Published packages (`"carter": { "publish": true }`) whose entry point is `src/index.ts`. */
export function apiPackages(root: string = ROOT): ApiPackage[] {
  return readdirSync(join(root, "packages"))
    .sort()
    .filter((dir) => existsSync(join(root, "packages", dir, "src", "index.ts")))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")) as {
        name: string;
        carter?: { publish?: boolean };
      };
      return { dir, name: manifest.name, publish: manifest.carter?.publish === true };
    })
    .filter((entry) => entry.publish)
    .map(({ dir, name }) => ({ dir, name }));
}

/** The repository path of a package's API page. */
export const apiPage = (dir: string) => `packages/${dir}/API.md`;

type Kind = "Functions" | "Classes" | "Constants" | "Types";
const KINDS: readonly Kind[] = ["Functions", "Classes", "Constants", "Types"];

const isHidden = (member: ts.ClassElement) =>
  (member.name !== undefined && ts.isPrivateIdentifier(member.name)) ||
  (ts.getCombinedModifierFlags(member as ts.Declaration) &
    (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !==
    0;

/** A signature as its source spells its types (so named types stay named); inferred ones from the checker. */
function signatureText(node: ts.SignatureDeclaration, checker: ts.TypeChecker, withReturn = true): string {
  const typeParameters = node.typeParameters
    ? `<${node.typeParameters.map((p) => p.getText()).join(", ")}>`
    : "";
  const parameters = node.parameters.map((parameter) => {
    const optional = parameter.questionToken || parameter.initializer ? "?" : "";
    const type = parameter.type?.getText() ?? checker.typeToString(checker.getTypeAtLocation(parameter));
    return `${parameter.dotDotDotToken ? "..." : ""}${parameter.name.getText()}${optional}: ${type}`;
  });
  if (!withReturn) return `${typeParameters}(${parameters.join(", ")})`;
  const signature = checker.getSignatureFromDeclaration(node);
  const returns =
    node.type?.getText() ??
    (signature ? checker.typeToString(checker.getReturnTypeOfSignature(signature)) : "void");
  return `${typeParameters}(${parameters.join(", ")}): ${returns}`;
}

/** A class as its public constructor, methods and properties, with no bodies. */
function classOutline(name: string, node: ts.ClassDeclaration, checker: ts.TypeChecker): string {
  const lines: string[] = [];
  for (const member of node.members) {
    if (isHidden(member)) continue;
    const isStatic = (ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
    const prefix = isStatic ? "static " : "";
    if (ts.isConstructorDeclaration(member)) {
      const signature = checker.getSignatureFromDeclaration(member);
      if (signature && member.body)
        lines.push(`constructor${checker.signatureToString(signature).replace(/\): [^)]*$/, ")")};`);
    } else if (ts.isMethodDeclaration(member) && member.body) {
      lines.push(`${prefix}${member.name.getText()}${signatureText(member, checker)};`);
    } else if (ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member)) {
      const readonly = ts.isGetAccessorDeclaration(member) ? "readonly " : "";
      const type = member.type?.getText() ?? checker.typeToString(checker.getTypeAtLocation(member));
      lines.push(`${prefix}${readonly}${member.name.getText()}: ${type};`);
    }
  }
  const heritage = node.heritageClauses?.map((clause) => ` ${clause.getText()}`).join("") ?? "";
  return `class ${name}${heritage} {\n${lines.map((line) => `  ${line}`).join("\n")}\n}`;
}

/** The kind and declaration text of one exported symbol, or nothing when it has no declaration. */
function describe(name: string, symbol: ts.Symbol, checker: ts.TypeChecker): [Kind, string] | undefined {
  const declarations = symbol.declarations ?? [];
  const first = declarations[0];
  if (!first) return undefined;
  const functions = declarations.filter(ts.isFunctionDeclaration);
  if (functions.length > 0) {
    // Overloads, when there are any, are the callable signatures; the implementation is not.
    const overloads = functions.filter((f) => !f.body);
    const signatures = (overloads.length > 0 ? overloads : functions).map(
      (f) => `function ${name}${signatureText(f, checker)};`,
    );
    return ["Functions", signatures.join("\n")];
  }
  const cls = declarations.find(ts.isClassDeclaration);
  if (cls) return ["Classes", classOutline(name, cls, checker)];
  if (ts.isVariableDeclaration(first)) {
    const type = first.type?.getText() ?? checker.typeToString(checker.getTypeOfSymbol(symbol), first);
    return ["Constants", `const ${name}: ${type};`];
  }
  const text = declarations
    .filter(
      (d) =>
        ts.isInterfaceDeclaration(d) ||
        ts.isTypeAliasDeclaration(d) ||
        ts.isEnumDeclaration(d) ||
        ts.isModuleDeclaration(d),
    )
    .map((d) => d.getText().replace(/^export\s+(declare\s+)?/, ""));
  return text.length > 0 ? ["Types", text.join("\n\n")] : undefined;
}

/** The doc comment of a symbol as markdown (its `{@link x}` tags as code). */
function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return symbol
    .getDocumentationComment(checker)
    .map((part) => (part.kind === "linkName" ? `\`${part.text}\`` : part.kind === "link" ? "" : part.text))
    .join("")
    .trim();
}

function markdownFor(pkg: ApiPackage, module: ts.Symbol, checker: ts.TypeChecker): string {
  const groups = new Map<Kind, string[]>(KINDS.map((kind) => [kind, []]));
  const exports = checker.getExportsOfModule(module).sort((a, b) => a.name.localeCompare(b.name));
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const described = describe(exported.name, symbol, checker);
    if (!described) continue;
    const [kind, declaration] = described;
    const doc = docOf(symbol, checker);
    groups
      .get(kind)!
      .push([`### ${exported.name}`, "```ts\n" + declaration + "\n```", ...(doc ? [doc] : [])].join("\n\n"));
  }
  const sections = KINDS.filter((kind) => groups.get(kind)!.length > 0).map(
    (kind) => `## ${kind}\n\n${groups.get(kind)!.join("\n\n")}`,
  );
  return [
    `# ${pkg.name} API`,
    "<!-- Generated from src/index.ts by `npm run docs:api`; do not edit. -->",
    `Every export of \`${pkg.name}\`, from its entry point \`src/index.ts\`. The guide is the package's [README](README.md).`,
    ...sections,
  ].join("\n\n");
}

/** Every API page, as repository path → markdown, from one compiler program over all entry points. */
export async function apiReferences(root: string = ROOT): Promise<Map<string, string>> {
  const packages = apiPackages(root);
  const config = ts.readConfigFile(join(root, "tsconfig.json"), (path) => ts.sys.readFile(path));
  const options = ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
  const entries = packages.map((pkg) => join(root, "packages", pkg.dir, "src", "index.ts"));
  const program = ts.createProgram(entries, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const prettierOptions = { ...(await prettier.resolveConfig(join(root, "README.md"))), parser: "markdown" };
  const pages = new Map<string, string>();
  for (const [index, pkg] of packages.entries()) {
    const source = program.getSourceFile(entries[index]);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${pkg.name}: cannot read src/index.ts`);
    pages.set(apiPage(pkg.dir), await prettier.format(markdownFor(pkg, module, checker), prettierOptions));
  }
  return pages;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const pages = await apiReferences();
  for (const [path, markdown] of pages) writeFileSync(join(ROOT, path), markdown);
  console.log(`docs:api: ${pages.size} pages in ${Math.round(performance.now() - started)} ms`);
}
