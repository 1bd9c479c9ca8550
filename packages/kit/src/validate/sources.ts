import { SOURCE_SPEC } from "../spec/model.js";
import { pathKey } from "../walk.js";
import { checkFields, requireObject } from "./fields.js";
import type { Report } from "./report.js";
import type { SourceUse } from "./wiring.js";

interface DeclaredSource {
  name: string;
  kind: string | undefined;
  path: string;
}

/** Checks the `sources` block and returns the declared sources by name. */
export function declaredSources(value: unknown, report: Report): Map<string, DeclaredSource> {
  const sources = new Map<string, DeclaredSource>();
  if (value === undefined) return sources;
  if (!requireObject(value, "$.sources", '"sources"', report, "bad_sources")) return sources;
  for (const [name, source] of Object.entries(value)) {
    const path = pathKey("$.sources", name);
    if (!requireObject(source, path, `source "${name}"`, report, "bad_sources")) continue;
    checkFields(source, SOURCE_SPEC.fields, path, report, { code: "bad_sources", checkRef: () => undefined });
    if (source.type === "mqtt" && source.url === undefined)
      report.error(
        "bad_sources",
        pathKey(path, "url"),
        `mqtt source "${name}" needs a broker "url" (mqtt://host:1883)`,
      );
    sources.set(name, { name, kind: typeof source.type === "string" ? source.type : undefined, path });
  }
  return sources;
}

/** Matches mqtt/http bindings and actions to declared sources; reports unknown and unused ones. */
export function checkSources(
  sources: Map<string, DeclaredSource>,
  uses: readonly SourceUse[],
  report: Report,
): void {
  const used = new Set<string>();
  const ofKind = (kind: string) => [...sources.values()].filter((s) => s.kind === kind);
  for (const use of uses) {
    const at = pathKey(use.path, "source");
    if (use.source === undefined) {
      const candidates = ofKind(use.method);
      if (candidates.length === 1) used.add(candidates[0].name);
      else if (use.needsSource)
        report.warn(
          "bad_source",
          use.path,
          `no "source" and ${candidates.length === 0 ? "no" : candidates.length} ${use.method} sources are declared; name one with "source"`,
        );
      continue;
    }
    const name = String(use.source);
    const source = sources.get(name);
    if (!source) {
      report.error("unknown_source", at, `source "${name}" is not declared in "sources"`);
      continue;
    }
    used.add(name);
    if (source.kind !== use.method)
      report.error(
        "bad_source",
        at,
        `source "${name}" is a ${source.kind ?? "untyped"} source, but this uses method "${use.method}"`,
      );
  }
  for (const source of sources.values()) {
    if (!used.has(source.name))
      report.warn("unused_source", source.path, `source "${source.name}" is never used`);
  }
}
