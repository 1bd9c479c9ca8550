import type { Layout } from "@carter/kit";
import { batch } from "@preact/signals";
import { parseLayoutFile } from "./files.js";
import type { Store } from "./store.js";
import { TEMPLATES, template } from "./templates.js";

/**
 * Replaces the layout (one undo step) and starts from its first tab; a refusal is shown
 * naming `source` and the kit's field.
 */
function load(store: Store, layout: unknown, source: string): void {
  if (store.apply({ op: "replaceLayout", layout }) === null) {
    const problem = store.problem.value;
    if (problem) store.problem.value = { ...problem, message: `${source}: ${problem.message}` };
    return;
  }
  batch(() => {
    store.tab.value = 0;
    store.inside.value = null;
    store.select(null);
  });
}

async function open(store: Store, file: File): Promise<void> {
  let layout: Record<string, unknown>;
  try {
    layout = parseLayoutFile(await file.text(), file.name);
  } catch (error) {
    store.problem.value = { message: (error as Error).message };
    return;
  }
  load(store, layout, file.name);
}

const GROUPS = [...new Set(TEMPLATES.map((t) => t.group))];

/** Open (a JSON file from disk) and New from template (sample layouts, the catalog's examples). */
export function Files({ store }: { store: Store }) {
  return (
    <span class="files">
      <label class="button" title="open a layout JSON file">
        Open…
        <input
          type="file"
          name="open"
          accept=".json,application/json"
          hidden
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            input.value = "";
            if (file) void open(store, file);
          }}
        />
      </label>
      <select
        name="template"
        title="replace the layout with a template (undo brings yours back)"
        value=""
        onChange={(event) => {
          const id = event.currentTarget.value;
          event.currentTarget.value = "";
          if (id === "") return;
          const chosen = template(id);
          load(store, chosen.build() satisfies Layout, `template "${chosen.title}"`);
        }}
      >
        <option value="">New from template…</option>
        {GROUPS.map((group) => (
          <optgroup key={group} label={group}>
            {TEMPLATES.filter((t) => t.group === group).map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </span>
  );
}
