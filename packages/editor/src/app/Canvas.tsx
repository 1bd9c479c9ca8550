import { positionOf as readPosition } from "@carter/authoring";
import { isGroupNode, placementGrid, readSpan, type JsonObject } from "@carter/kit";
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { cellAt, spanTo, type GridBox } from "./geometry.js";
import { MarqueeBox, startMarquee } from "./Marquee.js";
import { entries, ownerLabel, panelsOf, popupOf, scopeKey, trail, type Entry } from "./owners.js";
import { pure } from "./pure.js";
import { enter, enteredOwner } from "./scope.js";
import type { Store } from "./store.js";

/** What the pointer is carrying: a palette type, a control being moved, or a resize handle. */
type Drag =
  | { kind: "new"; type: string }
  | { kind: "move"; id: string; grid: string; grab: [number, number]; element: Element }
  | { kind: "resize"; id: string; grid: string; position: [number, number] };

/** Where a drop would land: the grid (by JSON Pointer) and the cell under the pointer. */
interface Hover {
  grid: string;
  cell: [number, number];
}

const drag = signal<Drag | null>(null);
const hover = signal<Hover | null>(null);

function boxOf(element: HTMLElement): GridBox {
  const rect = element.getBoundingClientRect();
  return {
    left: rect.left,
    top: rect.top,
    width: rect.width,
    height: rect.height,
    columns: Number(element.dataset.columns),
    rows: Number(element.dataset.rows),
  };
}

/** The innermost grid under the point, skipping the element being moved (and its own grids). */
function gridUnder(x: number, y: number, skip?: Element): HTMLElement | null {
  for (const element of document.elementsFromPoint(x, y)) {
    if (skip && (element === skip || skip.contains(element))) continue;
    if (element instanceof HTMLElement && element.dataset.grid !== undefined) return element;
  }
  return null;
}

function hoverAt(x: number, y: number, skip?: Element): Hover | null {
  const element = gridUnder(x, y, skip);
  if (!element) return null;
  return { grid: element.dataset.grid as string, cell: cellAt(boxOf(element), x, y) };
}

function gridElement(pointer: string): HTMLElement | null {
  return document.querySelector(`[data-grid="${CSS.escape(pointer)}"]`);
}

/** Starts carrying a palette type (the palette calls this on pointerdown). */
export function startNewDrag(type: string): void {
  drag.value = { kind: "new", type };
}

function finish(store: Store, carried: Drag, x: number, y: number): void {
  if (carried.kind === "resize") {
    const element = gridElement(carried.grid);
    if (!element) return;
    const span = spanTo(carried.position, cellAt(boxOf(element), x, y));
    const current = spanOf(store, carried.id);
    if (current[0] === span[0] && current[1] === span[1]) return;
    store.apply({ op: "moveControl", id: carried.id, span });
    return;
  }
  const at = hoverAt(x, y, carried.kind === "move" ? carried.element : undefined);
  if (!at) return;
  if (carried.kind === "new") {
    const result = store.apply({
      op: "addControl",
      parent: at.grid,
      control: { type: carried.type },
      fromExample: true,
      position: at.cell,
    });
    if (result?.id) store.select(result.id);
    return;
  }
  const position: [number, number] =
    at.grid === carried.grid
      ? [Math.max(0, at.cell[0] - carried.grab[0]), Math.max(0, at.cell[1] - carried.grab[1])]
      : at.cell;
  const current = positionOf(store, carried.id);
  if (at.grid === carried.grid && current && current[0] === position[0] && current[1] === position[1]) return;
  const others = store.selection().filter((id) => id !== carried.id);
  if (at.grid === carried.grid && current && others.length > 0) {
    store.moveBy([carried.id, ...others], [position[0] - current[0], position[1] - current[1]]);
    return;
  }
  store.apply(
    at.grid === carried.grid
      ? { op: "moveControl", id: carried.id, position }
      : { op: "moveControl", id: carried.id, to: at.grid, position },
  );
}

function nodeOf(store: Store, id: string): JsonObject | null {
  const element = document.querySelector(`[data-id="${CSS.escape(id)}"]`);
  const pointer = element instanceof HTMLElement ? element.dataset.pointer : undefined;
  if (!pointer) return null;
  let node: unknown = store.layout.value;
  for (const part of pointer.slice(1).split("/")) node = (node as Record<string, unknown>)[part];
  return node as JsonObject;
}

function positionOf(store: Store, id: string): [number, number] | null {
  return readPosition(nodeOf(store, id)?.position);
}

function spanOf(store: Store, id: string): [number, number] {
  return readSpan(nodeOf(store, id)?.span);
}

