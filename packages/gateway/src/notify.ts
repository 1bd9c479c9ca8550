import { randomBytes } from "node:crypto";
import { HttpError } from "./http.js";

/** A notification as `POST /alerts/notify` accepts it (session-protocol §7), after validation. */
export interface Notification {
  title: string;
  body: string;
  notifId: string;
  subtitle?: string;
  sound?: string;
  channel?: string;
  threadId?: string;
  interruption?: "passive" | "active" | "time-sensitive";
  relevance?: number;
  imageURL?: string;
  sender?: { name: string; avatarURL?: string };
  actions?: { id: string; title: string; destructive?: boolean }[];
  category?: string;
  badge?: number;
  data?: Record<string, unknown>;
}

const CHANNEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A sound is `default`, `none` or the name of a sound bundled with the app. */
const SOUND_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;
/** `data` is for small hints and the sealed `enc` blob, not payloads. */
const MAX_DATA_BYTES = 4096;
/** Standard padded base64, as E2EE v2 envelopes carry `s` and `ct` (session-protocol §6.1). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A room notification's content fields: sealed into `data.enc`, never sent in the clear beside it. */
const SEALED_FIELDS = ["subtitle", "imageURL", "sender"] as const;

function fail(field: string, problem: string): never {
  throw new HttpError(400, `${field}: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function text(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== "string") fail(field, value === undefined ? "required" : "must be a string");
  const length = [...value].length;
  if (length < min || length > max)
    fail(field, min > 0 ? `must be ${min}–${max} characters` : `must be at most ${max} characters`);
  return value;
}

function optionalText(value: unknown, field: string, max: number): string | undefined {
  return value === undefined || value === null ? undefined : text(value, field, 0, max);
}

function url(value: unknown, field: string): string | undefined {
  const raw = optionalText(value, field, 512);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    fail(field, "must be an absolute URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") fail(field, "must be an http(s) URL");
  return raw;
}

function base64Bytes(value: unknown, field: string): number {
  if (typeof value !== "string" || !BASE64.test(value)) fail(field, "must be standard padded base64");
  return Buffer.from(value, "base64").length;
}

/**
 * Checks the shape of a room notification's sealed content `data.enc`: an E2EE v2 envelope
 * `{e2ee: 2, s, n, ct}` (§6.1). The gateway has no room key: it never opens it, only refuses what
 * no device could open.
 */
function checkEnvelope(enc: unknown): void {
  if (!isObject(enc)) fail("data.enc", "must be an E2EE v2 envelope {e2ee, s, n, ct}");
  if (enc.e2ee !== 2) fail("data.enc.e2ee", "must be 2");
  if (base64Bytes(enc.s, "data.enc.s") !== 16) fail("data.enc.s", "must be base64 of 16 bytes");
  if (typeof enc.n !== "number" || !Number.isSafeInteger(enc.n) || enc.n < 0)
    fail("data.enc.n", "must be a whole number ≥ 0");
  if (base64Bytes(enc.ct, "data.enc.ct") < 16) fail("data.enc.ct", "must hold at least the 16-byte tag");
}

/** Validates a notify body field by field; the first violation is a 400 naming its field. */
export function parseNotification(body: Record<string, unknown>): Notification {
  const notification: Notification = {
    title: text(body.title, "title", 1, 256),
    body: text(body.body, "body", 1, 256),
    notifId:
      body.notifId === undefined || body.notifId === null
        ? `n${randomBytes(4).toString("hex")}`
        : text(body.notifId, "notifId", 1, 64),
  };
  const subtitle = optionalText(body.subtitle, "subtitle", 256);
  if (subtitle !== undefined) notification.subtitle = subtitle;
  if (body.sound !== undefined && body.sound !== null) {
    if (typeof body.sound !== "string" || !SOUND_PATTERN.test(body.sound))
      fail("sound", "must be default, none or a bundled sound's name");
    notification.sound = body.sound;
  }
  if (body.channel !== undefined && body.channel !== null) {
    if (typeof body.channel !== "string" || !CHANNEL_PATTERN.test(body.channel))
      fail("channel", "must be a channel name (letters, digits, _ and -, at most 64)");
    notification.channel = body.channel;
  }
  const threadId = optionalText(body.threadId, "threadId", 128);
  if (threadId !== undefined) notification.threadId = threadId;
  if (body.interruption !== undefined && body.interruption !== null) {
    if (body.interruption === "critical") fail("interruption", "critical is not allowed");
    if (
      body.interruption !== "passive" &&
      body.interruption !== "active" &&
      body.interruption !== "time-sensitive"
    )
      fail("interruption", "must be passive, active or time-sensitive");
    notification.interruption = body.interruption;
  }
  if (body.relevance !== undefined && body.relevance !== null) {
    if (typeof body.relevance !== "number" || !(body.relevance >= 0 && body.relevance <= 1))
      fail("relevance", "must be a number from 0 to 1");
    notification.relevance = body.relevance;
  }
  const imageURL = url(body.imageURL, "imageURL");
  if (imageURL !== undefined) notification.imageURL = imageURL;
  if (body.sender !== undefined && body.sender !== null) {
    if (!isObject(body.sender)) fail("sender", "must be an object {name, avatarURL?}");
    const sender: { name: string; avatarURL?: string } = {
      name: text(body.sender.name, "sender.name", 1, 64),
    };
    const avatarURL = url(body.sender.avatarURL, "sender.avatarURL");
    if (avatarURL !== undefined) sender.avatarURL = avatarURL;
    notification.sender = sender;
  }
  if (body.actions !== undefined && body.actions !== null) {
    if (!Array.isArray(body.actions)) fail("actions", "must be an array");
    if (body.actions.length > 4) fail("actions", "at most 4 actions");
    notification.actions = body.actions.map((action: unknown, index) => {
      const field = `actions[${index}]`;
      if (!isObject(action)) fail(field, "must be an object {id, title, destructive?}");
      const parsed: { id: string; title: string; destructive?: boolean } = {
        id: text(action.id, `${field}.id`, 1, 64),
        title: text(action.title, `${field}.title`, 1, 48),
      };
      if (action.destructive !== undefined) {
        if (typeof action.destructive !== "boolean") fail(`${field}.destructive`, "must be true or false");
        parsed.destructive = action.destructive;
      }
      return parsed;
    });
    const ids = new Set(notification.actions.map((action) => action.id));
    if (ids.size !== notification.actions.length) fail("actions", "action ids must be unique");
  }
  const category = optionalText(body.category, "category", 64);
  if (category !== undefined) notification.category = category;
  if (body.badge !== undefined && body.badge !== null) {
    if (typeof body.badge !== "number" || !Number.isSafeInteger(body.badge) || body.badge < 0)
      fail("badge", "must be a whole number ≥ 0");
    notification.badge = body.badge;
  }
  if (body.data !== undefined && body.data !== null) {
    if (!isObject(body.data)) fail("data", "must be an object");
    if (Buffer.byteLength(JSON.stringify(body.data)) > MAX_DATA_BYTES)
      fail("data", `must be at most ${MAX_DATA_BYTES} bytes of JSON`);
    notification.data = body.data;
    if (body.data.enc !== undefined) {
      checkEnvelope(body.data.enc);
      for (const field of SEALED_FIELDS)
        if (notification[field] !== undefined)
          fail(field, "must be sealed in data.enc, not sent beside it (a room notification)");
    }
  }
  return notification;
}
