import { useEffect, useRef } from "preact/hooks";
import type { Store } from "./store.js";

/** Typing is applied after this pause, so one burst of typing is one change (and one undo step). */
const SETTLE_MS = 300;

/** The layout as JSON, kept in step with the document both ways. */
export function JsonView({ store }: { store: Store }) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const settle = (text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = undefined;
      store.editJson(text);
    }, SETTLE_MS);
  };
  return (
    <section class="json" aria-label="json">
      <h2>JSON</h2>
      <textarea
        spellcheck={false}
        value={store.json.value}
        onInput={(e) => {
          store.json.value = e.currentTarget.value;
          settle(e.currentTarget.value);
        }}
        onBlur={(e) => {
          // Leaving the view applies what is pending at once (a click on Undo then undoes it).
          if (timer.current !== undefined) {
            clearTimeout(timer.current);
            timer.current = undefined;
            store.editJson(e.currentTarget.value);
          }
          store.syncJson();
        }}
      />
    </section>
  );
}
