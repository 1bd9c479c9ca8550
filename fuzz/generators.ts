/**
 * What a hostile client can throw at a relay, as fast-check arbitraries. Shared by the fuzz tests
 * in `npm test` (`fuzz/relay.fuzz.test.ts`) and the long run (`npm run fuzz`, `fuzz/run.ts`).
 *
 * Frames are built as JSON *text*, field by field, so a field can hold what `JSON.stringify` could
 * never write: nesting 100,000 levels deep, duplicate keys, truncated text.
 */
import fc from "fast-check";

/** Every verb the relay acts on, the ones clients use among themselves, and the relay's own frames. */
export const VERBS = [
  "identify",
  "broadcast_request",
  "route_msg",
  "route_msg_noreply",
  "get_nodes",
  "ping",
  "node_status",
  "service_log",
  "iCloud_data_Broadcast",
  "place_visit_Broadcast",
  "request_prediction",
  "prediction_result",
  "welcome",
  "broadcast",
  "server_client_list",
  "handshake",
  "status_request",
] as const;

/** Keys the relay reads inside payloads (identify and route_msg), to be filled with every wrong type. */
const PAYLOAD_KEYS = [
  "name",
  "channel",
  "role",
  "auth_token",
  "token",
  "can_broadcast",
  "can_route",
  "can_monitor",
  "can_cross_channel_route",
  "broadcast_scope",
  "target_id",
  "target_name",
  "type",
  "payload",
  "msg_type",
] as const;

/** Names shared by every generated client, so identifies race for them and evict each other. */
export const RACED_NAMES = ["racer-a", "racer-b", "racer-c"] as const;

export interface GeneratorLimits {
  /** Deepest generated nesting, in levels (deep frames cost the sender time and bytes). */
  maxDeepLevels: number;
  /** Size of the generated over-limit frames, in bytes (the relay's default limit is 256 KiB). */
  oversizeBytes: number;
  /** One message in this many is over the size limit. */
  oversizeOdds: number;
}

export const DEFAULT_LIMITS: GeneratorLimits = {
  maxDeepLevels: 120_000,
  oversizeBytes: 262_145,
  oversizeOdds: 20,
};

/** One WebSocket message from a client that speaks WebSocket correctly. */
export type Message = { binary: false; data: string } | { binary: true; data: Uint8Array };

/** A client socket: maybe an identify first, then messages, then how it leaves. */
export interface HostileClient {
  /** JSON text of the identify frame sent first, or null to never identify. */
  identify: string | null;
  messages: Message[];
  leave: "close" | "terminate" | "linger";
}

/** A raw TCP client: a valid handshake, then bytes that may be any WebSocket framing at all. */
export interface RawClient {
  /** Written in this many pieces, so the relay's frame parser sees every split. */
  chunks: Uint8Array[];
  leave: "end" | "destroy";
}

export interface Batch {
  clients: HostileClient[];
  raw: RawClient[];
}

/** Nesting `levels` deep, as text: arrays, objects, or both alternating, with junk at the bottom. */
function deepText(levels: number, style: "array" | "object" | "mixed"): string {
  if (style === "array") return "[".repeat(levels) + "]".repeat(levels);
  if (style === "object") return '{"a":'.repeat(levels) + "null" + "}".repeat(levels);
  const pairs = Math.ceil(levels / 2);
  return '[{"x":'.repeat(pairs) + "1" + "}]".repeat(pairs);
}

export function deepJson(limits: GeneratorLimits): fc.Arbitrary<string> {
  const style = fc.constantFrom("array", "object", "mixed") as fc.Arbitrary<"array" | "object" | "mixed">;
  // Around the relay's limit of 128 (where off-by-one bugs live), or far past what any recursive
  // code survives (log-uniform from 1,000 to the maximum).
  const levels = fc.oneof(
    fc.integer({ min: 100, max: 160 }),
    fc
      .double({ min: 3, max: Math.log10(limits.maxDeepLevels), noNaN: true })
      .map((exponent) => Math.round(10 ** exponent)),
  );
  return fc.tuple(levels, style).map(([depth, shape]) => deepText(depth, shape));
}

/** Any JSON value as text: ordinary values of every type, or deeply nested ones. */
export function anyJson(limits: GeneratorLimits): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
    { weight: 3, arbitrary: deepJson(limits) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '""',
        "null",
        "true",
        "0",
        "-0",
        "1e308",
        "1e999",
        "[]",
        "{}",
        '"\\ud800"',
        '"__proto__"',
        '{"__proto__":{"polluted":1}}',
        '{"constructor":{"prototype":{"polluted":1}}}',
      ),
    },
  );
}

/** An object as JSON text whose members are drawn from `keys` (or any key), with values of any type. */
function objectText(keys: fc.Arbitrary<string>, value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(keys, value), { maxLength: 6 })
    .map((members) => `{${members.map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(",")}}`);
}

