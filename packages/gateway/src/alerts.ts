import { randomBytes } from "node:crypto";
import { HttpError } from "./http.js";
import type { Notification } from "./notify.js";
import type { AlertRuleSet } from "./store/store.js";

export type AlertOperator = "eq" | "neq" | "gt" | "lt" | "gte" | "lte";

/** A layout `alerts` rule (layout format §11.4), validated. */
export interface AlertRule {
  id: string;
  event: string;
  valuePath: string;
  operator: AlertOperator;
  value: unknown;
  title: string;
  body: string;
  /** Seconds between two firings of this rule on one channel. */
  cooldown: number;
  acknowledgeServerReadable?: boolean;
}

/** A rule with no `cooldown` fires at most once a minute: a gauge over its threshold must not page every second. */
export const DEFAULT_COOLDOWN_SECONDS = 60;
/** Rules one channel may register. */
export const MAX_RULES_PER_CHANNEL = 64;
const OPERATORS = new Set(["eq", "neq", "gt", "lt", "gte", "lte"]);

function fail(field: string, problem: string): never {
  throw new HttpError(400, `${field}: ${problem}`);
}

function text(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== "string") fail(field, value === undefined ? "required" : "must be a string");
  const length = [...value].length;
  if (length < min || length > max) fail(field, `must be ${min}–${max} characters`);
  return value;
}

/** Validates a layout's `alerts` array field by field (`rules[2].operator: …`). */
export function parseAlertRules(value: unknown): AlertRule[] {
  if (!Array.isArray(value)) fail("rules", "must be an array (a layout's alerts)");
  if (value.length > MAX_RULES_PER_CHANNEL) fail("rules", `at most ${MAX_RULES_PER_CHANNEL} rules`);
  const rules = value.map((raw: unknown, index): AlertRule => {
    const field = `rules[${index}]`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail(field, "must be an object");
    const rule = raw as Record<string, unknown>;
    const operator = rule.operator;
    if (typeof operator !== "string" || !OPERATORS.has(operator))
      fail(`${field}.operator`, "must be one of eq, neq, gt, lt, gte, lte");
    if (!("value" in rule)) fail(`${field}.value`, "required");
    const cooldown = rule.cooldown ?? DEFAULT_COOLDOWN_SECONDS;
    if (typeof cooldown !== "number" || !Number.isFinite(cooldown) || cooldown < 0)
      fail(`${field}.cooldown`, "must be a number of seconds ≥ 0");
    const parsed: AlertRule = {
      id: rule.id === undefined ? `alert-${index}` : text(rule.id, `${field}.id`, 1, 64),
      event: text(rule.event, `${field}.event`, 1, 64),
      valuePath: text(rule.valuePath, `${field}.valuePath`, 0, 256),
      operator: operator as AlertOperator,
      value: rule.value,
      title: text(rule.title, `${field}.title`, 1, 256),
      body: text(rule.body, `${field}.body`, 1, 256),
      cooldown,
    };
    if (rule.acknowledgeServerReadable !== undefined) {
      if (typeof rule.acknowledgeServerReadable !== "boolean")
        fail(`${field}.acknowledgeServerReadable`, "must be true or false");
      parsed.acknowledgeServerReadable = rule.acknowledgeServerReadable;
    }
    return parsed;
  });
  const ids = new Set(rules.map((rule) => rule.id));
  if (ids.size !== rules.length) fail("rules", "rule ids must be unique");
  return rules;
}

/** The value at a dot path (`a.b.0.c`); the whole payload for an empty path. */
export function valueAt(payload: unknown, path: string): unknown {
  if (path === "") return payload;
  let current = payload;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x === y;
  return a !== null && b !== null && typeof a === "object" && JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `actual` satisfies `operator value`; ordering needs two numbers (numeric strings count). */
export function compare(actual: unknown, operator: AlertOperator, value: unknown): boolean {
  if (actual === undefined) return false;
  if (operator === "eq") return equal(actual, value);
  if (operator === "neq") return !equal(actual, value);
  const x = numeric(actual);
  const y = numeric(value);
  if (x === undefined || y === undefined) return false;
  switch (operator) {
    case "gt":
      return x > y;
    case "lt":
      return x < y;
    case "gte":
      return x >= y;
    case "lte":
      return x <= y;
  }
}

/** A rule that matched, ready to be sent as a notification. */
export interface FiredAlert {
  account: string;
  channel: string;
  rule: AlertRule;
  notification: Notification;
}

/**
 * Watches the broadcasts of accounts that registered alert rules. The relay hands it every fan-out
 * (through the gateway's backplane tap); a channel without rules costs one map lookup. Clear
 * payloads only: an E2EE envelope (`e2ee: 2`) is never opened.
 */
export class AlertWatcher {
  /** Rules by `<account> <channel>` (the channel without its account prefix). */
  private rules = new Map<string, AlertRule[]>();
  private readonly lastFired = new Map<string, number>();

  constructor(
    private readonly fire: (alert: FiredAlert) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replaces every rule set (after reading them from the store). */
  load(sets: readonly AlertRuleSet[]): void {
    const next = new Map<string, AlertRule[]>();
    for (const set of sets) next.set(`${set.account} ${set.channel}`, JSON.parse(set.rules) as AlertRule[]);
    this.rules = next;
  }

  /** Replaces one channel's rules (after this process registered them). */
  set(account: string, channel: string, rules: AlertRule[]): void {
    if (rules.length === 0) this.rules.delete(`${account} ${channel}`);
    else this.rules.set(`${account} ${channel}`, rules);
  }

  /** Checks one fanned-out frame (`{id, type, payload, …}` as encoded) from `account`'s `qualifiedChannel`. */
  observe(account: string, qualifiedChannel: string, data: Buffer): void {
    if (this.rules.size === 0) return;
    const key = this.key(account, qualifiedChannel);
    const rules = this.rules.get(key);
    if (rules === undefined) return;
    let frame: { type?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(data.toString("utf8")) as { type?: unknown; payload?: unknown };
    } catch {
      return;
    }
    const payload = frame.payload;
    if (payload === null || typeof payload !== "object" || (payload as { e2ee?: unknown }).e2ee !== undefined)
      return;
    const msgType = (payload as { msg_type?: unknown }).msg_type;
    const channel = key.slice(account.length + 1);
    for (const rule of rules) {
      if (rule.event !== frame.type && rule.event !== msgType) continue;
      const actual = valueAt(payload, rule.valuePath);
      if (!compare(actual, rule.operator, rule.value)) continue;
      const firedKey = `${key} ${rule.id}`;
      const now = this.now();
      const last = this.lastFired.get(firedKey);
      if (last !== undefined && now - last < rule.cooldown * 1000) continue;
      this.lastFired.set(firedKey, now);
      this.fire({
        account,
        channel,
        rule,
        notification: {
          title: rule.title,
          body: rule.body,
          notifId: `n${randomBytes(4).toString("hex")}`,
          channel,
          threadId: rule.id,
          category: "alert",
          data: { alertId: rule.id, value: actual },
        },
      });
    }
  }

  private key(account: string, qualifiedChannel: string): string {
    const prefix = `${account}.`;
    const channel = qualifiedChannel.startsWith(prefix)
      ? qualifiedChannel.slice(prefix.length)
      : qualifiedChannel;
    return `${account} ${channel}`;
  }
}
