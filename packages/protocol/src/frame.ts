/** The relay envelope every MeshSocket message travels in, in both directions. */
export interface Frame<P = unknown> {
  id: string;
  type: string;
  payload: P;
  reply_to: string | null;
}

const hex: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * A random RFC 4122 v4 UUID. Uses `crypto.getRandomValues`, which (unlike `crypto.randomUUID`)
 * also exists in browser pages served over plain http on a LAN, where the device often runs.
 */
export function newId(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return (
    hex[b[0]] +
    hex[b[1]] +
    hex[b[2]] +
    hex[b[3]] +
    "-" +
    hex[b[4]] +
    hex[b[5]] +
    "-" +
    hex[b[6]] +
    hex[b[7]] +
    "-" +
    hex[b[8]] +
    hex[b[9]] +
    "-" +
    hex[b[10]] +
    hex[b[11]] +
    hex[b[12]] +
    hex[b[13]] +
    hex[b[14]] +
    hex[b[15]]
  );
}

/** Builds a frame with a fresh id. */
export function makeFrame<P>(type: string, payload: P, replyTo: string | null = null): Frame<P> {
  return { id: newId(), type, payload, reply_to: replyTo };
}

/** Serializes a frame in the canonical key order `{id, type, payload, reply_to}`. */
export function encodeFrame(frame: Frame): string {
  return JSON.stringify({
    id: frame.id,
    type: frame.type,
    payload: frame.payload === undefined ? null : frame.payload,
    reply_to: frame.reply_to ?? null,
  });
}