function payloadText(limits: GeneratorLimits): fc.Arbitrary<string> {
  const keys = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PAYLOAD_KEYS) },
    fc.string({ maxLength: 8 }),
  );
  const value = fc.oneof(
    { weight: 3, arbitrary: anyJson(limits) },
    fc.constantFrom(...RACED_NAMES, ...VERBS, "global", "channel", "default").map((s) => JSON.stringify(s)),
  );
  return fc.oneof({ weight: 3, arbitrary: objectText(keys, value) }, anyJson(limits));
}

/** A frame object as text: every field present or not, of the right type or any other. */
export function frameText(limits: GeneratorLimits): fc.Arbitrary<string> {
  const type = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...VERBS).map((verb) => JSON.stringify(verb)) },
    { weight: 2, arbitrary: anyJson(limits) },
  );
  const optional = (value: fc.Arbitrary<string>) => fc.option(value, { nil: undefined, freq: 4 });
  return fc
    .record({
      id: optional(
        fc.oneof({ weight: 3, arbitrary: fc.uuid().map((u) => JSON.stringify(u)) }, anyJson(limits)),
      ),
      type: optional(type),
      payload: optional(payloadText(limits)),
      replyTo: optional(
        fc.oneof(
          { weight: 3, arbitrary: fc.constant("null") },
          fc.uuid().map((u) => JSON.stringify(u)),
          anyJson(limits),
        ),
      ),
      extra: fc.option(fc.tuple(fc.string({ maxLength: 6 }), anyJson(limits)), { nil: undefined, freq: 4 }),
    })
    .map(({ id, type, payload, replyTo, extra }) => {
      const members: string[] = [];
      if (id !== undefined) members.push(`"id":${id}`);
      if (type !== undefined) members.push(`"type":${type}`);
      if (payload !== undefined) members.push(`"payload":${payload}`);
      if (replyTo !== undefined) members.push(`"reply_to":${replyTo}`);
      if (extra !== undefined) members.push(`${JSON.stringify(extra[0])}:${extra[1]}`);
      return `{${members.join(",")}}`;
    });
}

/** One WebSocket message: a frame, a broken frame, any text, any bytes, or one past the size limit. */
export function message(limits: GeneratorLimits): fc.Arbitrary<Message> {
  const text = (data: fc.Arbitrary<string>) => data.map((d): Message => ({ binary: false, data: d }));
  const bytes = (data: fc.Arbitrary<Uint8Array>) => data.map((d): Message => ({ binary: true, data: d }));
  const frame = frameText(limits);
  const wellSized = fc.oneof(
    { weight: 12, arbitrary: text(frame) },
    { weight: 2, arbitrary: bytes(frame.map((f) => new TextEncoder().encode(f))) },
    {
      weight: 2,
      arbitrary: text(fc.tuple(frame, fc.nat()).map(([f, cut]) => f.slice(0, cut % (f.length + 1)))),
    },
    { weight: 1, arbitrary: text(anyJson(limits)) },
    { weight: 1, arbitrary: text(fc.string({ unit: "binary", maxLength: 64 })) },
    { weight: 1, arbitrary: bytes(fc.uint8Array({ maxLength: 256 })) },
    {
      weight: 1,
      // Not UTF-8: lone continuation bytes, truncated sequences, overlong forms, surrogates.
      arbitrary: bytes(
        fc
          .tuple(
            frame,
            fc.constantFrom(
              [0x80],
              [0xc0, 0xaf],
              [0xe2, 0x82],
              [0xed, 0xa0, 0x80],
              [0xff],
              [0xf8, 0x88, 0x80, 0x80, 0x80],
            ),
          )
          .map(([f, bad]) => {
            const good = new TextEncoder().encode(f);
            const out = new Uint8Array(good.length + bad.length);
            out.set(good.subarray(0, good.length >> 1));
            out.set(bad, good.length >> 1);
            out.set(good.subarray(good.length >> 1), (good.length >> 1) + bad.length);
            return out;
          }),
      ),
    },
  );
  const oversize = text(
    fc
      .constant(null)
      .map(() => `{"type":"broadcast_request","payload":"${"x".repeat(limits.oversizeBytes)}"}`),
  );
  return fc.oneof(
    { weight: limits.oversizeOdds - 1, arbitrary: wellSized },
    { weight: 1, arbitrary: oversize },
  );
}

