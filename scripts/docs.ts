import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Marked, type Tokens } from "marked";
import { slugger } from "./markdown.js";

/**
 * Builds the documentation site: the README, CHANGELOG, `docs/`, the READMEs and API pages
 * (`API.md`, from `npm run docs:api`) of the packages, and the READMEs of the examples and benchmarks, as static HTML pages at the same paths as their sources (`README.md`
 * becomes `index.html`, `x.md` becomes `x.html`). Links between pages keep their anchors (headings
 * get GitHub's ids); repository files a page links to (examples, images) are copied beside it, so the
 * site works from any static host or straight from disk.
 *
 * The layout reference shows each control's screenshot, taken in headless Chromium first.
 *
 *   npm run docs                       # into build/site/
 *   npm run docs -- --out DIR
 *   npm run docs -- --no-screenshots  # no browser needed
 */

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

interface Page {
  /** Repository path of the markdown source, `/`-separated. */
  source: string;
  /** Site path of the HTML page. */
  target: string;
  title: string;
  section: "Guide" | "Packages" | "More";
}

const posixPath = (path: string) => path.split("\\").join("/");

/** `README.md` → `index.html`, `docs/x.md` → `docs/x.html`. */
export function pageTarget(source: string): string {
  return source.replace(/(^|\/)README\.md$/, "$1index.html").replace(/\.md$/, ".html");
}

function titleOf(markdown: string, source: string): string {
  return /^# (.+)$/m.exec(markdown)?.[1].replace(/`/g, "") ?? source;
}

/** The markdown files the site is made of, in navigation order. */
export function sitePages(root: string = ROOT): Page[] {
  const docs = readdirSync(join(root, "docs"))
    .filter((file) => file.endsWith(".md"))
    .sort((a, b) => (a === "README.md" ? -1 : b === "README.md" ? 1 : a.localeCompare(b)))
    .map((file) => `docs/${file}`);
  const packages = readdirSync(join(root, "packages"))
    .sort()
    .flatMap((dir) => [`packages/${dir}/README.md`, `packages/${dir}/API.md`])
    .filter((path) => existsSync(join(root, path)));
  const sections: [Page["section"], string[]][] = [
    ["Guide", ["README.md", ...docs, "CHANGELOG.md"]],
    ["Packages", packages],
    ["More", ["examples/README.md", "bench/README.md"]],
  ];
  return sections.flatMap(([section, sources]) =>
    sources
      .filter((source) => existsSync(join(root, source)))
      .map((source) => ({
        source,
        target: pageTarget(source),
        title: titleOf(readFileSync(join(root, source), "utf8"), source),
        section,
      })),
  );
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e; --line: #d1d9e0; --code: #f6f8fa; --link: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --code: #151b23; --link: #4493f8; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, sans-serif; color: var(--fg); background: var(--bg); display: flex; }
nav { flex: 0 0 16rem; padding: 1.5rem 1rem; border-right: 1px solid var(--line); position: sticky; top: 0; height: 100vh; overflow-y: auto; font-size: 14px; }
nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 1.2rem 0 .4rem; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav a { display: block; padding: .15rem .4rem; border-radius: 4px; color: var(--fg); text-decoration: none; }
nav a[aria-current] { background: var(--code); font-weight: 600; }
main { flex: 1; min-width: 0; max-width: 60rem; padding: 1.5rem 2.5rem 4rem; }
a { color: var(--link); }
code, pre { font: 13.5px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--code); border-radius: 6px; }
code { padding: .1em .3em; }
pre { padding: 1rem; overflow-x: auto; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; display: block; overflow-x: auto; margin: 1rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .7rem; text-align: left; vertical-align: top; }
img { max-width: 100%; }
h1, h2, h3 { line-height: 1.25; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
@media (max-width: 50rem) { body { display: block; } nav { position: static; height: auto; border: 0; border-bottom: 1px solid var(--line); } main { padding: 1rem; } }
`;

function navigation(pages: readonly Page[], current: Page): string {
  const here = posix.dirname(current.target);
  const sections = [...new Set(pages.map((page) => page.section))];
  return sections
    .map((section) => {
      const items = pages
        .filter((page) => page.section === section)
        .map((page) => {
          const href = posix.relative(here, page.target) || posix.basename(page.target);
          const currentMark = page === current ? ' aria-current="page"' : "";
          return `<li><a href="${escapeHtml(href)}"${currentMark}>${escapeHtml(page.title)}</a></li>`;
        });
      return `<h2>${section}</h2><ul>${items.join("")}</ul>`;
    })
    .join("");
}

/**
 * Where a relative link of `source` goes on the site: a page's HTML, or a repository file copied
 * into the site (added to `copies`). External and same-page links stay as they are.
 */
function siteHref(href: string, source: string, pageSources: Set<string>, copies: Set<string>, root: string) {
  if (/^[a-z][a-z+.-]*:|^\/\/|^#/i.test(href)) return href;
  const [file, anchor] = href.split("#", 2);
  let target = posixPath(relative(root, resolve(root, posix.dirname(source), decodeURI(file))));
  if (target.startsWith("..") || !existsSync(join(root, target))) return href;
  if (statSync(join(root, target)).isDirectory()) {
    const readme = posix.join(target, "README.md");
    if (!pageSources.has(readme)) return href;
    target = readme;
  }
  let siteTarget = target;
  if (pageSources.has(target)) siteTarget = pageTarget(target);
  else copies.add(target);
  const link = posix.relative(posix.dirname(pageTarget(source)), siteTarget) || posix.basename(siteTarget);
  return encodeURI(link) + (anchor === undefined ? "" : `#${anchor}`);
}

