import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { bool, num, rootProps, str } from "./fields.js";
import { Icon } from "./icons.js";
import { growRows, lineBounds } from "./text-input-grow.js";
import type { ControlProps } from "./types.js";
import { useSize } from "./use-size.js";

const INPUT_MODES: Record<string, "text" | "url" | "email" | "decimal"> = {
  url: "url",
  email: "email",
  numbers: "decimal",
  ascii: "text",
  default: "text",
};

/**
 * Writes the browser attributes that stand for the app's autocorrect/autocapitalize keyboard
 * switch. Set as attributes, not properties: `autocorrect` is a boolean property in some engines
 * and a plain attribute in others.
 */
function applyAutocorrect(el: HTMLElement, on: boolean) {
  el.setAttribute("autocorrect", on ? "on" : "off");
  el.setAttribute("autocapitalize", on ? "sentences" : "off");
  el.setAttribute("spellcheck", String(on));
}

/**
 * Free text, committed on submit: Enter in single-line styles, Enter (Shift+Enter = newline) in
 * `multiline`, the Send button in `sendButton` composer mode (where Enter is a newline). The
 * composer and `multiline` grow from `minLines` to `maxLines` rows, then scroll inside;
 * `autocorrectToggle` adds the Aa button that flips autocorrect on the live field.
 */
export function TextInput({ def, ctx }: ControlProps) {
  const synced = ctx.value.value ?? def.defaultValue;
  const syncedText = synced === undefined || synced === null ? "" : String(synced);
  const [draft, setDraft] = useState(syncedText);
  const [autocorrect, setAutocorrect] = useState(bool(def.autocorrect, false));
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(syncedText);
  }, [syncedText]);
  const composer = def.sendButton === true;
  const multiline = composer || def.style === "multiline";
  const search = def.style === "search" && !multiline;
  const { min, max } = lineBounds(num(def.minLines, 1), num(def.maxLines, 6));
  const field = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const { width } = useSize(root);
  useLayoutEffect(() => {
    if (field.current) applyAutocorrect(field.current, autocorrect);
  }, [autocorrect, multiline]);
  useLayoutEffect(() => {
    const el = field.current;
    if (!el || !multiline) return;
    el.rows = min;
    const style = getComputedStyle(el);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    const rows = growRows(el.scrollHeight - padding, parseFloat(style.lineHeight), min, max);
    el.rows = rows;
    el.dataset.rows = String(rows);
  }, [draft, min, max, width, multiline]);
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
    ref: field,
    class: "cc-text-field",
    value: draft,
    placeholder: str(def.placeholder),
    "aria-label": str(def.label, def.id),
    inputMode: INPUT_MODES[str(def.keyboard, "default")] ?? "text",
    onInput: (event: Event) => setDraft((event.currentTarget as HTMLInputElement).value),
    onFocus: () => (focused.current = true),
    onBlur: () => (focused.current = false),
    onKeyDown,
  };
  const icon = def.icon ?? (def.style === "search" ? "magnifyingglass" : undefined);
  // Buttons beside the field keep its focus (and so the live keyboard) when pressed.
  const keepFocus = (event: PointerEvent) => event.preventDefault();
  return (
    <div
      ref={root}
      {...rootProps(
        def,
        ctx,
        undefined,
        composer ? "cc-text--multiline cc-text--composer" : multiline ? "cc-text--multiline" : "",
      )}
    >
      {icon ? <Icon name={icon} class="cc-text-icon" /> : null}
      {multiline ? (
        <textarea {...common} />
      ) : (
        <input {...common} type={search ? "search" : "text"} enterKeyHint="send" />
      )}
      {search && draft !== "" ? (
        <button
          type="button"
          class="cc-text-clear"
          aria-label="Clear"
          onPointerDown={keepFocus}
          onClick={() => setDraft("")}
        >
          <Icon name="xmark.circle.fill" />
        </button>
      ) : null}
      {def.autocorrectToggle === true ? (
        <button
          type="button"
          class="cc-text-aa"
          aria-label="Autocorrect"
          aria-pressed={autocorrect}
          onPointerDown={keepFocus}
          onClick={() => setAutocorrect((on) => !on)}
        >
          Aa
        </button>
      ) : null}
      {composer ? (
        <button type="button" class="cc-send" aria-label="Send" onClick={submit} disabled={draft === ""}>
          <Icon name="paperplane" />
        </button>
      ) : null}
    </div>
  );
}
