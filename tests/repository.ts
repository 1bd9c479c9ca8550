import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { headingSlug, slugger } from "../scripts/markdown.js";

export { headingSlug };

/** What the repository-wide tests read: the tracked files of this checkout. */

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface TrackedText {
  /** Path relative to the repository root, with `/` separators. */
  path: string;
  text: string;
}

/** Every tracked text file (binary files, those with a NUL byte, are left out). */
export function trackedTexts(): TrackedText[] {
  const paths = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((path) => path.length > 0 && existsSync(resolve(ROOT, path)));
  return paths.flatMap((path) => {
    const bytes = readFileSync(resolve(ROOT, path));
    return bytes.subarray(0, 8000).includes(0) ? [] : [{ path, text: bytes.toString("utf8") }];
  });
}

const lineOf = (text: string, index: number) => text.slice(0, index).split("\n").length;

// Spelled in pieces so this file does not itself match what it looks for.
const SIBLING_DIRECTORY = new RegExp(String.raw`(?:\.\.\/)+shared\b`, "g");
const OUTSIDE_NAMES = [
  ["shared", "seeds"].join("/"),
  ["shared", "spec"].join("/"),
  ["", "work", ""].join("/"),
];
const CLIMB = /(?<![\w./-])((?:\.\.\/)+)/g;

/**
 * Where `text` (the file at `path`) reaches outside the repository: a sibling `shared` directory,
 * the build machine's folders, or a relative path that climbs above the repository root. A stranger's
 * clone has none of these.
 */
export function outsideReferences({ path, text }: TrackedText): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(SIBLING_DIRECTORY))
    found.push(`${path}:${lineOf(text, match.index)}: ${match[0]}`);
  for (const name of OUTSIDE_NAMES) {
    let index = text.indexOf(name);
    while (index >= 0) {
      found.push(`${path}:${lineOf(text, index)}: ${name}`);
      index = text.indexOf(name, index + name.length);
    }
  }
  for (const match of text.matchAll(CLIMB)) {
    const target = resolve(ROOT, dirname(path), match[1]);
    if (relative(ROOT, target).startsWith(".."))
      found.push(`${path}:${lineOf(text, match.index)}: ${match[1]}`);
  }
  return found;
}

const FENCE = /^```[\s\S]*?^```/gm;

/** The anchors a markdown page offers, duplicates suffixed `-1`, `-2` as GitHub does. */
export function anchorsOf(markdown: string): Set<string> {
  const slug = slugger();
  return new Set([...markdown.replace(FENCE, "").matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

const LINK = /!?\[[^\]\n]*\]\(([^)\s]+)\)/g;

/** Relative links (and anchors) of a markdown file that lead nowhere, or out of the repository. */
export function brokenLinks({ path, text }: TrackedText): string[] {
  const broken: string[] = [];
  for (const match of text.replace(FENCE, "").matchAll(LINK)) {
    const link = match[1];
    if (/^[a-z][a-z+.-]*:/i.test(link)) continue;
    const [file, anchor] = link.split("#", 2);
    const target = file === "" ? resolve(ROOT, path) : resolve(ROOT, dirname(path), decodeURI(file));
    if (relative(ROOT, target).startsWith("..") || !existsSync(target)) {
      broken.push(`${path}: ${link} (no such file in the repository)`);
      continue;
    }
    if (
      anchor !== undefined &&
      target.endsWith(".md") &&
      !anchorsOf(readFileSync(target, "utf8")).has(anchor)
    )
      broken.push(`${path}: ${link} (no such heading)`);
  }
  return broken;
}

const CITATION = /\b(layout\.md|session-protocol) §(\d+(?:\.\d+)?)/g;
export const CITED_DOCS: Readonly<Record<string, string>> = {
  "layout.md": "docs/layout-format.md",
  "session-protocol": "docs/session-protocols.md",
};

/** Section numbers (`7`, `7.1`) that a docs page has as headings. */
export function sectionNumbers(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]));
}

/** Citations such as `layout.md §7.1` in `text` that name a section the docs page lacks. */
export function danglingCitations(
  { path, text }: TrackedText,
  sections: ReadonlyMap<string, Set<string>>,
): string[] {
  const dangling: string[] = [];
  for (const match of text.matchAll(CITATION)) {
    if (!sections.get(match[1])?.has(match[2]))
      dangling.push(`${path}:${lineOf(text, match.index)}: ${match[0]}`);
  }
  return dangling;
}
