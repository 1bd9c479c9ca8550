import type { Finding } from "@carter/kit";
import { computed, type ReadonlySignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { ActionEditor, SyncEditor } from "./inspector/BindingEditors.js";
import { FieldEditor, type FieldContext } from "./inspector/FieldEditor.js";
import { anchorFindings, ownFindings, type Anchored } from "./inspector/findings.js";
import {
  anchorsOf,
  childPath,
  controlFields,
  documentedNames,
  groupFields,
  unknownKeys,
  type FieldModel,
} from "./inspector/fields.js";
import { entries, popupOf, removeOp, scopeKey } from "./owners.js";
import { enter } from "./scope.js";
import { findNode, type Problem, type Store } from "./store.js";

/** A refusal's field (`set.label`, `set.sync[0]`, or a JSON path) as a JSON path under the node. */
function problemPath(problem: Problem | null, root: string): string | null {
  const field = problem?.field;
  if (!field) return null;
  if (field.startsWith("$")) return field;
  if (field.startsWith("set.")) return `${root}.${field.slice(4)}`;
  return null;
}

/** The findings no field takes, listed under the fields. */
function LooseFindings({ anchored, path }: { anchored: ReadonlySignal<Anchored>; path: string }) {
  return (
    <>
      {anchored.value.loose.map((f) => (
        <p key={f.path + f.message} class="finding">
          {f.path.startsWith(path) ? f.path.slice(path.length + 1) : f.path}: {f.message}
        </p>
      ))}
    </>
  );
}

/** A control's long-press popup: add one (and edit inside it), edit inside it, or remove it. */
function PopupTools({ store, id, pointer }: { store: Store; id: string; pointer: string }) {
  const layout = store.layout.value;
  const entry = entries(layout).get(pointer);
  if (entry?.kind !== "control") return null;
  const popup = popupOf(layout, entry);
  return (
    <p class="popup-tools">
      long-press popup:{" "}
      {popup ? (
        <>
          <button data-action="edit-popup" onClick={() => enter(store, scopeKey(popup))}>
            Edit inside
          </button>
          <button data-action="remove-popup" onClick={() => store.apply({ op: "setPopup", id, popup: null })}>
            Remove
          </button>
        </>
      ) : (
        <button
          data-action="add-popup"
          title="a 2x2 popup the control opens on a long press"
          onClick={() => {
            const result = store.apply({ op: "setPopup", id, popup: { label: "More" } });
            if (result?.id) enter(store, result.id);
          }}
        >
          Add
        </button>
      )}
    </p>
  );
}

/**
 * The selected control's (or group's) every field, generated from the kit's schema and catalog;
 * each change goes through one `updateControl`. Findings show at the field they point at. The
 * fields follow a change at once; the kit's findings and the binding previews check the whole
 * layout, so they read `store.settled` (a frame later) in their own small components: the
 * inspector itself does not redraw then, and a field being typed in keeps its text.
 */
export function Inspector({ store }: { store: Store }) {
  const id = store.selected.value;
  const layout = store.layout.value;
  const found = id === null ? null : findNode(layout, id);
  const path = found?.path;
  const type = found ? (typeof found.node.type === "string" ? found.node.type : "group") : "";
  const fields = useMemo(() => (type === "group" ? groupFields() : controlFields(type)), [type]);
  if (id === null || !found || path === undefined)
    return (
      <aside class="inspector" aria-label="inspector">
        <p class="hint">Select a control.</p>
      </aside>
    );
  const node = found.node;
  const extra = unknownKeys(node, fields);
  const rawFields: FieldModel[] = extra.map((name) => ({
    name,
    kind: "raw",
    required: false,
    description: "not a field of this type",
  }));
  const all = [...fields, ...rawFields];
  // The type's documented fields and any set, then its bindings, then the other common fields.
  const documented = type === "group" ? new Set(fields.map((f) => f.name)) : documentedNames(type);
  const binding = (f: FieldModel) => f.kind === "sync" || f.kind === "action";
  const shown = (f: FieldModel) => documented.has(f.name) || f.name in node || extra.includes(f.name);
  const main = all.filter((f) => !binding(f) && shown(f));
  const bindings = all.filter(
    (f) => binding(f) && (shown(f) || ["sync", "action", "longPressAction"].includes(f.name)),
  );
  const more = all.filter((f) => !main.includes(f) && !bindings.includes(f));
  const anchors = new Set<string>([childPath(path, "id")]);
  for (const field of all)
    for (const anchor of anchorsOf(field, node[field.name], childPath(path, field.name))) anchors.add(anchor);
  const refused = problemPath(store.problem.value, path);
  const refusal: Finding | null =
    refused !== null && store.problem.value
      ? { code: "structure", severity: "error", path: refused, message: store.problem.value.message }
      : null;
  // Read where findings are drawn (Row, Findings): they alone redraw when `settled` moves on.
  const anchored = computed(() => {
    const settled = store.settled.value;
    const at = findNode(settled, id)?.path;
    const listed = at === undefined ? [] : ownFindings(settled, at, path);
    return anchorFindings(refusal ? [...listed, refusal] : listed, anchors);
  });
  const ctx: FieldContext = {
    root: path,
    findingsAt: (at) => anchored.value.at.get(at) ?? [],
    binding: (props) =>
      props.field.kind === "sync" ? (
        <SyncEditor {...props} settled={store.settled} type={type} id={id} />
      ) : (
        <ActionEditor {...props} settled={store.settled} type={type} id={id} />
      ),
  };
  const set = (name: string, next: unknown) => {
    if (next === undefined) {
      if (name in node) store.apply({ op: "updateControl", id, unset: [name] });
      return;
    }
    store.apply({ op: "updateControl", id, set: { [name]: next } });
  };
  const editor = (field: FieldModel) => (
    <FieldEditor
      key={`${id}:${field.name}`}
      field={field}
      value={node[field.name]}
      path={childPath(path, field.name)}
      ctx={ctx}
      onChange={(next) => set(field.name, next)}
    />
  );
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
      {main.map(editor)}
      <h3>bindings</h3>
      {bindings.map(editor)}
      <details class="more">
        <summary>other fields ({more.length})</summary>
        {more.map(editor)}
      </details>
      <LooseFindings anchored={anchored} path={path} />
      <PopupTools store={store} id={id} pointer={found.pointer} />
      <button class="danger" onClick={() => store.apply(removeOp(layout, id))}>
        Delete
      </button>
    </aside>
  );
}
