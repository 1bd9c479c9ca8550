import type { Finding } from "@carter/kit";
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { childPath, type FieldModel } from "./fields.js";
import { canvasNamedColour, parseColour, pickedColour } from "./colour.js";

/** What every field editor needs from the inspector around it. */
export interface FieldContext {
  /** The node's own JSON path (`$.tabs[0].children[2]`); field paths are relative to it for names. */
  root: string;
  /**
   * The findings (and refusal, as a finding) anchored at `path`. It may read a signal: call it
   * while drawing, in the smallest component that shows them (they can arrive a frame later).
   */
  findingsAt(path: string): Finding[];
  /** Draws the sync and action editors (they live in their own file). */
  binding(props: EditorProps): ComponentChildren;
}

export interface EditorProps {
  field: FieldModel;
  value: unknown;
  /** The value's JSON path in the layout, as the kit's findings name it. */
  path: string;
  /** The new value, or `undefined` to remove the field. */
  onChange(next: unknown): void;
  ctx: FieldContext;
}

let named: ((name: string) => string | null) | undefined;
const namedColour = (name: string) => (named ??= canvasNamedColour())(name);

/** The path relative to the node: an input's `name` (`label`, `sync[0].valuePath`). */
export function relative(ctx: FieldContext, path: string): string {
  return path.slice(ctx.root.length).replace(/^\./, "");
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function hint(field: FieldModel): string {
  return field.default === undefined ? "" : JSON.stringify(field.default);
}

function Findings({ findings, name }: { findings: Finding[]; name: string }) {
  return (
    <>
      {findings.map((f) => (
        <small key={f.path + f.message} class={`finding ${f.severity}`} data-field={name} data-path={f.path}>
          {f.message}
        </small>
      ))}
    </>
  );
}

/** The findings at `path`, read here so that only this redraws when they change. */
function FindingsAt({ ctx, path }: { ctx: FieldContext; path: string }) {
  return <Findings findings={ctx.findingsAt(path)} name={relative(ctx, path)} />;
}

/**
 * A field row: its name, its input and the findings that point at it. When only the findings
 * change, the row redraws without its input (the same `children`), so text being typed stays.
 */
function Row({ props, children }: { props: EditorProps; children: ComponentChildren }) {
  const { field, path, ctx } = props;
  const findings = ctx.findingsAt(path);
  const errors = findings.some((f) => f.severity === "error");
  return (
    <div
      class={errors ? "field failed" : findings.length > 0 ? "field warned" : "field"}
      title={field.description ?? ""}
      data-path={relative(ctx, path)}
    >
      <span>
        {field.name}
        {field.required ? " *" : ""}
      </span>
      {children}
      <Findings findings={findings} name={relative(ctx, path)} />
    </div>
  );
}

function TextInput({ field, value, path, onChange, ctx }: EditorProps) {
  return (
    <input
      type="text"
      name={relative(ctx, path)}
      value={typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value)}
      placeholder={typeof field.default === "string" ? field.default : hint(field)}
      onChange={(e) => {
        const text = e.currentTarget.value;
        onChange(text === "" ? undefined : text);
      }}
    />
  );
}

function NumberInput({ field, value, path, onChange, ctx }: EditorProps) {
  return (
    <span class="number">
      <input
        type="number"
        name={relative(ctx, path)}
        value={typeof value === "number" ? String(value) : ""}
        placeholder={hint(field)}
        min={field.minimum}
        max={field.maximum}
        step={field.integer ? 1 : "any"}
        onChange={(e) => {
          const text = e.currentTarget.value;
          onChange(text === "" ? undefined : Number(text));
        }}
      />
      {field.minimum !== undefined || field.maximum !== undefined ? (
        <small class="range">
          {field.minimum ?? "…"} – {field.maximum ?? "…"}
        </small>
      ) : null}
    </span>
  );
}

function BoolInput({ field, value, path, onChange, ctx }: EditorProps) {
  return (
    <span class="bool">
      <input
        type="checkbox"
        name={relative(ctx, path)}
        checked={value === true || (value === undefined && field.default === true)}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      {value === undefined ? <small class="range">default</small> : null}
    </span>
  );
}

const OTHER = "\u0000other";

/** Choices as a select; an open enum also takes another value (the kit warns about it, at the field). */
function EnumInput({ field, value, path, onChange, ctx }: EditorProps) {
  const choices = field.choices ?? [];
  const current = typeof value === "string" ? value : "";
  const custom = current !== "" && !choices.includes(current);
  const [typing, setTyping] = useState(false);
  const name = relative(ctx, path);
  return (
    <span class="enum">
      <select
        name={name}
        value={custom || typing ? OTHER : current}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (next === OTHER) return setTyping(true);
          setTyping(false);
          onChange(next === "" ? undefined : next);
        }}
      >
        <option value="">(default{field.default !== undefined ? `: ${String(field.default)}` : ""})</option>
        {choices.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
        {field.closed ? null : <option value={OTHER}>{custom ? current : "other…"}</option>}
      </select>
      {custom || typing ? (
        <input
          type="text"
          name={`${name}:other`}
          value={current}
          onChange={(e) => {
            const text = e.currentTarget.value;
            onChange(text === "" ? undefined : text);
          }}
        />
      ) : null}
    </span>
  );
}

