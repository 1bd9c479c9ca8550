import { splitValuePath } from "@carter/protocol";
import { isObject, type JsonObject } from "../engine/json.js";

/** A declared `sources` entry (layout.md §11.1), checked for what the device needs to dial it. */
export type SourceDef =
  | { name: string; type: "mqtt"; url: string; username?: string; password?: string; clientId?: string }
  | { name: string; type: "http"; baseURL?: string; headers: Record<string, string>; interval: number };

/** What the browser runs for one control binding or action (layout.md §7.2, §8.3, §11.2). */
export type ExternalBinding =
  | {
      kind: "mqtt";
      controlId: string;
      source: string;
      topic: string;
      filter: JsonObject | undefined;
      path: readonly string[];
    }
  | {
      kind: "http";
      controlId: string;
      /** The source it polls through, `null` for an absolute `url` on its own. */
      source: string | null;
      url: string;
      headers: Record<string, string>;
      /** Poll period in seconds. */
      interval: number;
      filter: JsonObject | undefined;
      path: readonly string[];
    }
  | { kind: "sensor"; controlId: string; pipeline: string; key: string }
  /** A binding the device cannot run, with the reason shown on the control. */
  | { kind: "invalid"; controlId: string; problem: string };

/** The default HTTP poll period (layout.md §11.1). */
export const DEFAULT_HTTP_INTERVAL = 5;
/** The shortest HTTP poll period the device honours, so a typo cannot hammer an endpoint. */
const MIN_HTTP_INTERVAL = 0.5;

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string" || typeof item === "number" || typeof item === "boolean")
      out[key] = String(item);
  }
  return out;
}

function positive(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Parses the layout's `sources` block; entries that cannot run are returned as problems. */
export function parseSources(block: unknown): { sources: Map<string, SourceDef>; problems: string[] } {
  const sources = new Map<string, SourceDef>();
  const problems: string[] = [];
  if (block === undefined) return { sources, problems };
  if (!isObject(block)) return { sources, problems: ["sources must be an object"] };
  for (const [name, entry] of Object.entries(block)) {
    if (!isObject(entry)) {
      problems.push(`sources.${name} must be an object`);
      continue;
    }
    if (entry.type === "mqtt") {
      if (typeof entry.url !== "string" || entry.url === "") {
        problems.push(`sources.${name}.url is required for an mqtt source`);
        continue;
      }
      sources.set(name, {
        name,
        type: "mqtt",
        url: entry.url,
        ...(typeof entry.username === "string" ? { username: entry.username } : {}),
        ...(typeof entry.password === "string" ? { password: entry.password } : {}),
        ...(typeof entry.clientId === "string" ? { clientId: entry.clientId } : {}),
      });
    } else if (entry.type === "http") {
      sources.set(name, {
        name,
        type: "http",
        ...(typeof entry.baseURL === "string" ? { baseURL: entry.baseURL } : {}),
        headers: stringRecord(entry.headers),
        interval: positive(entry.interval) ?? DEFAULT_HTTP_INTERVAL,
      });
    } else {
      problems.push(`sources.${name}.type must be "mqtt" or "http"`);
    }
  }
  return { sources, problems };
}

/**
 * The source a binding or action uses: the one it names, else the only one of its kind. `null`
 * with no `source` and no sole source (fine for an http `url`); a string is the problem.
 */
export function resolveSource(
  sources: ReadonlyMap<string, SourceDef>,
  kind: "mqtt" | "http",
  named: unknown,
): SourceDef | null | string {
  if (named !== undefined) {
    if (typeof named !== "string") return "source must be a string";
    const source = sources.get(named);
    if (!source) return `source "${named}" is not declared in sources`;
    if (source.type !== kind) return `source "${named}" is a ${source.type} source, not ${kind}`;
    return source;
  }
  const ofKind = [...sources.values()].filter((s) => s.type === kind);
  if (ofKind.length === 1) return ofKind[0];
  if (ofKind.length === 0) return null;
  return `${ofKind.length} ${kind} sources are declared: name one with "source"`;
}

/** `path` against `baseURL` (slashes joined once), or an absolute `url`. */
export function httpTarget(
  entry: JsonObject,
  sources: ReadonlyMap<string, SourceDef>,
): { url: string; source: Extract<SourceDef, { type: "http" }> | null } | string {
  const hasUrl = typeof entry.url === "string" && entry.url !== "";
  const hasPath = typeof entry.path === "string" && entry.path !== "";
  if (!hasUrl && !hasPath) return "http needs a url or a path";
  // An absolute url names its own server: a sole source's headers (credentials) go only where named.
  const source = hasUrl && entry.source === undefined ? null : resolveSource(sources, "http", entry.source);
  if (typeof source === "string") return source;
  const http = source as Extract<SourceDef, { type: "http" }> | null;
  let url: string;
  if (hasUrl) url = entry.url as string;
  else if (http?.baseURL)
    url = `${http.baseURL.replace(/\/+$/, "")}/${(entry.path as string).replace(/^\/+/, "")}`;
  else return `path "${String(entry.path)}" needs an http source with a baseURL`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return `${url} is not an http(s) URL`;
  } catch {
    return `${url} is not an absolute URL`;
  }
  return { url, source: http };
}

/** A sensor binding's `pipeline` and reading key (`heading` means `heading.value`). */
export function sensorKey(sensor: unknown): { pipeline: string; key: string } | null {
  if (typeof sensor !== "string" || sensor === "") return null;
  const dot = sensor.indexOf(".");
  return dot < 0
    ? { pipeline: sensor, key: "value" }
    : { pipeline: sensor.slice(0, dot), key: sensor.slice(dot + 1) || "value" };
}

/** The mqtt, http and sensor bindings of one control; meshsocket ones belong to the engine. */
export function externalBindings(
  controlId: string,
  sync: unknown,
  sources: ReadonlyMap<string, SourceDef>,
): ExternalBinding[] {
  const entries = Array.isArray(sync) ? sync : isObject(sync) ? [sync] : [];
  const out: ExternalBinding[] = [];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const filter = isObject(entry.filter) ? entry.filter : undefined;
    const path = splitValuePath(entry.valuePath);
    const invalid = (problem: string) => out.push({ kind: "invalid", controlId, problem });
    switch (entry.method) {
      case "mqtt": {
        if (typeof entry.topic !== "string" || entry.topic === "") {
          invalid("an mqtt binding needs a topic");
          break;
        }
        const source = resolveSource(sources, "mqtt", entry.source);
        if (typeof source === "string") invalid(source);
        else if (source === null) invalid("mqtt needs a declared source (the broker url)");
        else out.push({ kind: "mqtt", controlId, source: source.name, topic: entry.topic, filter, path });
        break;
      }
      case "http": {
        const target = httpTarget(entry, sources);
        if (typeof target === "string") {
          invalid(target);
          break;
        }
        const interval = positive(entry.interval) ?? target.source?.interval ?? DEFAULT_HTTP_INTERVAL;
        out.push({
          kind: "http",
          controlId,
          source: target.source?.name ?? null,
          url: target.url,
          headers: target.source?.headers ?? {},
          interval: Math.max(MIN_HTTP_INTERVAL, interval),
          filter,
          path,
        });
        break;
      }
      case "sensor": {
        const key = sensorKey(entry.sensor);
        if (key) out.push({ kind: "sensor", controlId, ...key });
        else invalid('a sensor binding needs "sensor" (e.g. "heading")');
        break;
      }
      default:
        break;
    }
  }
  return out;
}
