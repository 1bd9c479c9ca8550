/**
 * The typed operations a layout document accepts. Every operation is plain JSON (an MCP tool
 * call or an editor gesture can carry it as is) and names what it edits by id, tab or grid path.
 */

/** `[row, col]` (position) or `[rowSpan, colSpan]` (span), 0-based rows and columns. */
export type Cell = [number, number];

/** A tab: its index in `tabs`, or its title (titles double as tab ids in the app). */
export type TabRef = number | string;

/**
 * A grid that holds children: a tab, a group, a container panel or a long-press popup.
 * - `{tab: 0}` or `{tab: "Main"}`: a tab's grid;
 * - `{group: "net"}`: the grid of the group, panel or popup with that id;
 * - `{popup: "lamp"}`: the long-press popup of control `lamp`;
 * - `"Main/net/lamp"`: a path — a tab title (or `#2` for tab index 2), then ids, each inside the
 *   one before, at any depth; the last names a group or panel (its grid) or a control (its popup);
 * - `"/tabs/0/children/3"`: a JSON Pointer to a tab, group, panel or popup.
 */
export type GridRef = string | { tab: TabRef } | { group: string } | { popup: string };

/** A control or group: its id, or a JSON Pointer (`/tabs/0/children/2`) for a node without one. */
export type NodeRef = string;

/** Fields of a control; `type` is one of the catalog's 43 types. */
export interface ControlInput {
  type: string;
  id?: string;
  position?: Cell;
  span?: Cell;
  [field: string]: unknown;
}

/** Fields of a group; `grid` defaults to 2 columns x 2 rows, `children` to none. */
export interface GroupInput {
  id?: string;
  label?: string | null;
  grid?: { columns: number; rows: number; mode?: "grid" | "flow"; rowHeight?: number };
  children?: unknown[];
  position?: Cell;
  span?: Cell;
  [field: string]: unknown;
}

/** Fields of a tab; `icon` defaults to `square.grid.2x2`, `grid` to 4 columns x 8 rows. */
export interface TabInput {
  title: string;
  icon?: string;
  grid?: { columns: number; rows: number; mode?: "grid" | "flow"; rowHeight?: number };
  children?: unknown[];
  [field: string]: unknown;
}

/** Fields of a long-press popup; `grid` defaults to 2 columns x 2 rows. */
export interface PopupInput {
  id?: string;
  label?: string;
  grid?: { columns: number; rows: number; mode?: "grid" | "flow"; rowHeight?: number };
  children?: unknown[];
  [field: string]: unknown;
}

/**
 * Adds a control to `parent` (default: the first tab). Without an id one is assigned
 * (`gauge-1`, …). Without a position it goes to the first free cells (the kit's first-fit
 * placement) for its span; without a span it takes the type's default span from the catalog,
 * clamped to the grid. `fromExample` starts from the catalog's example of the type (nested ids
 * renamed so they never collide), `control`'s fields overriding it. `index` is where it goes in
 * the parent's `children` (default: the end).
 */
export interface AddControlOp {
  op: "addControl";
  parent?: GridRef;
  control: ControlInput;
  position?: Cell;
  span?: Cell;
  index?: number;
  fromExample?: boolean;
}

/**
 * Sets or removes top-level fields of a control or group. `position`/`span` are placement-checked
 * in its grid, a new `id` must be unused, `type` must be a catalog type.
 */
export interface UpdateControlOp {
  op: "updateControl";
  id: NodeRef;
  set?: Record<string, unknown>;
  unset?: string[];
}

/** Removes a control or group (with everything inside it). */
export interface RemoveControlOp {
  op: "removeControl";
  id: NodeRef;
}

/**
 * Moves a control or group within its grid or to another one (`to`), optionally resizing it.
 * Moving to another grid without `position` places it first-fit there. `index` is its new place
 * in the target's `children` (default: unchanged within the same grid, the end elsewhere).
 */
export interface MoveControlOp {
  op: "moveControl";
  id: NodeRef;
  to?: GridRef;
  position?: Cell;
  span?: Cell;
  index?: number;
}

/** Adds a group (a nested grid) to `parent`, placed like a control; its default span is `[2, 2]`. */
export interface AddGroupOp {
  op: "addGroup";
  parent?: GridRef;
  group: GroupInput;
  position?: Cell;
  span?: Cell;
  index?: number;
}

/** Adds or replaces (`popup`) or removes (`null`) the long-press popup of a control. */
export interface SetPopupOp {
  op: "setPopup";
  id: NodeRef;
  popup: PopupInput | null;
}

/** Adds a tab at `index` (default: the end). Titles must be unique. */
export interface AddTabOp {
  op: "addTab";
  tab: TabInput;
  index?: number;
}

/** Sets or removes fields of a tab (`title`, `icon`, `grid`, …); a smaller grid must still hold every child. */
export interface UpdateTabOp {
  op: "updateTab";
  tab: TabRef;
  set?: Record<string, unknown>;
  unset?: string[];
}

/** Removes a tab and everything on it. */
export interface RemoveTabOp {
  op: "removeTab";
  tab: TabRef;
}

/** Moves a tab to index `to`. */
export interface ReorderTabOp {
  op: "reorderTab";
  tab: TabRef;
  to: number;
}

/** Replaces (`value`) or removes (`null`) a top-level block. */
export interface SetAppearanceOp {
  op: "setAppearance";
  value: Record<string, unknown> | null;
}
export interface SetThemeOp {
  op: "setTheme";
  value: Record<string, unknown> | null;
}
export interface SetConnectionOp {
  op: "setConnection";
  value: Record<string, unknown> | null;
}
export interface SetStateOp {
  op: "setState";
  value: Record<string, unknown> | null;
}

/** Sets or removes other top-level fields (`name`, `headerTitle`, `accentColor`, `sources`, …), never `tabs`. */
export interface UpdateLayoutOp {
  op: "updateLayout";
  set?: Record<string, unknown>;
  unset?: string[];
}

/** Replaces the whole layout (a JSON view edit); refused when it has kit errors. */
export interface ReplaceLayoutOp {
  op: "replaceLayout";
  layout: unknown;
}

export type Operation =
  | AddControlOp
  | UpdateControlOp
  | RemoveControlOp
  | MoveControlOp
  | AddGroupOp
  | SetPopupOp
  | AddTabOp
  | UpdateTabOp
  | RemoveTabOp
  | ReorderTabOp
  | SetAppearanceOp
  | SetThemeOp
  | SetConnectionOp
  | SetStateOp
  | UpdateLayoutOp
  | ReplaceLayoutOp;

export type OperationName = Operation["op"];

export const OPERATION_NAMES: readonly OperationName[] = [
  "addControl",
  "updateControl",
  "removeControl",
  "moveControl",
  "addGroup",
  "setPopup",
  "addTab",
  "updateTab",
  "removeTab",
  "reorderTab",
  "setAppearance",
  "setTheme",
  "setConnection",
  "setState",
  "updateLayout",
  "replaceLayout",
];