/** The layout reference page, and where its control screenshots go on the site. */
const REFERENCE = "docs/layout-format.md";
export const SCREENSHOTS = "docs/controls";

/**
 * Renders one page's markdown: GitHub heading ids, links rewritten for the site, and in the layout
 * reference each control's screenshot under its heading (`#### gauge`) when `screenshots` has it.
 */
function renderPage(
  markdown: string,
  source: string,
  pageSources: Set<string>,
  copies: Set<string>,
  root: string,
  screenshots: ReadonlySet<string>,
) {
  const slug = slugger();
  const marked = new Marked({
    gfm: true,
    walkTokens: (token) => {
      if (token.type === "link" || token.type === "image")
        (token as Tokens.Link).href = siteHref(
          (token as Tokens.Link).href,
          source,
          pageSources,
          copies,
          root,
        );
    },
    renderer: {
      heading(token: Tokens.Heading) {
        const id = slug(token.text);
        const heading = `<h${token.depth} id="${escapeHtml(id)}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
        if (source !== REFERENCE || token.depth !== 4 || !screenshots.has(token.text)) return heading;
        const image = posix.relative(posix.dirname(REFERENCE), `${SCREENSHOTS}/${token.text}.png`);
        const alt = `The ${token.text} example as the web device renders it`;
        return `${heading}<p><img src="${escapeHtml(image)}" alt="${escapeHtml(alt)}" loading="lazy"></p>\n`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

export interface SiteOptions {
  root?: string;
  /** Control types with a screenshot at `<out>/docs/controls/<type>.png`, shown in the reference. */
  screenshots?: Iterable<string>;
}

/** Writes the site's pages into `out`; returns them, as site paths. */
export function buildSite(out: string, options: SiteOptions = {}): string[] {
  const root = options.root ?? ROOT;
  const screenshots = new Set(options.screenshots ?? []);
  mkdirSync(out, { recursive: true });
  const pages = sitePages(root);
  const pageSources = new Set(pages.map((page) => page.source));
  const copies = new Set<string>();
  for (const page of pages) {
    const markdown = readFileSync(join(root, page.source), "utf8");
    const body = renderPage(markdown, page.source, pageSources, copies, root, screenshots);
    const style = posix.relative(posix.dirname(page.target), "style.css");
    const html = [
      "<!doctype html>",
      '<html lang="en">',
      "<head>",
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${escapeHtml(page.title)} · Carter</title>`,
      `<link rel="stylesheet" href="${style}">`,
      "</head>",
      "<body>",
      `<nav aria-label="Documentation">${navigation(pages, page)}</nav>`,
      `<main>${body}</main>`,
      "</body>",
      "</html>",
      "",
    ].join("\n");
    mkdirSync(join(out, posix.dirname(page.target)), { recursive: true });
    writeFileSync(join(out, page.target), html);
  }
  for (const file of copies) {
    mkdirSync(join(out, dirname(file)), { recursive: true });
    cpSync(join(root, file), join(out, file));
  }
  writeFileSync(join(out, "style.css"), STYLE.trimStart());
  return pages.map((page) => page.target);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf("--out");
  const out = index > 0 ? resolve(process.argv[index + 1]) : join(ROOT, "build", "site");
  rmSync(out, { recursive: true, force: true });
  const { captureControlScreenshots } = await import("./control-screenshots.js");
  const screenshots = process.argv.includes("--no-screenshots")
    ? []
    : await captureControlScreenshots(join(out, SCREENSHOTS));
  const written = buildSite(out, { screenshots });
  console.log(
    `docs: ${written.length} pages, ${screenshots.length} control screenshots in ${relative(process.cwd(), out) || "."}`,
  );
}
