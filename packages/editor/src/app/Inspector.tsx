import { getControlDoc, validateLayout, type FieldDoc, type Finding, type JsonObject } from "@carter/kit";
import { useMemo } from "preact/hooks";
import { findNode, type Store } from "./store.js";

/** Field kinds the inspector edits in place; the rest (objects, actions, lists) live in the JSON view. */
const SCALAR = new Set(["string", "number", "bool", "enum", "color", "symbol", "int", "integer"]);

function scalarFields(type: string): FieldDoc[] {
  let fields: readonly FieldDoc[];
  try {
    fields = getControlDoc(type).fields;
  } catch {
    return [];
  }
  const skip = new Set(["id", "type", "position", "span"]);
  return fields.filter((f) => f.in === undefined && !skip.has(f.name) && (SCALAR.has(f.type) || f.values));
}

function Field({
  store,
  node,
  id,
  field,
  findings,
}: {
  store: Store;
  node: JsonObject;
  id: string;
  field: FieldDoc;
  findings: Finding[];
}) {
  const value = node[field.name];
  const problem = store.problem.value;
  const failed =
    problem !== null && (problem.field === `set.${field.name}` || problem.field?.endsWith(`.${field.name}`));
  const set = (next: unknown) => {
    if (next === undefined || next === "") {
      if (field.name in node) store.apply({ op: "updateControl", id, unset: [field.name] });
      return;
    }
    store.apply({ op: "updateControl", id, set: { [field.name]: next } });
  };
  let input;
  if (field.type === "bool") {
    input = (
      <input
        type="checkbox"
        name={field.name}
        checked={value === true}
        onChange={(e) => set(e.currentTarget.checked)}
      />
    );
  } else if (field.values) {
    input = (
      <select
        name={field.name}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => set(e.currentTarget.value)}
      >
        <option value="">(default{field.default !== undefined ? `: ${String(field.default)}` : ""})</option>
        {field.values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  } else {
    const numeric = field.type === "number" || field.type === "int" || field.type === "integer";
    input = (
      <input
        type={numeric ? "number" : "text"}
        name={field.name}
        value={value === undefined ? "" : String(value)}
        placeholder={field.default !== undefined ? String(field.default) : ""}
        onChange={(e) => {
          const text = e.currentTarget.value;
          set(numeric && text !== "" ? Number(text) : text);
        }}
      />
    );
  }
  return (
    <label
      class={failed ? "field failed" : findings.length > 0 ? "field warned" : "field"}
      title={field.note ?? ""}
    >
      <span>
        {field.name}
        {field.required ? " *" : ""}
      </span>
      {input}
      {findings.map((f) => (
        <small key={f.message} class="finding" data-field={field.name}>
          {f.message}
        </small>
      ))}
    </label>
  );
}

/** The selected control's (or group's) fields, edited through updateControl. */
export function Inspector({ store }: { store: Store }) {
  const id = store.selected.value;
  const found = id === null ? null : findNode(store.layout.value, id);
  // The kit's findings for this node's own fields (not its children's), shown beside each field.
  const layout = store.layout.value;
  const path = found?.path;
  const findings = useMemo(
    () =>
      path === undefined
        ? []
        : validateLayout(layout).findings.filter(
            (f) =>
              f.path.startsWith(`${path}.`) &&
              !/^\.(children|panels|longPressGroup|canvasConfig)\b/.test(f.path.slice(path.length)),
          ),
    [layout, path],
  );
  const at = (name: string) =>
    findings.filter((f) => f.path === `${path}.${name}` || f.path.startsWith(`${path}.${name}.`));
  if (id === null || !found)
    return (
      <aside class="inspector" aria-label="inspector">
        <p class="hint">Select a control.</p>
      </aside>
    );
  const node = found.node;
  const type = typeof node.type === "string" ? node.type : "group";
  const fields: FieldDoc[] =
    type === "group" ? [{ name: "label", type: "string", required: false }] : scalarFields(type);
  return (
    <aside class="inspector" aria-label="inspector">
      <h2>
        {type} <code>{id}</code>
      </h2>
      <label class="field">
        <span>id</span>
        <input
          name="id"
          value={id}
          onChange={(e) => {
            const next = e.currentTarget.value;
            if (next !== id && store.apply({ op: "updateControl", id, set: { id: next } }))
              store.select(next);
          }}
        />
      </label>
      <p class="where">
        position {JSON.stringify(node.position ?? null)} span {JSON.stringify(node.span ?? [1, 1])}
      </p>
      {fields.map((field) => (
        <Field
          key={`${id}:${field.name}`}
          store={store}
          node={node}
          id={id}
          field={field}
          findings={at(field.name)}
        />
      ))}
      {findings
        .filter((f) => !fields.some((field) => at(field.name).includes(f)))
        .map((f) => (
          <p key={f.path + f.message} class="finding">
            {f.path.slice((path ?? "").length + 1)}: {f.message}
          </p>
        ))}
      <button class="danger" onClick={() => store.apply({ op: "removeControl", id })}>
        Delete
      </button>
    </aside>
  );
}
