import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import {
  bracketMatching,
  foldGutter,
  HighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { linter, lintGutter } from "@codemirror/lint";
import { Annotation, EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  hoverTooltip,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { effect } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { Store } from "../store.js";
import { textChange } from "./diff.js";
import { completeFromSchema, diagnose, hoverDoc } from "./schema.js";

/** Typing is applied after this pause, so one burst of typing is one change (and one undo step). */
const SETTLE_MS = 300;

/** Marks a transaction that brings the document's text in (not typed here). */
const fromDocument = Annotation.define<boolean>();

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "#8ab4ff" },
  { tag: tags.string, color: "#a5d6a7" },
  { tag: tags.number, color: "#f3b27a" },
  { tag: [tags.bool, tags.null], color: "#d7a6ff" },
  { tag: tags.punctuation, color: "#8b93a7" },
]);

const theme = EditorView.theme(
  {
    "&": { height: "100%", backgroundColor: "#0d1017", fontSize: "12px" },
    ".cm-content": { caretColor: "#fff", fontFamily: "ui-monospace, monospace" },
    ".cm-gutters": { backgroundColor: "#0d1017", color: "#5b6378", border: "none" },
    ".cm-activeLine": { backgroundColor: "#151a24" },
    "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "#2a3550" },
    ".cm-tooltip": { backgroundColor: "#1a1f2b", border: "1px solid #394055", color: "#e6e9ef" },
    ".cm-tooltip.cm-schema-hover": { padding: "4px 8px", whiteSpace: "pre-wrap", maxWidth: "360px" },
  },
  { dark: true },
);

/**
 * The layout as JSON in CodeMirror 6, with the kit's schema for completion and hover and its
 * validator for diagnostics. Typing applies through the store (one `replaceLayout`) after a pause;
 * changes from elsewhere come in as the smallest text change, so the cursor stays put.
 */
export function CodeMirrorJson({ store }: { store: Store }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (text: string) => {
      clearTimeout(timer);
      timer = undefined;
      store.editJson(text);
    };
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: store.json.value,
        extensions: [
          lineNumbers(),
          foldGutter(),
          lintGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          json(),
          syntaxHighlighting(highlight),
          theme,
          autocompletion({ override: [completeFromSchema], activateOnTyping: true }),
          linter((v) => diagnose(v.state), { delay: 400 }),
          hoverTooltip((v, pos) => {
            const doc = hoverDoc(v.state, pos);
            if (!doc) return null;
            return {
              pos: doc.from,
              end: doc.to,
              create: () => {
                const dom = document.createElement("div");
                dom.className = "cm-schema-hover";
                dom.textContent = doc.text;
                return { dom };
              },
            };
          }),
          keymap.of([
            ...closeBracketsKeymap,
            ...completionKeymap,
            ...historyKeymap,
            ...defaultKeymap,
            indentWithTab,
          ]),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged || update.transactions.some((t) => t.annotation(fromDocument))) return;
            const text = update.state.doc.toString();
            store.json.value = text;
            clearTimeout(timer);
            timer = setTimeout(() => flush(text), SETTLE_MS);
          }),
          EditorView.domEventHandlers({
            blur: () => {
              // Leaving the view applies what is pending at once (a click on Undo then undoes it).
              if (timer !== undefined) flush(view.state.doc.toString());
              store.syncJson();
            },
          }),
        ],
      }),
    });
    // For tests and the browser console, beside `window.carterEditor`.
    (window as { carterJson?: EditorView }).carterJson = view;
    const stop = effect(() => {
      const change = textChange(view.state.doc.toString(), store.json.value);
      if (change) view.dispatch({ changes: change, annotations: fromDocument.of(true) });
    });
    return () => {
      stop();
      clearTimeout(timer);
      view.destroy();
    };
  }, [store]);
  return <div class="cm-host" ref={host} />;
}
