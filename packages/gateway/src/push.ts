import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import webpush from "web-push";
import { HttpError } from "./http.js";
import type { GatewayStore, PushSubscriptionRecord } from "./store/store.js";

/** A browser's `PushSubscription.toJSON()`, validated. */
export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** What one push attempt came to: accepted, gone for good (remove it), or failed this time. */
export type PushOutcome = "sent" | "stale" | "failed";

export interface PushOptions {
  /** VAPID `sub`: a `mailto:` or `https:` URL push services can reach the operator at. */
  subject: string;
  /** Extra PEM certificates to trust for push services (a private push service, tests). */
  extraCa?: string;
  /** How long a push service keeps an undelivered message. Default 24 h. */
  ttlSeconds?: number;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
}

/** The setting that holds the VAPID key pair every gateway process signs with. */
const VAPID_SETTING = "vapid";
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
/** Push services take up to 4096 bytes of record; the encrypted record adds 103 bytes of overhead. */
const MAX_PAYLOAD_BYTES = 3993;

function fail(field: string, problem: string): never {
  throw new HttpError(400, `${field}: ${problem}`);
}

function base64UrlBytes(value: unknown, field: string, length: number): string {
  if (typeof value !== "string" || !BASE64URL.test(value)) fail(field, "must be base64url");
  if (Buffer.from(value, "base64url").length !== length) fail(field, `must decode to ${length} bytes`);
  return value;
}

/** Validates a `PushSubscription` as a browser serialises it; 400 naming the field otherwise. */
export function parsePushSubscription(value: unknown): PushSubscriptionJson {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    fail("subscription", "must be the browser's PushSubscription JSON {endpoint, keys}");
  const raw = value as { endpoint?: unknown; keys?: unknown };
  if (typeof raw.endpoint !== "string" || raw.endpoint.length > 1024)
    fail("subscription.endpoint", "must be a URL of at most 1024 characters");
  let endpoint: URL;
  try {
    endpoint = new URL(raw.endpoint);
  } catch {
    fail("subscription.endpoint", "must be an absolute URL");
  }
  if (endpoint.protocol !== "https:") fail("subscription.endpoint", "must be an https URL");
  if (raw.keys === null || typeof raw.keys !== "object")
    fail("subscription.keys", "must be an object {p256dh, auth}");
  const keys = raw.keys as { p256dh?: unknown; auth?: unknown };
  const p256dh = base64UrlBytes(keys.p256dh, "subscription.keys.p256dh", 65);
  if (Buffer.from(p256dh, "base64url")[0] !== 4)
    fail("subscription.keys.p256dh", "must be an uncompressed P-256 point");
  const auth = base64UrlBytes(keys.auth, "subscription.keys.auth", 16);
  return { endpoint: raw.endpoint, keys: { p256dh, auth } };
}

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291), through
 * the `web-push` package. The VAPID key pair lives in the store, so every gateway process signs
 * with the same key and a browser's subscription (bound to that public key) works with all of them.
 */
export class WebPush {
  private constructor(
    readonly publicKey: string,
    private readonly privateKey: string,
    private readonly options: PushOptions,
    private readonly agent: Agent | undefined,
  ) {}

  static async open(store: GatewayStore, options: PushOptions): Promise<WebPush> {
    if (!/^(mailto:|https:\/\/)\S+$/.test(options.subject))
      throw new Error(`push subject must be a mailto: or https:// URL, got "${options.subject}"`);
    const stored = JSON.parse(
      await store.initSetting(VAPID_SETTING, JSON.stringify(webpush.generateVAPIDKeys())),
    ) as { publicKey: string; privateKey: string };
    const agent =
      options.extraCa === undefined
        ? undefined
        : new Agent({ ca: [...rootCertificates, options.extraCa], keepAlive: true });
    return new WebPush(stored.publicKey, stored.privateKey, options, agent);
  }

  /** Sends `payload` (JSON; if too large, trimmed of `data` but a sealed `data.enc`) to one subscription. */
  async send(
    record: PushSubscriptionRecord,
    payload: Record<string, unknown>,
    urgency: "very-low" | "low" | "normal" | "high",
  ): Promise<PushOutcome> {
    let text = JSON.stringify(payload);
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
      const { data, ...rest } = payload;
      const enc = (data as { enc?: unknown } | undefined)?.enc;
      // A room notification's sealed content is what the device shows: other `data` goes first.
      const sealed = enc === undefined ? "" : JSON.stringify({ ...rest, data: { enc }, truncated: true });
      text =
        sealed !== "" && Buffer.byteLength(sealed) <= MAX_PAYLOAD_BYTES
          ? sealed
          : JSON.stringify({ ...rest, truncated: true });
    }
    try {
      await webpush.sendNotification(JSON.parse(record.subscription) as PushSubscriptionJson, text, {
        vapidDetails: {
          subject: this.options.subject,
          publicKey: this.publicKey,
          privateKey: this.privateKey,
        },
        TTL: this.options.ttlSeconds ?? 86_400,
        urgency,
        timeout: this.options.timeoutMs ?? 10_000,
        ...(this.agent !== undefined ? { agent: this.agent } : {}),
      });
      return "sent";
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      // 404/410: the browser unsubscribed or the subscription expired; it will never work again.
      return status === 404 || status === 410 ? "stale" : "failed";
    }
  }

  close(): void {
    this.agent?.destroy();
  }
}