/** A colour as text (hex or a name) and as a picker; the picker keeps the text's form and alpha. */
function ColourInput({ field, value, path, onChange, ctx }: EditorProps) {
  const text = typeof value === "string" ? value : "";
  const fallback = typeof field.default === "string" ? field.default : "";
  const parsed = parseColour(text || fallback, namedColour);
  const name = relative(ctx, path);
  return (
    <span class="colour">
      <input
        type="color"
        name={`${name}:picker`}
        aria-label={`${field.name} picker`}
        value={parsed?.rgb ?? "#000000"}
        onInput={(e) => onChange(pickedColour(text || undefined, e.currentTarget.value))}
      />
      <input
        type="text"
        name={name}
        value={text}
        placeholder={fallback}
        onChange={(e) => {
          const next = e.currentTarget.value.trim();
          onChange(next === "" ? undefined : next);
        }}
      />
      {text !== "" && parsed === null ? <small class="finding error">not a colour</small> : null}
    </span>
  );
}

/** Any JSON: applied when it parses, else the parse error is shown and nothing changes. */
function RawInput({ value, path, onChange, ctx }: EditorProps) {
  const text = value === undefined ? "" : JSON.stringify(value, null, 1);
  const [error, setError] = useState<string | null>(null);
  return (
    <span class="raw">
      <textarea
        name={relative(ctx, path)}
        spellcheck={false}
        rows={Math.min(6, text.split("\n").length)}
        value={text}
        onChange={(e) => {
          const next = e.currentTarget.value.trim();
          if (next === "") return onChange(undefined);
          try {
            const parsed: unknown = JSON.parse(next);
            setError(null);
            onChange(parsed);
          } catch (failure) {
            setError((failure as Error).message);
          }
        }}
      />
      {error ? <small class="finding error">{error}</small> : null}
    </span>
  );
}

function ObjectEditor(props: EditorProps) {
  const { field, value, path, onChange, ctx } = props;
  if (value !== undefined && !isObject(value))
    return (
      <Row props={props}>
        <RawInput {...props} />
      </Row>
    );
  const object = value ?? {};
  return (
    <fieldset class="object" data-path={relative(ctx, path)}>
      <legend title={field.description ?? ""}>{field.name}</legend>
      <FindingsAt ctx={ctx} path={path} />
      {(field.fields ?? []).map((sub) => (
        <FieldEditor
          key={sub.name}
          field={sub}
          value={object[sub.name]}
          path={childPath(path, sub.name)}
          ctx={ctx}
          onChange={(next) => {
            const copy = { ...object };
            if (next === undefined) delete copy[sub.name];
            else copy[sub.name] = next;
            onChange(Object.keys(copy).length === 0 ? undefined : copy);
          }}
        />
      ))}
    </fieldset>
  );
}

function emptyItem(item: FieldModel): unknown {
  switch (item.kind) {
    case "number":
      return 0;
    case "bool":
      return false;
    case "object":
    case "action":
      return {};
    case "color":
      return "#667EEA";
    case "list":
      return [];
    default:
      return "";
  }
}

function ListEditor(props: EditorProps) {
  const { field, value, path, onChange, ctx } = props;
  if (value !== undefined && !Array.isArray(value))
    return (
      <Row props={props}>
        <RawInput {...props} />
      </Row>
    );
  const list: unknown[] = value ?? [];
  const item = field.item ?? { name: "item", kind: "raw", required: false };
  return (
    <fieldset class="list" data-path={relative(ctx, path)}>
      <legend title={field.description ?? ""}>{field.name}</legend>
      <FindingsAt ctx={ctx} path={path} />
      {list.map((each, i) => (
        <div class="item" key={i}>
          <FieldEditor
            field={{ ...item, name: `${i}` }}
            value={each}
            path={childPath(path, i)}
            ctx={ctx}
            onChange={(next) => {
              const copy = [...list];
              if (next === undefined) copy.splice(i, 1);
              else copy[i] = next;
              onChange(copy.length === 0 ? undefined : copy);
            }}
          />
          <button
            class="remove"
            title="remove"
            onClick={() => {
              const copy = list.filter((_, j) => j !== i);
              onChange(copy.length === 0 ? undefined : copy);
            }}
          >
            ×
          </button>
        </div>
      ))}
      <button class="add" data-add={relative(ctx, path)} onClick={() => onChange([...list, emptyItem(item)])}>
        + {field.name}
      </button>
    </fieldset>
  );
}

/** The input for one field of the model, recursing into objects and lists. */
export function FieldEditor(props: EditorProps) {
  switch (props.field.kind) {
    case "object":
      return ObjectEditor(props);
    case "list":
      return ListEditor(props);
    case "action":
    case "sync":
      return <>{props.ctx.binding(props)}</>;
    case "text":
      return <Row props={props}>{TextInput(props)}</Row>;
    case "number":
      return <Row props={props}>{NumberInput(props)}</Row>;
    case "bool":
      return <Row props={props}>{BoolInput(props)}</Row>;
    case "enum":
      return (
        <Row props={props}>
          <EnumInput {...props} />
        </Row>
      );
    case "color":
      return <Row props={props}>{ColourInput(props)}</Row>;
    default:
      return (
        <Row props={props}>
          <RawInput {...props} />
        </Row>
      );
  }
}
