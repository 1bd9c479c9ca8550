import { useState } from "preact/hooks";
import { tryParseJson, type JsonObject } from "../engine/json.js";
import type { ControlEdits } from "../live/control-edit.js";

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** One field's editor: typed inputs for scalars, JSON text for objects and arrays. */
function Field({
  name,
  original,
  edited,
  onChange,
}: {
  name: string;
  original: unknown;
  edited: string | undefined;
  onChange: (text: string) => void;
}) {
  const text = edited ?? (isScalar(original) ? String(original) : JSON.stringify(original, null, 2));
  if (typeof original === "boolean")
    return (
      <label class="carter-config-field carter-config-check">
        <input
          type="checkbox"
          name={name}
          checked={text === "true"}
          onChange={(e) => onChange(String(e.currentTarget.checked))}
        />
        <span>{name}</span>
      </label>
    );
  return (
    <label class="carter-config-field">
      <span>{name}</span>
      {isScalar(original) ? (
        <input
          type={typeof original === "number" ? "number" : "text"}
          value={text}
          name={name}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      ) : (
        <textarea
          name={name}
          rows={Math.min(8, text.split("\n").length)}
          value={text}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )}
    </label>
  );
}

/** Turns edited field texts back into a control, naming the first field that is not valid. */
export function buildControl(
  original: JsonObject,
  edits: Record<string, string>,
): { control: JsonObject } | { error: string } {
  const control: JsonObject = { ...original };
  for (const [name, text] of Object.entries(edits)) {
    const was = original[name];
    if (typeof was === "boolean") control[name] = text === "true";
    else if (typeof was === "number") {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) return { error: `${name}: must be a number` };
      control[name] = n;
    } else if (typeof was === "string") control[name] = text;
    else {
      const parsed = tryParseJson(text);
      if (parsed === undefined) return { error: `${name}: not valid JSON` };
      control[name] = parsed as JsonObject[string];
    }
  }
  if (typeof control.id !== "string" || control.id === "") return { error: "id: must not be empty" };
  return { control };
}

/**
 * The device's control configurator for an editor's `control-edit-request`: every field of the
 * control, editable; "Send to editor" hands the result back (`get-pending-edit`).
 */
export function ControlEditor({ edits }: { edits: ControlEdits }) {
  const control = edits.editing.value;
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  if (!control) return null;
  const close = () => {
    setTexts({});
    setError(null);
  };
  return (
    <div class="carter-config" role="dialog" aria-label="Edit control">
      <div class="carter-config-sheet">
        <h2>
          Edit <code>{String(control.type)}</code>
        </h2>
        {Object.entries(control)
          .filter(([name]) => name !== "type")
          .map(([name, value]) => (
            <Field
              key={name}
              name={name}
              original={value}
              edited={texts[name]}
              onChange={(text) => setTexts({ ...texts, [name]: text })}
            />
          ))}
        {error ? (
          <p class="carter-config-error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="carter-config-actions">
          <button
            type="button"
            onClick={() => {
              edits.dismiss();
              close();
            }}
          >
            Cancel
          </button>
          <button
            type="button"
            class="carter-config-send"
            onClick={() => {
              const built = buildControl(control, texts);
              if ("error" in built) setError(built.error);
              else {
                edits.send(built.control);
                close();
              }
            }}
          >
            Send to editor
          </button>
        </div>
      </div>
    </div>
  );
}
