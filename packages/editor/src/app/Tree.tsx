import { isGroupNode, type JsonObject } from "@carter/kit";
import { signal } from "@preact/signals";
import { entries, panelsOf, popupOf, scopeKey, type Entry } from "./owners.js";
import { pure } from "./pure.js";
import { currentGrid, enter, reveal } from "./scope.js";
import { moveToGrid } from "./tree-move.js";
import type { Store } from "./store.js";

/** What is being dragged in the tree: a tab (by index) or a node (by id, with the grid holding it). */
const dragging = signal<{ tab: number } | { id: string; grid: string } | null>(null);
/** The row a carried node would land on (its `data-*` key), and whether it goes into it or beside it. */
const over = signal<{ row: string; into: boolean } | null>(null);
/** The tab whose title is being edited. */
const renaming = signal<number | null>(null);

function nameOf(node: JsonObject): string {
  for (const key of ["label", "text", "title"])
    if (typeof node[key] === "string" && node[key] !== "") return node[key];
  return "";
}

function childrenOf(owner: JsonObject): JsonObject[] {
  return Array.isArray(owner.children)
    ? owner.children.filter((c): c is JsonObject => typeof c === "object" && c !== null && !Array.isArray(c))
    : [];
}

/** Moves node `id` to place `to` among its grid's children (its cells unchanged). */
function reorderNode(store: Store, id: string, to: number): void {
  store.apply({ op: "moveControl", id, index: to });
}

/** Moves node `id` into the grid at `to` (at `index`, else the end) and shows it there. */
function moveInto(store: Store, id: string, to: string, index?: number): void {
  const op = moveToGrid(store.layout.value, id, to, index);
  if (op && store.apply(op)) reveal(store, id);
}

/** Shows tab `index` on the canvas, its own grid (no group entered). */
function showTab(store: Store, index: number): void {
  enter(store, null);
  store.tab.value = index;
}

function reorderTab(store: Store, from: number, to: number): void {
  const shown = store.tab.value;
  if (store.apply({ op: "reorderTab", tab: from, to }) === null) return;
  // The canvas keeps showing the same tab.
  if (shown === from) store.tab.value = to;
  else if (from < shown && to >= shown) store.tab.value = shown - 1;
  else if (from > shown && to <= shown) store.tab.value = shown + 1;
}

/** The node being carried, unless it is `self`. */
function carriedNode(self?: string): { id: string; grid: string } | null {
  const carried = dragging.value;
  return carried && "id" in carried && carried.id !== self ? carried : null;
}

/** True in the middle half of the row's height: a drop there goes into the row's grid. */
function inMiddle(event: DragEvent): boolean {
  const row = (event.currentTarget as HTMLElement).querySelector(":scope > .tree-row");
  if (!row) return false;
  const box = row.getBoundingClientRect();
  return event.clientY > box.top + box.height / 4 && event.clientY < box.bottom - box.height / 4;
}

function rowClass(row: string, selected: boolean, extra = ""): string {
  const hint = over.value?.row === row ? (over.value.into ? " drop-into" : " drop-beside") : "";
  return `tree-row${extra}${selected ? " selected" : ""}${hint}`;
}

/** True when the pointer is on the row's own line, not on a row nested under it. */
function onOwnRow(event: DragEvent): boolean {
  return event.target instanceof Element && event.target.closest("li") === event.currentTarget;
}

/**
 * Drag handlers of a row a carried node can be dropped on; `into` says where it goes. Only the
 * row's own line takes the drop: a drop on the carried row itself (or between rows) does nothing.
 */
