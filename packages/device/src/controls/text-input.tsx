import { useEffect, useRef, useState } from "preact/hooks";
import { num, rootProps, str } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

const INPUT_MODES: Record<string, "text" | "url" | "email" | "decimal"> = {
  url: "url",
  email: "email",
  numbers: "decimal",
  ascii: "text",
  default: "text",
};

/**
 * Free text, committed on submit: Enter in single-line styles, Enter (Shift+Enter = newline) in
 * `multiline`, the Send button in `sendButton` composer mode (where Enter is a newline).
 */
export function TextInput({ def, ctx }: ControlProps) {
  const synced = ctx.value.value ?? def.defaultValue;
  const syncedText = synced === undefined || synced === null ? "" : String(synced);
  const [draft, setDraft] = useState(syncedText);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(syncedText);
  }, [syncedText]);
  const composer = def.sendButton === true;
  const multiline = composer || def.style === "multiline";
  const submit = () => {
    ctx.commit(draft);
    if (def.clearOnSubmit === true) setDraft("");
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Enter" || event.isComposing) return;
    if (composer || (multiline && event.shiftKey)) return;
    event.preventDefault();
    submit();
  };
  const common = {
    class: "cc-text-field",
    value: draft,
    placeholder: str(def.placeholder),
    "aria-label": str(def.label, def.id),
    spellcheck: def.autocorrect === true,
    autocorrect: def.autocorrect === true ? "on" : "off",
    autocapitalize: (def.autocorrect === true ? "sentences" : "off") as "sentences" | "off",
    inputMode: INPUT_MODES[str(def.keyboard, "default")] ?? "text",
    onInput: (event: Event) => setDraft((event.currentTarget as HTMLInputElement).value),
    onFocus: () => (focused.current = true),
    onBlur: () => (focused.current = false),
    onKeyDown,
  };
  const icon = def.icon ?? (def.style === "search" ? "magnifyingglass" : undefined);
  const rows = Math.max(1, Math.min(num(def.maxLines, 6), num(def.minLines, multiline ? 2 : 1)));
  return (
    <div {...rootProps(def, ctx, undefined, multiline ? "cc-text--multiline" : "")}>
      {icon ? <Icon name={icon} class="cc-text-icon" /> : null}
      {multiline ? (
        <textarea {...common} rows={rows} />
      ) : (
        <input {...common} type={def.style === "search" ? "search" : "text"} enterKeyHint="send" />
      )}
      {composer ? (
        <button type="button" class="cc-send" aria-label="Send" onClick={submit} disabled={draft === ""}>
          <Icon name="paperplane" />
        </button>
      ) : null}
    </div>
  );
}
