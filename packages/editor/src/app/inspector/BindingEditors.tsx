import type { Layout } from "@carter/kit";
import type { ReadonlySignal } from "@preact/signals";
import { useState } from "preact/hooks";
import { findNode } from "../store.js";
import { actionTokens, previewBinding, sampleFrame } from "./binding.js";
import { FieldEditor, relative, type EditorProps } from "./FieldEditor.js";
import { actionField, childPath, syncField } from "./fields.js";

export interface BindingProps extends EditorProps {
  /**
   * The layout the kit's contract is read from (the store's settled one, a frame behind a change):
   * read by the small components showing what comes from it, so the editors around them keep their
   * inputs.
   */
  settled: ReadonlySignal<Layout>;
  /** The control's type and id (tokens and a new action's `msg_type`). */
  type: string;
  id: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The fields of one binding object, each through the generic editors. */
function BindingFields({
  fields,
  value,
  path,
  onChange,
  ctx,
}: Pick<EditorProps, "path" | "onChange" | "ctx"> & {
  fields: EditorProps["field"][];
  value: Record<string, unknown>;
}) {
  return (
    <>
      {fields.map((sub) => (
        <FieldEditor
          key={sub.name}
          field={sub}
          value={value[sub.name]}
          path={childPath(path, sub.name)}
          ctx={ctx}
          onChange={(next) => {
            const copy = { ...value };
            if (next === undefined) delete copy[sub.name];
            else copy[sub.name] = next;
            onChange(copy);
          }}
        />
      ))}
    </>
  );
}

/** Where `path` (under the node `id`, whose path is now `root`) is in `layout`, or null. */
function pathIn(layout: Layout, id: string, root: string, path: string): string | null {
  const base = findNode(layout, id)?.path;
  return base === undefined ? null : base + path.slice(root.length);
}

/** A sample frame to try the binding on, and what its filter and valuePath take from it. */
function SyncPreview({
  binding,
  settled,
  id,
  root,
  path,
}: {
  binding: unknown;
  settled: ReadonlySignal<Layout>;
  id: string;
  root: string;
  path: string;
}) {
  const [frame, setFrame] = useState<string | null>(null);
  const layout = settled.value;
  const at = pathIn(layout, id, root, path);
  const sample = () => JSON.stringify((at === null ? null : sampleFrame(layout, at)) ?? {}, null, 1);
  const text = frame ?? sample();
  const preview = previewBinding(binding, text);
  return (
    <div class="preview" data-path={path}>
      <span>sample payload</span>
      <textarea
        name="sample"
        spellcheck={false}
        rows={Math.min(6, text.split("\n").length)}
        value={text}
        onInput={(e) => setFrame(e.currentTarget.value)}
      />
      <button onClick={() => setFrame(null)} title="the kit's example payload for this binding">
        from contract
      </button>
      <output class={`extracted ${preview.status}`}>
        {preview.status === "ok" ? `→ ${JSON.stringify(preview.value)}` : preview.message}
      </output>
    </div>
  );
}

/** The control's inbound bindings: each one's fields and a live preview of what it extracts. */
export function SyncEditor(props: BindingProps) {
  const { value, path, onChange, ctx, settled, id } = props;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const model = syncField();
  return (
    <fieldset class="binding sync" data-path={relative(ctx, path)}>
      <legend title={props.field.description ?? "inbound bindings"}>sync</legend>
      {list.map((binding, i) => {
        const at = childPath(path, i);
        const object = isObject(binding) ? binding : {};
        const replace = (next: unknown) => {
          const copy = [...list];
          copy[i] = next;
          onChange(copy);
        };
        return (
          <div class="binding-item" key={i} data-path={relative(ctx, at)}>
            <BindingFields
              fields={model.fields ?? []}
              value={object}
              path={at}
              ctx={ctx}
              onChange={replace}
            />
            <SyncPreview binding={object} settled={settled} id={id} root={ctx.root} path={at} />
            <button
              class="remove"
              onClick={() => {
                const copy = list.filter((_, j) => j !== i);
                onChange(copy.length === 0 ? undefined : copy);
              }}
            >
              remove binding
            </button>
          </div>
        );
      })}
      <button
        class="add"
        data-add="sync"
        onClick={() =>
          onChange([...list, { event: "broadcast", filter: { msg_type: props.id }, valuePath: "value" }])
        }
      >
        + sync binding
      </button>
    </fieldset>
  );
}

/** The tokens an action's payload may use, with the kinds the contract gives them. */
function Tokens({
  type,
  settled,
  id,
  root,
  path,
}: {
  type: string;
  settled: ReadonlySignal<Layout>;
  id: string;
  root: string;
  path: string;
}) {
  const layout = settled.value;
  const at = pathIn(layout, id, root, path);
  const tokens = actionTokens(type, layout, at ?? path);
  return (
    <p class="tokens">
      payload tokens:{" "}
      {tokens.map((t) => (
        <code key={t.token} title={t.kind ? `yields ${t.kind}` : ""}>
          {t.token}
          {t.kind ? <small>:{t.kind}</small> : null}
        </code>
      ))}
    </p>
  );
}

/** An action (or other action carrier): its fields, the payload template and the tokens it may use. */
export function ActionEditor(props: BindingProps) {
  const { field, value, path, onChange, ctx, settled, type, id } = props;
  const name = relative(ctx, path);
  if (!isObject(value))
    return (
      <fieldset class="binding action" data-path={name}>
        <legend title={field.description ?? ""}>{field.name}</legend>
        <button
          class="add"
          data-add={name}
          onClick={() =>
            onChange({ event: "broadcast_request", payload: { msg_type: props.id, value: "{{value}}" } })
          }
        >
          + {field.name}
        </button>
      </fieldset>
    );
  return (
    <fieldset class="binding action" data-path={name}>
      <legend title={field.description ?? ""}>{field.name}</legend>
      <BindingFields
        fields={actionField().fields ?? []}
        value={value}
        path={path}
        ctx={ctx}
        onChange={onChange}
      />
      <Tokens type={type} settled={settled} id={id} root={ctx.root} path={path} />
      <button class="remove" onClick={() => onChange(undefined)}>
        remove {field.name}
      </button>
    </fieldset>
  );
}
