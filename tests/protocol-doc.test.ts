import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  CloseCode,
  DEFAULT_CHANNEL,
  DEFAULT_ROLE,
  RelayError,
  RelayVerb,
  roleDefaults,
  ServerFrame,
} from "@carter/protocol";
import { MAX_OUTSTANDING_ROUTES, RELAY_DEFAULTS, relayOptionsFromEnv } from "@carter/relay";
import { describe, expect, it } from "vitest";
import { ROOT } from "./repository.js";

/** docs/protocol.md is written by hand; these checks hold it to what the code does. */

const doc = readFileSync(resolve(ROOT, "docs/protocol.md"), "utf8");

/** The body of the `##`/`###` section titled `title`, up to the next heading of any level. */
function section(title: string): string {
  const start = doc.search(new RegExp(`^#{2,3} ${title}$`, "m"));
  if (start < 0) throw new Error(`docs/protocol.md has no section '${title}'`);
  const rest = doc.slice(doc.indexOf("\n", start) + 1);
  const next = rest.search(/^#{1,3} /m);
  return next < 0 ? rest : rest.slice(0, next);
}

/** Table rows of a section as trimmed cells (header and separator dropped). */
function rows(title: string): string[][] {
  return section(title)
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

const codeSpans = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

describe("docs/protocol.md", () => {
  it("lists every close code with its name, and no other", () => {
    const documented = rows("Close codes").map(([code, name]) => [Number(code), codeSpans(name)[0]]);
    expect(documented).toEqual(Object.entries(CloseCode).map(([name, code]) => [code, name]));
  });

  it("quotes every relay error text exactly", () => {
    const documented = rows("Error replies").flatMap(([error]) => codeSpans(error));
    for (const text of Object.values(RelayError)) expect(documented).toContain(text);
  });

  it("documents every verb the relay acts on and every frame it sends", () => {
    const verbs = rows("Verbs").flatMap(([verb]) => codeSpans(verb));
    expect(verbs).toEqual(expect.arrayContaining(Object.values(RelayVerb)));
    const verbsText = section("Verbs");
    for (const frame of Object.values(ServerFrame)) expect(verbsText).toContain(`\`${frame}`);
    expect(section("Routed requests")).toContain(`at most **${MAX_OUTSTANDING_ROUTES}**`);
  });

  it("states the role defaults the relay applies", () => {
    const yes = (cell: string) => cell === "yes";
    for (const [roles, broadcast, route, monitor] of rows("Capability defaults by role")) {
      const named = codeSpans(roles);
      for (const role of named.length > 0 ? named : ["some-other-role"]) {
        const defaults = roleDefaults(role);
        expect([role, defaults.canBroadcast, defaults.canRoute, defaults.canMonitor]).toEqual([
          role,
          yes(broadcast),
          yes(route),
          yes(monitor),
        ]);
      }
    }
    const identify = rows("Identify fields");
    expect(identify.find(([field]) => field === "`channel`")?.[2]).toBe(`\`${DEFAULT_CHANNEL}\``);
    expect(identify.find(([field]) => field === "`role`")?.[2]).toBe(`\`${DEFAULT_ROLE}\``);
  });

  it("gives each numeric limit's variable, the option it sets and its default", () => {
    const options: Record<string, keyof typeof RELAY_DEFAULTS> = {
      MESH_MAX_CONNECTIONS: "maxConnections",
      MESH_MAX_PENDING_PER_IP: "maxPendingPerIp",
      MESH_RATE_LIMIT: "rateLimit",
      MESH_MAX_SIZE: "maxSize",
      MESH_ROUTE_TIMEOUT_MS: "routeTimeoutMs",
      MESH_AUTH_TIMEOUT_MS: "authTimeoutMs",
      MESH_KEEPALIVE_INTERVAL_MS: "keepaliveIntervalMs",
      MESH_SEND_BUFFER_LIMIT: "sendBufferLimit",
    };
    const limits = new Map(rows("Limits").map(([env, fallback]) => [codeSpans(env)[0], fallback]));
    for (const [env, option] of Object.entries(options)) {
      expect(relayOptionsFromEnv({ [env]: "4096" })[option]).toBe(4096);
      expect(limits.get(env)).toMatch(new RegExp(`^${RELAY_DEFAULTS[option]}\\b`));
    }
    expect(limits.get("MESH_ALLOWED_ORIGINS")).toBe(`\`${RELAY_DEFAULTS.allowedOrigins.join(",")}\``);
  });
});
