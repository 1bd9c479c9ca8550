import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { decodeBase64, encodeBase64 } from "./e2ee-base64.js";
import { ReplayWindow } from "./e2ee-replay.js";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "./json.js";

/**
 * E2EE v2 (session-protocol §6), byte-compatible with the CAR-TER app and carterkit:
 * ChaCha20-Poly1305 (IETF, empty AAD) under a key derived per sender session with
 * HKDF-SHA256(IKM = shared key, salt = the sender's 16-byte session salt, info = label).
 */

/** `room`: everyone seals and opens `grp v2`. `app`: seal `c2d v2`, open `d2c v2`. `hub`: the reverse. */
export type E2eeMode = "room" | "app" | "hub";

/** The sealed form that replaces a payload on the wire. */
export interface Envelope {
  e2ee: 2;
  /** The sender's session salt, base64 of 16 bytes. */
  s: string;
  /** The sender's seal counter, from 0. */
  n: number;
  /** base64 of ciphertext ‖ 16-byte Poly1305 tag. */
  ct: string;
}

export type E2eeErrorCode =
  | "bad_key"
  | "bad_config"
  | "malformed"
  | "replayed"
  | "undecryptable"
  | "bad_plaintext"
  | "own_echo"
  | "unsealable"
  | "counter_exhausted";

export class E2eeError extends Error {
  override readonly name = "E2eeError";
  constructor(
    readonly code: E2eeErrorCode,
    message: string,
    /** The envelope field at fault, for `malformed`. */
    readonly field?: "e2ee" | "s" | "n" | "ct",
  ) {
    super(message);
  }
}

export interface E2eeSession {
  readonly mode: E2eeMode;
  /** This session's seal salt (base64); a new session per connection gets a new one. */
  readonly salt: string;
  /** Seals a JSON-serializable payload; each call uses the next counter. */
  seal(payload: unknown): Envelope;
  /** Validates, authenticates and decrypts an envelope; throws a typed `E2eeError` on any failure. */
  open(envelope: unknown): unknown;
}

export interface E2eeOptions {
  /** Fixed 16-byte seal salt, for test vectors only: reusing a salt with the same key reuses nonces. */
  salt?: Uint8Array;
  /** Replay window per sender session, in counters (a multiple of 32). Default 1024. */
  replayWindow?: number;
  /** Sender sessions remembered (derived key + replay window), least recently used evicted. Default 1024. */
  maxSenders?: number;
}

export const E2EE_KEY_BYTES = 32;
export const E2EE_SALT_BYTES = 16;
export const DEFAULT_REPLAY_WINDOW = 1024;
const DEFAULT_MAX_SENDERS = 1024;
const TAG_BYTES = 16;

const LABELS: Record<E2eeMode, { seal: string; open: string }> = {
  room: { seal: "grp v2", open: "grp v2" },
  app: { seal: "c2d v2", open: "d2c v2" },
  hub: { seal: "d2c v2", open: "c2d v2" },
};

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** "Is envelope" per §6.1: an object whose `e2ee` is 2. Whether it is well-formed is `open`'s job. */
export function isEnvelope(value: unknown): value is { e2ee: 2 } {
  return typeof value === "object" && value !== null && (value as { e2ee?: unknown }).e2ee === 2;
}

/** Decodes an `e2eeKey`/`k` value: strict base64 of exactly 32 bytes. */
export function decodeE2eeKey(key: string): Uint8Array {
  const bytes = typeof key === "string" ? decodeBase64(key) : null;
  if (bytes === null || bytes.length !== E2EE_KEY_BYTES) {
    throw new E2eeError("bad_key", "e2ee key must be standard padded base64 of exactly 32 bytes");
  }
  return bytes;
}

function deriveKey(secret: Uint8Array, salt: Uint8Array, label: string): Uint8Array {
  return hkdf(sha256, secret, salt, utf8Encoder.encode(label), 32);
}

function counterNonce(n: number): Uint8Array {
  const nonce = new Uint8Array(12);
  const view = new DataView(nonce.buffer);
  view.setUint32(4, Math.floor(n / 0x1_0000_0000));
  view.setUint32(8, n >>> 0);
  return nonce;
}

const NON_ASCII = /[\u007f-\uffff]/g;

/**
 * Compact JSON as the Python reference writes it (`separators=(",", ":")`, `ensure_ascii`), so the
 * plaintext bytes (and therefore `ct`) match carterkit's for the same input.
 */
