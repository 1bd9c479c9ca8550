import { isEnvelope, isJsonObject, ServerFrame, type InboundFrame, type JsonObject } from "@carter/protocol";

/** The `msg_type` of a notification broadcast (the gateway's delivery, session-protocol §7). */
const NOTIFICATION = "notification";
/** What a room hub seals into `data.enc`; the clear title/body are placeholders (§7). */
const CONTENT_FIELDS = ["title", "body", "subtitle", "imageURL", "sender"] as const;

/**
 * A room-sealed notification: a clear `notification` broadcast (delivery hints and placeholders,
 * as the gateway sends it) whose content is an E2EE envelope in `data.enc`. Its content is
 * sealed, so it is not a plaintext app frame.
 */
export function isSealedNotification(frame: InboundFrame): boolean {
  const payload = frame.payload;
  return (
    frame.reply_to === null &&
    frame.type === ServerFrame.BROADCAST &&
    isJsonObject(payload) &&
    payload.msg_type === NOTIFICATION &&
    isJsonObject(payload.data) &&
    isEnvelope(payload.data.enc)
  );
}

/**
 * The notification with its sealed content opened in place of the placeholders, `enc` removed
 * from `data`. Throws what `open` throws (wrong key, tampering, replay) and when the opened
 * content is not an object with string `title` and `body`.
 */
export function openSealedNotification(
  payload: JsonObject,
  open: (envelope: unknown) => unknown,
): JsonObject {
  const { enc, ...data } = payload.data as JsonObject;
  const content = open(enc);
  if (!isJsonObject(content) || typeof content.title !== "string" || typeof content.body !== "string")
    throw new TypeError("sealed notification content must be an object with title and body strings");
  const opened: JsonObject = { ...payload };
  for (const field of CONTENT_FIELDS) {
    delete opened[field];
    if (content[field] !== undefined) opened[field] = content[field];
  }
  if (Object.keys(data).length > 0) opened.data = data;
  else delete opened.data;
  return opened;
}