export function identifyText(limits: GeneratorLimits): fc.Arbitrary<string> {
  const wellFormed = fc
    .record({
      name: fc.option(
        fc.oneof(fc.constantFrom(...RACED_NAMES), fc.constantFrom("", "bad name", "4410027.x")),
        {
          nil: undefined,
        },
      ),
      channel: fc.option(fc.constantFrom("default", "other", ""), { nil: undefined }),
      role: fc.option(fc.constantFrom("node", "dashboard", "hub", "browser", "mobile"), { nil: undefined }),
      can_broadcast: fc.option(fc.constantFrom(true, false, "yes", "0"), { nil: undefined }),
      can_route: fc.option(fc.boolean(), { nil: undefined }),
      can_monitor: fc.option(fc.boolean(), { nil: undefined }),
      can_cross_channel_route: fc.option(fc.boolean(), { nil: undefined }),
      broadcast_scope: fc.option(fc.constantFrom("global", "channel"), { nil: undefined }),
    })
    .map((payload) => JSON.stringify({ id: "identify", type: "identify", payload, reply_to: null }));
  return fc.oneof(
    { weight: 4, arbitrary: wellFormed },
    frameText(limits).map((f) => f.replace(/^\{/, '{"type":"identify",')),
  );
}

export function hostileClient(limits: GeneratorLimits, maxMessages = 24): fc.Arbitrary<HostileClient> {
  return fc.record({
    identify: fc.option(identifyText(limits), { nil: null, freq: 6 }),
    messages: fc.array(message(limits), { maxLength: maxMessages, size: "max" }),
    leave: fc.constantFrom("close", "terminate", "linger") as fc.Arbitrary<HostileClient["leave"]>,
  });
}

/** A masked client frame with every header field chosen freely (RFC 6455 §5.2). */
function rawFrame(): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      fin: fc.boolean(),
      rsv: fc.integer({ min: 0, max: 7 }),
      opcode: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(0x0, 0x1, 0x2, 0x8, 0x9, 0xa) },
        fc.integer({ min: 0, max: 15 }),
      ),
      masked: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, fc.constant(false)),
      payload: fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ maxLength: 100 }).map((s) => new TextEncoder().encode(s)),
      ),
      // The declared length may lie in either direction, or claim up to 2^63.
      declared: fc.oneof(
        { weight: 6, arbitrary: fc.constant<number | bigint | null>(null) },
        fc.integer({ min: 0, max: 70_000 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      ),
    })
    .map(({ fin, rsv, opcode, masked, payload, declared }) => {
      const length = declared ?? payload.length;
      const big = BigInt(length);
      const form = big < 126n ? 0 : big < 65_536n ? 2 : 8;
      const header = [((fin ? 0x80 : 0) | (rsv << 4) | opcode) & 0xff];
      const lengthByte = form === 0 ? Number(big) : form === 2 ? 126 : 127;
      header.push((masked ? 0x80 : 0) | lengthByte);
      for (let i = form - 1; i >= 0; i--) header.push(Number((big >> BigInt(8 * i)) & 0xffn));
      const mask = [0x37, 0xfa, 0x21, 0x3d];
      if (masked) header.push(...mask);
      const body = masked ? payload.map((byte, i) => byte ^ mask[i % 4]) : payload;
      const out = new Uint8Array(header.length + body.length);
      out.set(header);
      out.set(body, header.length);
      return out;
    });
}

export function rawClient(): fc.Arbitrary<RawClient> {
  const stream: fc.Arbitrary<Uint8Array[]> = fc.oneof(
    { weight: 4, arbitrary: fc.array(rawFrame(), { minLength: 1, maxLength: 8 }) },
    fc.array(fc.uint8Array({ minLength: 1, maxLength: 64 }), { minLength: 1, maxLength: 4 }),
  );
  return fc
    .record({
      pieces: stream,
      splits: fc.array(fc.nat(), { maxLength: 4 }),
      leave: fc.constantFrom("end", "destroy"),
    })
    .map(({ pieces, splits, leave }) => {
      const bytes = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
      let at = 0;
      for (const piece of pieces) {
        bytes.set(piece, at);
        at += piece.length;
      }
      const cuts = [...new Set(splits.map((s) => s % (bytes.length + 1)))].sort((a, b) => a - b);
      const chunks: Uint8Array[] = [];
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        if (cut > from) chunks.push(bytes.subarray(from, cut));
        from = cut;
      }
      return { chunks, leave: leave as RawClient["leave"] };
    });
}

export function batch(limits: GeneratorLimits, size: { clients: number; raw: number; messages?: number }) {
  return fc.record({
    clients: fc.array(hostileClient(limits, size.messages), { minLength: 1, maxLength: size.clients }),
    raw: fc.array(rawClient(), { maxLength: size.raw }),
  });
}

/** Messages a batch sends (raw clients count one per chunk). */
export function framesIn(b: Batch): number {
  let frames = 0;
  for (const client of b.clients) frames += client.messages.length + (client.identify === null ? 0 : 1);
  for (const raw of b.raw) frames += raw.chunks.length;
  return frames;
}
