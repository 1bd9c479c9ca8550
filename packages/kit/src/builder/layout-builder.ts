import { Connection } from "../connection/connection.js";
import { toLayoutBlock, type LayoutBlockOptions, type LayoutConnectionBlock } from "../connection/emit.js";
import type { Appearance, Layout, LayoutState, PollGroup, Tab, Theme } from "../schema/types.js";
import { APPEARANCE_SPEC, THEME_SPEC, type ObjectSpec } from "../spec/model.js";
import { validateLayout } from "../validate/validate.js";
import { walkLayout } from "../walk.js";
import { gridOf, GridBuilder, type Fill } from "./containers.js";
import { LayoutBuildError } from "./wiring.js";

export interface LayoutOptions {
  /** Schema version; default 1. */
  version?: number;
  id?: string;
  headerTitle?: string;
  accentColor?: string;
}

/** A tab's icon (default `square.grid.2x2`) and grid (default 4 columns × 8 rows). */
export interface TabOptions {
  icon?: string;
  columns?: number;
  rows?: number;
  mode?: "grid" | "flow";
  rowHeight?: number;
}

/**
 * A poll group. With `msgType` it fires `broadcast_request` `{msg_type, ...payload}` (the only
 * kind of frame a server receives); otherwise give the raw `event` and `payload`.
 */
export type PollGroupOptions =
  | { interval: number; msgType: string; payload?: Record<string, unknown> }
  | { interval: number; event: string; payload?: unknown };

const DEFAULT_TAB_GRID = { columns: 4, rows: 8 };
const DEFAULT_TAB_ICON = "square.grid.2x2";

/** Enum fields of a top-level block, from the spec model. */
function blockEnums(spec: ObjectSpec): Map<string, readonly string[]> {
  return new Map(spec.fields.flatMap((field) => (field.values ? [[field.name, field.values]] : [])));
}

const APPEARANCE_ENUMS = blockEnums(APPEARANCE_SPEC);
const THEME_ENUMS = blockEnums(THEME_SPEC);

function checkBlockEnums(
  what: string,
  enums: Map<string, readonly string[]>,
  value: Record<string, unknown>,
): void {
  for (const [name, allowed] of enums) {
    const given = value[name];
    if (given !== undefined && (typeof given !== "string" || !allowed.includes(given))) {
      throw new LayoutBuildError(
        `${what}.${name} ${JSON.stringify(given)} is not one of ${allowed.join(", ")}`,
      );
    }
  }
}

/** Ids must be unique across every nesting point (group children, panels, canvas items, popups). */
function checkUniqueIds(built: Layout): void {
  const seen = new Map<string, string>();
  walkLayout(built, (node, { path }) => {
    if (typeof node.id !== "string") return;
    const first = seen.get(node.id);
    if (first !== undefined)
      throw new LayoutBuildError(`duplicate id '${node.id}' at ${path} (first used at ${first})`);
    seen.set(node.id, path);
  });
}

/**
 * Composes a layout in TypeScript; `build()` gives plain layout JSON that passes
 * `validateLayout` (or throws `LayoutBuildError` naming what is wrong).
 *
 * ```ts
 * const bench = layout("Bench")
 *   .tab("Main", { columns: 4, rows: 8 }, (t) => t.add(gauge("cpu", { min: 0, max: 100, listen: { msgType: "metrics", path: "cpu" } })))
 *   .build();
 * ```
 */
export class LayoutBuilder {
  readonly #layout: Omit<Layout, "tabs">;
  readonly #tabs: Tab[] = [];

  constructor(name: string, options: LayoutOptions = {}) {
    if (typeof name !== "string" || name.trim() === "")
      throw new LayoutBuildError("layout name must be a non-empty string");
    this.#layout = { name, version: options.version ?? 1 };
    if (options.id !== undefined) this.#layout.id = options.id;
    if (options.headerTitle !== undefined) this.#layout.headerTitle = options.headerTitle;
    if (options.accentColor !== undefined) this.#layout.accentColor = options.accentColor;
  }

  /** Adds a tab; `fill` adds its children (auto-placed unless they carry a position). */
  tab(title: string, options: TabOptions | Fill = {}, fill?: Fill): this {
    const [tabOptions, tabFill] = typeof options === "function" ? [{}, options] : [options, fill];
    if (typeof title !== "string" || title === "")
      throw new LayoutBuildError("tab title must be a non-empty string");
    if (this.#tabs.some((tab) => tab.title === title)) {
      throw new LayoutBuildError(`tab '${title}' already exists (a tab's title is its id in the app)`);
    }
    const grid = gridOf(`tab '${title}'`, tabOptions, DEFAULT_TAB_GRID);
    const builder = new GridBuilder(grid, `tab '${title}'`);
    tabFill?.(builder);
    this.#tabs.push({ title, icon: tabOptions.icon ?? DEFAULT_TAB_ICON, grid, children: builder.children });
    return this;
  }

  /**
   * Embeds a connection block: from a parsed `Connection` (written with `toLayoutBlock`, so
   * `options.name`/`role` set the phone's identity) or a ready block.
   */
  connection(source: Connection | LayoutConnectionBlock, options: LayoutBlockOptions = {}): this {
    this.#layout.connection = source instanceof Connection ? toLayoutBlock(source, options) : { ...source };
    return this;
  }

  /** The `state` block; `sync` defaults to true (join snapshots on). */
  state(state: LayoutState = {}): this {
    this.#layout.state = { sync: true, ...state };
    return this;
  }

  pollGroup(name: string, options: PollGroupOptions): this {
    if (typeof options.interval !== "number" || !(options.interval > 0)) {
      throw new LayoutBuildError(`pollGroup '${name}': interval must be a positive number of seconds`);
    }
    const group: PollGroup =
      "msgType" in options
        ? {
            event: "broadcast_request",
            interval: options.interval,
            payload: { msg_type: options.msgType, ...options.payload },
          }
        : {
            event: options.event,
            interval: options.interval,
            ...(options.payload !== undefined ? { payload: options.payload } : {}),
          };
    this.#layout.pollGroups = { ...this.#layout.pollGroups, [name]: group };
    return this;
  }

  /** Registers an event through which a server may inject a whole tab. */
  dynamicTab(event: string): this {
    this.#layout.dynamicTabs = [...(this.#layout.dynamicTabs ?? []), { event }];
    return this;
  }

  theme(theme: Theme): this {
    checkBlockEnums("theme", THEME_ENUMS, theme);
    this.#layout.theme = theme;
    return this;
  }

  appearance(appearance: Appearance): this {
    checkBlockEnums("appearance", APPEARANCE_ENUMS, appearance);
    this.#layout.appearance = appearance;
    return this;
  }

  /** The layout as plain JSON. Throws `LayoutBuildError` on duplicate ids or validator errors. */
  build(): Layout {
    if (this.#tabs.length === 0) throw new LayoutBuildError(`layout '${this.#layout.name}' has no tabs`);
    const built = JSON.parse(JSON.stringify({ ...this.#layout, tabs: this.#tabs })) as Layout;
    checkUniqueIds(built);
    const result = validateLayout(built);
    if (!result.ok) {
      throw new LayoutBuildError(
        `layout '${built.name}' does not validate:\n` +
          result.errors.map((e) => `  ${e.path}: ${e.message}`).join("\n"),
      );
    }
    return built;
  }

  toJSON(): Layout {
    return this.build();
  }
}

export function layout(name: string, options?: LayoutOptions): LayoutBuilder {
  return new LayoutBuilder(name, options);
}