function compactJson(payload: unknown): string {
  const json = JSON.stringify(payload === undefined ? null : payload);
  if (json === undefined) throw new E2eeError("unsealable", "payload is not JSON-serializable");
  NON_ASCII.lastIndex = 0;
  if (!NON_ASCII.test(json)) return json;
  return json.replace(NON_ASCII, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

interface SenderState {
  key: Uint8Array;
  window: ReplayWindow;
}

function malformed(field: E2eeError["field"], why: string): E2eeError {
  return new E2eeError("malformed", `e2ee envelope: ${field} ${why}`, field);
}

class Session implements E2eeSession {
  readonly salt: string;
  private readonly sealKey: Uint8Array;
  private readonly openLabel: string;
  private counter = 0;
  private readonly senders = new Map<string, SenderState>();

  constructor(
    private readonly secret: Uint8Array,
    readonly mode: E2eeMode,
    saltBytes: Uint8Array,
    private readonly windowSize: number,
    private readonly maxSenders: number,
  ) {
    this.salt = encodeBase64(saltBytes);
    this.sealKey = deriveKey(secret, saltBytes, LABELS[mode].seal);
    this.openLabel = LABELS[mode].open;
  }

  seal(payload: unknown): Envelope {
    const n = this.counter;
    if (n >= Number.MAX_SAFE_INTEGER) {
      throw new E2eeError("counter_exhausted", "e2ee session counter exhausted; start a new session");
    }
    const plaintext = utf8Encoder.encode(compactJson(payload));
    const ct = chacha20poly1305(this.sealKey, counterNonce(n)).encrypt(plaintext);
    this.counter = n + 1;
    return { e2ee: 2, s: this.salt, n, ct: encodeBase64(ct) };
  }

  open(envelope: unknown): unknown {
    if (typeof envelope !== "object" || envelope === null || Array.isArray(envelope)) {
      throw malformed("e2ee", "envelope must be an object");
    }
    const { e2ee, s, n, ct } = envelope as Record<string, unknown>;
    if (e2ee !== 2) throw malformed("e2ee", "must be 2");
    if (typeof s !== "string") throw malformed("s", "must be a base64 string");
    if (typeof ct !== "string") throw malformed("ct", "must be a base64 string");
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
      throw malformed("n", "must be an integer in 0…2^53−1");
    }
    if (this.mode !== "room" && s === this.salt) {
      throw new E2eeError("own_echo", "envelope is this session's own (echoed) seal");
    }

    let sender = this.senders.get(s);
    let key: Uint8Array;
    if (sender) {
      key = sender.key;
      if (!sender.window.check(n)) {
        throw new E2eeError("replayed", `e2ee envelope counter ${n} already seen or below the replay window`);
      }
    } else {
      const saltBytes = decodeBase64(s);
      if (saltBytes === null || saltBytes.length !== E2EE_SALT_BYTES) {
        throw malformed("s", "must be base64 of 16 bytes");
      }
      key = deriveKey(this.secret, saltBytes, this.openLabel);
    }
    const sealed = decodeBase64(ct);
    if (sealed === null || sealed.length < TAG_BYTES)
      throw malformed("ct", "must be base64 of ciphertext and tag");

    let plaintext: Uint8Array;
    try {
      plaintext = chacha20poly1305(key, counterNonce(n)).decrypt(sealed);
    } catch {
      throw new E2eeError(
        "undecryptable",
        "e2ee envelope failed authentication (wrong key, label or tampering)",
      );
    }

    // Only authenticated envelopes may create sender state, so forged salts cannot evict real senders.
    if (sender) {
      this.senders.delete(s);
    } else {
      sender = { key, window: new ReplayWindow(this.windowSize) };
      if (this.senders.size >= this.maxSenders) {
        const oldest = this.senders.keys().next().value as string;
        this.senders.delete(oldest);
      }
    }
    this.senders.set(s, sender);
    sender.window.accept(n);

    let text: string;
    try {
      text = utf8Decoder.decode(plaintext);
    } catch {
      throw new E2eeError("bad_plaintext", "e2ee plaintext is not UTF-8 JSON");
    }
    // The same bound as a frame's: an opened payload goes to the same recursive consumers.
    if (exceedsJsonDepth(text)) {
      throw new E2eeError("bad_plaintext", `e2ee plaintext nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new E2eeError("bad_plaintext", "e2ee plaintext is not UTF-8 JSON");
    }
  }
}

/** Starts an E2EE session: a fresh random seal salt (unless fixed for tests) and counter 0. */
export function createE2ee(key: string | Uint8Array, mode: E2eeMode, options: E2eeOptions = {}): E2eeSession {
  if (!(mode in LABELS))
    throw new E2eeError("bad_config", `e2ee mode must be room, app or hub, got ${String(mode)}`);
  const secret = typeof key === "string" ? decodeE2eeKey(key) : key;
  if (!(secret instanceof Uint8Array) || secret.length !== E2EE_KEY_BYTES) {
    throw new E2eeError("bad_key", "e2ee key must be exactly 32 bytes");
  }
  let salt = options.salt;
  if (salt === undefined) {
    salt = new Uint8Array(E2EE_SALT_BYTES);
    globalThis.crypto.getRandomValues(salt);
  } else if (salt.length !== E2EE_SALT_BYTES) {
    throw new E2eeError("bad_config", "e2ee session salt must be 16 bytes");
  }
  return new Session(
    secret,
    mode,
    salt,
    options.replayWindow ?? DEFAULT_REPLAY_WINDOW,
    options.maxSenders ?? DEFAULT_MAX_SENDERS,
  );
}
