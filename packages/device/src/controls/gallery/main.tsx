/**
 * The controls gallery: every control type mounted with a recording fake `ctx` and sample values,
 * themed like the device for the system colour scheme (so a browser's emulated scheme shows both).
 * `window.__gallery` exposes the recorded calls and a value setter for the browser test.
 */
import { render } from "preact";
import { useMemo } from "preact/hooks";
import { signal } from "@preact/signals";
import type { Signal } from "@preact/signals";
import { layoutThemeVariables, resolveScheme } from "../../render/theme.js";
import { ControlView, SELF_LABELLED_TYPES, BACKGROUNDLESS_TYPES, controlComponents } from "../index.js";
import type { ControlContext, ControlDef, GroupDef } from "../types.js";
import { listControls, readSpan } from "@carter/kit";
import { samples, type Sample } from "./samples.js";
import { styleSamples } from "./samples-more.js";
import "../controls.css";
import "./gallery.css";

export interface RecordedCall {
  id: string;
  kind: "commit" | "fire" | "request" | "fireAction";
  value?: unknown;
  carrier?: string;
  tokens?: Record<string, unknown>;
  type?: string;
  payload?: unknown;
  options?: unknown;
}

// A deliberately broken type so the browser test can see the error boundary contain it.
controlComponents.explode = () => {
  throw new Error("boom");
};

const calls: RecordedCall[] = [];
const values = new Map<string, Signal<unknown>>();
const pendings = new Map<string, Signal<boolean>>();

function contextFor(def: ControlDef, initial: unknown): ControlContext {
  const value = signal<unknown>(initial);
  const pending = signal(false);
  values.set(def.id, value);
  pendings.set(def.id, pending);
  return {
    value,
    pending,
    commit(next, options) {
      calls.push({ id: def.id, kind: "commit", value: next, options });
      value.value = next;
    },
    fire(carrier, tokens) {
      calls.push({ id: def.id, kind: "fire", carrier, tokens });
      return Promise.resolve(undefined);
    },
    fireAction(action, tokens) {
      calls.push({ id: def.id, kind: "fireAction", payload: action, tokens });
      return Promise.resolve(undefined);
    },
    request(type, payload) {
      calls.push({ id: def.id, kind: "request", type, payload });
      return Promise.resolve({
        title: "Relay node",
        content:
          "**Healthy** — 3 peers, `12 ms` latency.\n\n- uptime 4d\n- <script>window.__pwned = true</script>",
      });
    },
    renderGroup: (group) => <Panel group={group} />,
  };
}

function Cell({ def, value, columns }: { def: ControlDef; value: unknown; columns: number }) {
  const [rows, cols] = readSpan(def.span);
  const ctx = useMemo(() => contextFor(def, value), [def.id]);
  const bare =
    def.hideBackground === true || (def.hideBackground === undefined && BACKGROUNDLESS_TYPES.has(def.type));
  const showLabel =
    !SELF_LABELLED_TYPES.has(def.type) && def.hideLabel !== true && typeof def.label === "string";
  return (
    <div
      class={`gallery-card${bare ? " bare" : ""}`}
      data-cell={def.id}
      data-cell-type={def.type}
      style={{ gridRow: `span ${rows}`, gridColumn: `span ${Math.min(cols, columns)}` }}
    >
      {showLabel ? <div class="gallery-label">{def.label as string}</div> : null}
      <ControlView def={def} ctx={ctx} />
    </div>
  );
}

function Panel({ group }: { group: GroupDef }) {
  const columns = group.grid?.columns ?? 2;
  return (
    <div
      class="gallery-panel"
      style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gridAutoRows: "minmax(44px, 1fr)" }}
    >
      {group.children.map((child, i) => {
        const def = child as ControlDef;
        return <Cell key={def.id ?? i} def={def} value={def.defaultValue} columns={columns} />;
      })}
    </div>
  );
}

const styles = styleSamples(samples);

function Cards({ list, suffix = "" }: { list: readonly Sample[]; suffix?: string }) {
  return (
    <div class="gallery-grid" style={{ gridAutoFlow: "dense" }}>
      {list.map(({ def, value }) => (
        <Cell
          key={def.id}
          def={suffix ? { ...def, id: `${def.id}${suffix}` } : def}
          value={value}
          columns={4}
        />
      ))}
    </div>
  );
}

function Gallery() {
  return (
    <main class="gallery">
      <h1>Carter controls</h1>
      <Cards list={samples} />
      <h2>Styles</h2>
      <Cards list={styles} />
    </main>
  );
}

/** The contact sheet (`?sheet`): each of the 43 types once, in the light and the dark scheme. */
function ContactSheet() {
  const firsts = listControls().flatMap(({ type }) => samples.find((s) => s.def.type === type) ?? []);
  const sheet = firsts.map(({ def, value }) => ({
    def: { ...def, span: [3, 1], label: typeof def.label === "string" ? def.label : def.type },
    value,
  }));
  return (
    <main class="gallery gallery-sheet">
      {(["light", "dark"] as const).map((scheme) => (
        <section
          key={scheme}
          class="gallery-sheet-half"
          data-scheme={scheme}
          style={layoutThemeVariables(null, scheme)}
        >
          <h1>
            Carter controls · {listControls().length} types · {scheme}
          </h1>
          <Cards list={sheet} suffix={`@${scheme}`} />
        </section>
      ))}
    </main>
  );
}

declare global {
  interface Window {
    __gallery: {
      calls: RecordedCall[];
      set(id: string, value: unknown): void;
      setPending(id: string, pending: boolean): void;
      value(id: string): unknown;
    };
  }
}

window.__gallery = {
  calls,
  set: (id, value) => {
    const target = values.get(id);
    if (!target) throw new Error(`no control ${id}`);
    target.value = value;
  },
  setPending: (id, pending) => {
    const target = pendings.get(id);
    if (target) target.value = pending;
  },
  value: (id) => values.get(id)?.value,
};

const sheet = new URLSearchParams(location.search).has("sheet");
if (!sheet) {
  // Each half of the contact sheet carries its own scheme; the gallery follows the system's.
  const scheme = resolveScheme(undefined, matchMedia("(prefers-color-scheme: dark)").matches);
  const root = document.documentElement;
  root.dataset.scheme = scheme;
  for (const [name, value] of Object.entries(layoutThemeVariables(null, scheme)))
    root.style.setProperty(name, value);
}

render(sheet ? <ContactSheet /> : <Gallery />, document.getElementById("gallery")!);