/** Window-level pointer tracking for every drag (palette, move, resize). */
function useDragTracking(store: Store): void {
  useEffect(() => {
    const move = (event: PointerEvent) => {
      const carried = drag.value;
      if (!carried) return;
      if (carried.kind === "resize") {
        const element = gridElement(carried.grid);
        hover.value = element
          ? { grid: carried.grid, cell: cellAt(boxOf(element), event.clientX, event.clientY) }
          : null;
      } else
        hover.value = hoverAt(
          event.clientX,
          event.clientY,
          carried.kind === "move" ? carried.element : undefined,
        );
    };
    const up = (event: PointerEvent) => {
      const carried = drag.value;
      drag.value = null;
      hover.value = null;
      if (carried) finish(store, carried, event.clientX, event.clientY);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    return () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
  }, [store]);
}

function label(node: JsonObject): string {
  for (const key of ["label", "text", "title"])
    if (typeof node[key] === "string" && node[key] !== "") return node[key];
  return "";
}

/** How a child of a grid is named on the canvas: its id, else its JSON Pointer. */
function idOf(node: JsonObject, pointer: string): string {
  return typeof node.id === "string" ? node.id : pointer;
}

/**
 * One control or group on the canvas. It reads no signal of its own: it draws from its props
 * alone, so (`pure`) a change re-renders only the nodes whose object (the document keeps
 * unchanged nodes' objects across versions), place or selection changed.
 */
const NodeView = pure(function NodeView({
  store,
  node,
  pointer,
  grid,
  selected,
  primary,
}: {
  store: Store;
  node: JsonObject;
  pointer: string;
  grid: string;
  selected: boolean;
  primary: boolean;
}) {
  const id = idOf(node, pointer);
  const [row, col] = Array.isArray(node.position) ? (node.position as number[]) : [0, 0];
  const [rowSpan, colSpan] = Array.isArray(node.span) ? (node.span as number[]) : [1, 1];
  const group = isGroupNode(node);
  // The layout holding `node` (the parent rendered from it); peeked: the node's props say when to redraw.
  const layout = store.layout.peek();
  const entry = group ? undefined : entries(layout).get(pointer);
  const popup = entry ? popupOf(layout, entry) : null;
  const panel = entry ? panelsOf(layout, entry)[0] : undefined;
  const inner = group ? id : popup ? scopeKey(popup) : panel ? scopeKey(panel) : null;
  return (
    <div
      class={`node${group ? " group" : ""}${selected ? " selected" : ""}`}
      data-id={id}
      data-pointer={pointer}
      style={{ gridRow: `${row + 1} / span ${rowSpan}`, gridColumn: `${col + 1} / span ${colSpan}` }}
      title={
        group
          ? "double-click to edit inside this group"
          : popup
            ? "double-click to edit its long-press popup"
            : panel
              ? "double-click to edit inside its panels"
              : undefined
      }
      onDblClick={(event) => {
        if (inner === null) return;
        event.stopPropagation();
        enter(store, inner);
      }}
      onPointerDown={(event) => {
        event.stopPropagation();
        event.preventDefault();
        const extend = event.shiftKey || event.ctrlKey || event.metaKey;
        if (extend || !store.selection().includes(id)) store.select(id, extend);
        if (extend) return;
        const element = gridElement(grid);
        const cell = element ? cellAt(boxOf(element), event.clientX, event.clientY) : [row, col];
        drag.value = {
          kind: "move",
          id,
          grid,
          grab: [cell[0] - row, cell[1] - col],
          element: event.currentTarget,
        };
      }}
    >
      <div class="node-head">
        <span class="node-type">{group ? "group" : String(node.type)}</span>
        <span class="node-id">{id}</span>
        <span class="node-label">{label(node)}</span>
        {popup ? <span class="node-more">popup</span> : null}
        {panel ? <span class="node-more">panels</span> : null}
      </div>
      {group ? <GridView store={store} owner={node} pointer={pointer} nested /> : null}
      {primary ? (
        <div
          class="resize"
          data-resize={id}
          title="drag to resize"
          onPointerDown={(event) => {
            event.stopPropagation();
            event.preventDefault();
            drag.value = { kind: "resize", id, grid, position: [row, col] };
          }}
        />
      ) : null}
    </div>
  );
});

/** One grid (a tab or a group): its children placed on a CSS grid of the same columns and rows. */
export function GridView({
  store,
  owner,
  pointer,
  nested = false,
}: {
  store: Store;
  owner: JsonObject;
  pointer: string;
  /** A group's grid fills the group's cells; a tab's rows have the row height. */
  nested?: boolean;
}) {
  const { columns, rows } = placementGrid(owner);
  const children = Array.isArray(owner.children) ? owner.children : [];
  const over = hover.value?.grid === pointer ? hover.value : null;
  const carried = drag.value;
  const preview: [number, number] | null =
    over && carried?.kind === "resize" ? spanTo(carried.position, over.cell) : null;
  const primary = store.selected.value;
  const also = store.also.value;
  return (
    <div
      class="grid"
      data-grid={pointer}
      data-columns={columns}
      data-rows={rows}
      style={
        nested
          ? `grid-template-columns: repeat(${columns}, minmax(0, 1fr)); grid-template-rows: repeat(${rows}, minmax(0, 1fr)); --columns: ${columns}; --cell-h: calc(100% / ${rows})`
          : `grid-template-columns: repeat(${columns}, minmax(0, 1fr)); grid-template-rows: repeat(${rows}, var(--row)); --columns: ${columns}; --cell-h: var(--row)`
      }
    >
      {children.map((child, index) => {
        if (typeof child !== "object" || child === null) return null;
        const at = `${pointer}/children/${index}`;
        const id = idOf(child as JsonObject, at);
        return (
          <NodeView
            key={`${index}:${String((child as JsonObject).id)}`}
            store={store}
            node={child as JsonObject}
            pointer={at}
            grid={pointer}
            selected={primary === id || also.includes(id)}
            primary={primary === id}
          />
        );
      })}
      {over && carried?.kind !== "resize" ? (
        <div class="drop" style={{ gridRow: `${over.cell[0] + 1}`, gridColumn: `${over.cell[1] + 1}` }} />
      ) : null}
      {over && preview && carried?.kind === "resize" ? (
        <div
          class="drop"
          style={{
            gridRow: `${carried.position[0] + 1} / span ${preview[0]}`,
            gridColumn: `${carried.position[1] + 1} / span ${preview[1]}`,
          }}
        />
      ) : null}
    </div>
  );
}

/** The entered panel's container's panels, to switch between them. */
function PanelSwitch({ store, panel }: { store: Store; panel: Entry }) {
  const layout = store.layout.value;
  const container = entries(layout).get(panel.pointer.replace(/\/panels\/\d+$/, ""));
  if (!container) return null;
  return (
    <nav class="panel-switch" aria-label="panels">
      {panelsOf(layout, container).map((each) => (
        <button
          key={each.pointer}
          class={each.pointer === panel.pointer ? "active" : ""}
          data-switch-panel={scopeKey(each)}
          onClick={() => enter(store, scopeKey(each))}
        >
          {ownerLabel(each)}
        </button>
      ))}
    </nav>
  );
}

/** The selected tab's grid, with its tab bar. */
export function Canvas({ store }: { store: Store }) {
  useDragTracking(store);
  const layout = store.layout.value;
  const index = store.tab.value;
  const tab = layout.tabs[index] as JsonObject | undefined;
  const entered = enteredOwner(store);
  return (
    <section class="canvas" aria-label="canvas">
      <nav class="tabs">
        {layout.tabs.map((t, i) => (
          <button
            key={i}
            class={i === index ? "active" : ""}
            onClick={() => {
              store.tab.value = i;
              store.inside.value = null;
            }}
            data-tab={i}
          >
            {t.title}
          </button>
        ))}
        <button
          title="add a tab"
          onClick={() => {
            const titles = new Set(layout.tabs.map((t) => t.title));
            let n = layout.tabs.length + 1;
            while (titles.has(`Tab ${n}`)) n++;
            const result = store.apply({ op: "addTab", tab: { title: `Tab ${n}` } });
            if (result?.tab !== undefined) store.tab.value = result.tab;
          }}
        >
          +
        </button>
      </nav>
      {entered ? (
        <nav class="crumbs" aria-label="editing inside">
          <button data-crumb="" onClick={() => enter(store, null)}>
            {String(tab?.title)}
          </button>
          {trail(layout, entered.pointer).map((step) => (
            <button
              key={step.key}
              data-crumb={step.key}
              onClick={() => {
                enter(store, step.enter);
                if (step.select !== undefined) store.select(step.select);
              }}
            >
              › {step.label}
            </button>
          ))}
        </nav>
      ) : null}
      {entered?.nesting === "panel" ? <PanelSwitch store={store} panel={entered} /> : null}
      {tab ? (
        <div
          class="sheet"
          onPointerDown={(event) => startMarquee(store, entered?.pointer ?? `/tabs/${index}`, event)}
        >
          {entered ? (
            <GridView store={store} owner={entered.node} pointer={entered.pointer} />
          ) : (
            <GridView store={store} owner={tab} pointer={`/tabs/${index}`} />
          )}
          <MarqueeBox />
        </div>
      ) : (
        <p class="empty">No tabs: add one with +.</p>
      )}
    </section>
  );
}
