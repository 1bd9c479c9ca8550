import { isGroupNode, type JsonObject } from "@carter/kit";
import { signal } from "@preact/signals";
import { currentGrid, enter, reveal } from "./scope.js";
import type { Store } from "./store.js";

/** What is being dragged in the tree: a tab (by index) or a node (by id, within its grid). */
const dragging = signal<{ tab: number } | { id: string; grid: string } | null>(null);
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

function NodeRow({
  store,
  node,
  grid,
  index,
  count,
}: {
  store: Store;
  node: JsonObject;
  grid: string;
  index: number;
  count: number;
}) {
  const id = typeof node.id === "string" ? node.id : null;
  if (id === null) return null;
  const group = isGroupNode(node);
  const selected = store.selected.value === id || store.also.value.includes(id);
  const pointer = `${grid}/children/${index}`;
  return (
    <li
      data-node={id}
      draggable
      onDragStart={(event) => {
        event.stopPropagation();
        event.dataTransfer?.setData("text/plain", id);
        dragging.value = { id, grid };
      }}
      onDragOver={(event) => {
        const carried = dragging.value;
        if (carried && "id" in carried && carried.grid === grid) {
          event.preventDefault();
          event.stopPropagation();
        }
      }}
      onDrop={(event) => {
        const carried = dragging.value;
        dragging.value = null;
        if (!carried || !("id" in carried) || carried.grid !== grid || carried.id === id) return;
        event.preventDefault();
        event.stopPropagation();
        reorderNode(store, carried.id, index);
      }}
    >
      <span class={`tree-row${selected ? " selected" : ""}`}>
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
          disabled={index === count - 1}
          onClick={() => reorderNode(store, id, index + 1)}
        >
          ↓
        </button>
      </span>
      {group ? <Children store={store} owner={node} grid={pointer} /> : null}
    </li>
  );
}

function Children({ store, owner, grid }: { store: Store; owner: JsonObject; grid: string }) {
  const children = childrenOf(owner);
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
          count={children.length}
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
  return (
    <li
      data-tree-tab={title}
      draggable={renaming.value !== index}
      onDragStart={(event) => {
        event.dataTransfer?.setData("text/plain", title);
        dragging.value = { tab: index };
      }}
      onDragOver={(event) => {
        if (dragging.value && "tab" in dragging.value) event.preventDefault();
      }}
      onDrop={(event) => {
        const carried = dragging.value;
        dragging.value = null;
        if (!carried || !("tab" in carried) || carried.tab === index) return;
        event.preventDefault();
        reorderTab(store, carried.tab, index);
      }}
    >
      <span class={`tree-row tab${shown ? " selected" : ""}`}>
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
      <Children store={store} owner={tab} grid={`/tabs/${index}`} />
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
 * The layout as a tree — tabs, then groups and controls at any depth. Click selects (and shows
 * where it is), ⤵ edits inside a group, ↑/↓ or dragging reorders tabs and siblings; tabs are
 * added, renamed (double-click) and removed here, groups added to the grid the canvas shows.
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
