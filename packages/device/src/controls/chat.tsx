import { useEffect, useRef, useState } from "preact/hooks";
import { newId } from "@carter/protocol";
import { cssColor } from "./color.js";
import { bool, config, rootProps, str } from "./fields.js";
import { scrollToEnd } from "./scroll-end.js";
import type { ChatEntry } from "../engine/receivers.js";
import type { ControlProps } from "./types.js";

/** How long the companion's typing bubble waits for its reply before giving up. */
const TYPING_TIMEOUT_MS = 30_000;

/**
 * A message window: channel mode broadcasts `chat_message` frames to everyone on the channel;
 * companion mode (`config.target`) routes the text to one peer and shows its `chat_response`s.
 * Incoming frames reach the history through the engine; sent ones are added here at once.
 *
 * No frame carries typing or read state (layout.md §13.1, session-protocol §4.8), so both
 * indicators show what the history itself proves: in companion mode the target is "typing"
 * from a sent message until its reply lands (or 30 s pass); the last message this device sent
 * reads "Sent" until anyone else's message follows it, then "Read".
 */
export function Chat({ def, ctx }: ControlProps) {
  const cfg = config(def, "config");
  const target = str(cfg.target);
  const history = Array.isArray(ctx.value.value) ? (ctx.value.value as ChatEntry[]) : [];
  const [draft, setDraft] = useState("");
  const [replyTo, setReplyTo] = useState<ChatEntry | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const allowReplies = bool(cfg.allowReplies, true) && target === "";
  const lastOwn = history.findLastIndex((m) => m.own === true);
  const readAfter = lastOwn >= 0 && history.slice(lastOwn + 1).some((m) => m.own !== true);
  const awaitingReply = target !== "" && lastOwn >= 0 && lastOwn === history.length - 1;
  const lastOwnId = lastOwn >= 0 ? history[lastOwn]!.id : undefined;
  const [typingFor, setTypingFor] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!awaitingReply || !bool(cfg.showTypingIndicators, true)) {
      setTypingFor(undefined);
      return;
    }
    setTypingFor(lastOwnId);
    const timer = setTimeout(() => setTypingFor(undefined), TYPING_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [awaitingReply, lastOwnId, cfg.showTypingIndicators]);
  const typing = awaitingReply && typingFor !== undefined && typingFor === lastOwnId;
  const receipts = bool(cfg.showReadReceipts, true);
  useEffect(() => {
    const el = list.current;
    if (el) scrollToEnd(el);
  }, [history.length]);
  const send = () => {
    const text = draft.trim();
    if (text === "" || !ctx.send) return;
    const me = ctx.identity?.() ?? { name: "web device", role: "controller" };
    const timestamp = new Date().toISOString();
    const id = newId();
    if (target) {
      ctx.send("route_msg_noreply", { target_name: target, type: "chat_message", payload: { text } });
    } else {
      const frame: Record<string, unknown> = {
        msg_type: "chat_message",
        id,
        text,
        sender: { name: me.name, role: me.role },
        timestamp,
      };
      if (replyTo) frame.replyToId = replyTo.id;
      ctx.send("broadcast_request", frame);
    }
    const own: ChatEntry = { id, text, name: me.name, role: me.role, timestamp, own: true };
    if (replyTo && !target) own.replyToId = replyTo.id;
    ctx.commit([...history, own], { fire: false });
    setDraft("");
    setReplyTo(null);
  };
  const byId = new Map(history.map((m) => [m.id, m]));
  return (
    <div {...rootProps(def, ctx, cssColor(cfg.tint, ""), `cc-chat--${target ? "companion" : "channel"}`)}>
      {bool(cfg.allowClear, true) && history.length > 0 ? (
        <button type="button" class="cc-chat-clear" onClick={() => ctx.commit([], { fire: false })}>
          Clear
        </button>
      ) : null}
      <ol ref={list} class="cc-chat-history" aria-live="polite">
        {history.length === 0 ? (
          <li class="cc-placeholder">{target ? `Say hello to ${target}` : "No messages yet"}</li>
        ) : null}
        {history.map((m, i) => {
          const quoted = m.replyToId ? byId.get(m.replyToId) : undefined;
          return (
            <li
              key={m.id}
              class={`cc-chat-message${m.own ? " is-own" : ""}`}
              data-message={m.id}
              onClick={allowReplies ? () => setReplyTo(m) : undefined}
            >
              {m.own ? null : <span class="cc-chat-name">{m.name}</span>}
              {quoted ? <span class="cc-chat-quote">{quoted.text}</span> : null}
              <span class="cc-chat-text">{m.text}</span>
              <time class="cc-chat-time" dateTime={m.timestamp}>
                {formatTime(m.timestamp)}
              </time>
              {receipts && i === lastOwn ? (
                <span class="cc-chat-receipt" data-receipt={readAfter ? "read" : "sent"}>
                  {readAfter ? "Read" : "Sent"}
                </span>
              ) : null}
            </li>
          );
        })}
        {typing ? (
          <li class="cc-chat-typing" aria-label={`${target} is typing`}>
            <span class="cc-chat-name">{target}</span>
            <span class="cc-chat-dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
          </li>
        ) : null}
      </ol>
      {replyTo ? (
        <div class="cc-chat-replying">
          <span>{`Replying to ${replyTo.name}: ${replyTo.text}`}</span>
          <button type="button" aria-label="Cancel reply" onClick={() => setReplyTo(null)}>
            ×
          </button>
        </div>
      ) : null}
      <form
        class="cc-chat-composer"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <input
          class="cc-chat-input"
          type="text"
          placeholder={target ? `Message ${target}` : "Message"}
          value={draft}
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="cc-chat-send" disabled={draft.trim() === ""}>
          Send
        </button>
      </form>
    </div>
  );
}

const TIME = new Intl.DateTimeFormat([], { hour: "2-digit", minute: "2-digit" });
/** Formatted times by ISO string: a busy chat re-renders its history often, and formatting is not cheap. */
const times = new Map<string, string>();

function formatTime(iso: string): string {
  let text = times.get(iso);
  if (text === undefined) {
    const date = new Date(iso);
    text = Number.isNaN(date.getTime()) ? "" : TIME.format(date);
    if (times.size >= 1000) times.clear();
    times.set(iso, text);
  }
  return text;
}