function dropTarget(
  row: string,
  self: string | undefined,
  drop: (event: DragEvent, carried: { id: string; grid: string }) => void,
  into: (event: DragEvent) => boolean,
) {
  return {
    onDragOver: (event: DragEvent) => {
      if (!carriedNode(self) || !onOwnRow(event)) {
        if (over.value?.row === row) over.value = null;
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      const next = { row, into: into(event) };
      if (over.value?.row !== next.row || over.value.into !== next.into) over.value = next;
    },
    onDragLeave: (event: DragEvent) => {
      if (over.value?.row === row && !(event.currentTarget as Element).contains(event.relatedTarget as Node))
        over.value = null;
    },
    onDrop: (event: DragEvent) => {
      const carried = carriedNode(self);
      if (!onOwnRow(event)) return;
      dragging.value = null;
      over.value = null;
      if (!carried) return;
      event.preventDefault();
      event.stopPropagation();
      drop(event, carried);
    },
  };
}

/**
 * One control or group in the tree. Apart from the drop hint while a row is carried, it draws
 * from its props alone, so (`pure`) a change re-renders only the rows whose node object (kept
 * by the document for unchanged nodes), place or selection changed.
 */
const NodeRow = pure(function NodeRow({
  store,
  node,
  grid,
  index,
  last,
  selected,
}: {
  store: Store;
  node: JsonObject;
  grid: string;
  index: number;
  /** The last of its siblings (it cannot go later). */
  last: boolean;
  selected: boolean;
}) {
  const id = typeof node.id === "string" ? node.id : null;
  if (id === null) return null;
  const group = isGroupNode(node);
  const pointer = `${grid}/children/${index}`;
  // The layout holding `node` (the parent rendered from it); peeked: the row's props say when to redraw.
  const layout = store.layout.peek();
  const entry = entries(layout).get(pointer);
  const popup = entry && !group ? popupOf(layout, entry) : null;
  const panels = entry && !group ? panelsOf(layout, entry) : [];
  const handlers = dropTarget(
    `node:${id}`,
    id,
    (event, carried) => {
      if (group && inMiddle(event)) moveInto(store, carried.id, pointer);
      else if (carried.grid === grid) reorderNode(store, carried.id, index);
      else moveInto(store, carried.id, grid, index);
    },
    (event) => group && inMiddle(event),
  );
  return (
    <li
      data-node={id}
      draggable
      onDragStart={(event) => {
        event.stopPropagation();
        event.dataTransfer?.setData("text/plain", id);
        dragging.value = { id, grid };
      }}
      onDragEnd={() => {
        dragging.value = null;
        over.value = null;
      }}
      {...handlers}
    >
      <span class={rowClass(`node:${id}`, selected)}>
        <button
          class="tree-name"
          onClick={(event) => reveal(store, id, event.shiftKey || event.ctrlKey || event.metaKey)}
        >
          <span class="node-type">{group ? "group" : String(node.type)}</span> {id}{" "}
          <span class="hint">{nameOf(node)}</span>
        </button>
        {group ? (
          <button data-enter={id} title="edit inside this group" onClick={() => enter(store, id)}>
            ⤵
          </button>
        ) : null}
        <button
          data-up={id}
          title="earlier"
          disabled={index === 0}
          onClick={() => reorderNode(store, id, index - 1)}
        >
          ↑
        </button>
        <button
          data-down={id}
          title="later"
          disabled={last}
          onClick={() => reorderNode(store, id, index + 1)}
        >
          ↓
        </button>
      </span>
      {group ? <Children store={store} owner={node} grid={pointer} /> : null}
      {popup || panels.length > 0 ? (
        <ul>
          {popup ? <OwnerRow store={store} entry={popup} control={id} /> : null}
          {panels.map((panel) => (
            <OwnerRow key={panel.pointer} store={store} entry={panel} control={id} />
          ))}
        </ul>
      ) : null}
    </li>
  );
});

/** A long-press popup or a container panel under its control: entered with ⤵, a drop target. */
function OwnerRow({ store, entry, control }: { store: Store; entry: Entry; control: string }) {
  const key = scopeKey(entry);
  const popup = entry.nesting === "popup";
  const own = typeof entry.node.id === "string" ? entry.node.id : null;
  const selected = own !== null && (store.selected.value === own || store.also.value.includes(own));
  const row = `owner:${entry.pointer}`;
  const handlers = dropTarget(
    row,
    own ?? undefined,
    (_event, carried) => moveInto(store, carried.id, entry.pointer),
    () => true,
  );
  return (
    <li {...(popup ? { "data-popup": control } : { "data-panel": key })} {...handlers}>
      <span class={rowClass(row, selected, " owner")}>
        <button class="tree-name" onClick={() => (own === null ? enter(store, key) : reveal(store, own))}>
          <span class="node-type">{popup ? "popup" : "panel"}</span> {own ?? ""}{" "}
          <span class="hint">{nameOf(entry.node)}</span>
        </button>
        <button
          data-enter={key}
          title={`edit inside this ${popup ? "long-press popup" : "panel"}`}
          onClick={() => enter(store, key)}
        >
          ⤵
        </button>
        {popup ? (
          <button
            data-remove-popup={control}
            title="remove this popup and everything in it"
            onClick={() => store.apply({ op: "setPopup", id: control, popup: null })}
          >
            ×
          </button>
        ) : null}
      </span>
      <Children store={store} owner={entry.node} grid={entry.pointer} />
    </li>
  );
}

function Children({ store, owner, grid }: { store: Store; owner: JsonObject; grid: string }) {
  const children = childrenOf(owner);
  const primary = store.selected.value;
  const also = store.also.value;
  if (children.length === 0) return null;
  return (
    <ul>
      {children.map((child, index) => (
        <NodeRow
          key={`${index}:${String(child.id)}`}
          store={store}
          node={child}
          grid={grid}
          index={index}
          last={index === children.length - 1}
          selected={child.id === primary || also.includes(child.id as string)}
        />
      ))}
    </ul>
  );
}

function TabRow({
  store,
  tab,
  index,
  count,
}: {
  store: Store;
  tab: JsonObject;
  index: number;
  count: number;
}) {
  const title = String(tab.title);
  const shown = store.tab.value === index;
  const grid = `/tabs/${index}`;
  const nodeDrop = dropTarget(
    `tab:${index}`,
    undefined,
    (_event, carried) => moveInto(store, carried.id, grid),
    () => true,
  );
  return (
    <li
      data-tree-tab={title}
      draggable={renaming.value !== index}
      onDragStart={(event) => {
        event.dataTransfer?.setData("text/plain", title);
        dragging.value = { tab: index };
      }}
      onDragEnd={() => {
        dragging.value = null;
        over.value = null;
      }}
      onDragOver={(event) => {
        if (dragging.value && "tab" in dragging.value) event.preventDefault();
        else nodeDrop.onDragOver(event);
      }}
      onDragLeave={nodeDrop.onDragLeave}
      onDrop={(event) => {
        const carried = dragging.value;
        if (carried && "id" in carried) {
          nodeDrop.onDrop(event);
          return;
        }
        dragging.value = null;
        if (!carried || !("tab" in carried) || carried.tab === index) return;
        event.preventDefault();
        reorderTab(store, carried.tab, index);
      }}
    >
      <span class={rowClass(`tab:${index}`, shown, " tab")}>
        {renaming.value === index ? (
          <input
            name="tab-title"
            value={title}
            ref={(input) => input?.focus()}
            onKeyDown={(event) => {
              if (event.key === "Escape") renaming.value = null;
              if (event.key === "Enter") event.currentTarget.blur();
            }}
            onBlur={(event) => {
              renaming.value = null;
              const next = event.currentTarget.value.trim();
              if (next !== "" && next !== title)
                store.apply({ op: "updateTab", tab: index, set: { title: next } });
            }}
          />
        ) : (
          <button
            class="tree-name"
            title="double-click to rename"
            onClick={() => showTab(store, index)}
            onDblClick={() => (renaming.value = index)}
          >
            {title}
          </button>
        )}
        <button
          data-up-tab={title}
          title="earlier"
          disabled={index === 0}
          onClick={() => reorderTab(store, index, index - 1)}
        >
          ↑
        </button>
        <button
          data-down-tab={title}
          title="later"
          disabled={index === count - 1}
          onClick={() => reorderTab(store, index, index + 1)}
        >
          ↓
        </button>
        <button
          data-remove-tab={title}
          title="remove this tab and everything on it"
          disabled={count === 1}
          onClick={() => store.apply({ op: "removeTab", tab: index })}
        >
          ×
        </button>
      </span>
      <Children store={store} owner={tab} grid={grid} />
    </li>
  );
}

function newTabTitle(store: Store): string {
  const titles = new Set(store.layout.value.tabs.map((t) => t.title));
  let n = store.layout.value.tabs.length + 1;
  while (titles.has(`Tab ${n}`)) n++;
  return `Tab ${n}`;
}

/**
 * The layout as a tree — tabs, then groups, controls, long-press popups and container panels at
 * any depth. Click selects (and shows where it is), ⤵ edits inside a group, popup or panel, ↑/↓
 * or dragging reorders tabs and siblings; dragging a node onto a tab, popup or panel (or the
 * middle of a group's row, or a row in another grid) moves it into that grid. Tabs are added,
 * renamed (double-click) and removed here, groups added to the grid the canvas shows.
 */
export function Tree({ store }: { store: Store }) {
  const tabs = store.layout.value.tabs as unknown as JsonObject[];
  return (
    <section class="tree" aria-label="structure">
      <h2>Structure</h2>
      <ul>
        {tabs.map((tab, index) => (
          <TabRow
            key={`${index}:${String(tab.title)}`}
            store={store}
            tab={tab}
            index={index}
            count={tabs.length}
          />
        ))}
      </ul>
      <div class="tree-actions">
        <button
          data-action="add-tab"
          onClick={() => {
            const result = store.apply({ op: "addTab", tab: { title: newTabTitle(store) } });
            if (result?.tab !== undefined) showTab(store, result.tab);
          }}
        >
          + Tab
        </button>
        <button
          data-action="add-group"
          title="a 2x2 group in the grid the canvas shows"
          onClick={() => {
            const result = store.apply({
              op: "addGroup",
              parent: currentGrid(store),
              group: { label: "Group" },
            });
            if (result?.id) store.select(result.id);
          }}
        >
          + Group
        </button>
      </div>
    </section>
  );
}
