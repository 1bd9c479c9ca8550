import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";

/** Public addresses the documentation site may link to; every other link stays inside the site. */
export const ALLOWED_EXTERNAL = [
  "https://www.npmjs.com/package/",
  "https://nodejs.org/",
  "https://modelcontextprotocol.io",
];

const ATTRIBUTE = /\s(?:href|src)="([^"]*)"/g;
const ID = /\sid="([^"]*)"/g;

const unescape = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Every `.html` file under `site`, as `/`-separated paths relative to it. */
export function htmlFiles(site: string): string[] {
  return readdirSync(site, { recursive: true, encoding: "utf8" })
    .map((file) => file.split("\\").join("/"))
    .filter((file) => file.endsWith(".html"));
}

/**
 * Links of the site at `site` that lead nowhere: a relative link to a missing file, an anchor no
 * element of its page has, a path climbing out of the site, or an address not on the allowed list.
 */
export function brokenSiteLinks(site: string, allowed: readonly string[] = ALLOWED_EXTERNAL): string[] {
  const ids = new Map<string, Set<string>>();
  const idsOf = (page: string) => {
    if (!ids.has(page))
      ids.set(
        page,
        new Set([...readFileSync(join(site, page), "utf8").matchAll(ID)].map((m) => unescape(m[1]))),
      );
    return ids.get(page)!;
  };
  const broken: string[] = [];
  for (const page of htmlFiles(site)) {
    for (const match of readFileSync(join(site, page), "utf8").matchAll(ATTRIBUTE)) {
      const link = unescape(match[1]);
      if (/^[a-z][a-z+.-]*:|^\/\//i.test(link)) {
        if (!allowed.some((prefix) => link.startsWith(prefix)))
          broken.push(`${page}: ${link} (not an allowed address)`);
        continue;
      }
      const [path, anchor] = link.split("#", 2);
      const target = path === "" ? page : posix.normalize(posix.join(posix.dirname(page), decodeURI(path)));
      if (target.startsWith("../") || posix.isAbsolute(target)) {
        broken.push(`${page}: ${link} (outside the site)`);
        continue;
      }
      if (!existsSync(join(site, target)) || statSync(join(site, target)).isDirectory()) {
        broken.push(`${page}: ${link} (no such file)`);
        continue;
      }
      if (anchor !== undefined && target.endsWith(".html") && !idsOf(target).has(decodeURIComponent(anchor)))
        broken.push(`${page}: ${link} (no such anchor)`);
    }
  }
  return broken;
}
