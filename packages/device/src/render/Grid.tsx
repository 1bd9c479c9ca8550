import { useCallback, useContext, useMemo, useState } from "preact/hooks";
import type { JSX } from "preact";
import { BACKGROUNDLESS_TYPES, ControlView, SELF_LABELLED_TYPES } from "../controls/index.js";
import { Icon } from "../controls/icons.js";
import { useLongPress } from "../controls/long-press.js";
import type { ControlContext, ControlDef, GroupDef } from "../controls/types.js";
import { isControl, isGroup } from "../engine/layout.js";
import type { JsonObject } from "../engine/json.js";
import { conditionHolds, visibilityOf } from "../engine/visibility.js";
import { SourceNote } from "../sources/SourcesBar.js";
import { sourcesOf } from "../sources/runtime.js";
import { RenderContext, type RenderEnv } from "./context.js";
import { cellStyle, flowBands, gridSpec, spanOf, type GridSpec } from "./placement.js";
import { hapticOf, playHaptic } from "./haptics.js";
import { animationVariables, containerAnimationVariables } from "./motion.js";
import { LongPressPopup, popupGroupOf, popupOrigin, type PopupOrigin } from "./Popup.js";
import { pulseSpec, usePulseCount } from "./pulse.js";
import { controlThemeVariables } from "./theme.js";
import { readColor } from "../controls/color.js";

function useEnv(): RenderEnv {
  const env = useContext(RenderContext);
  if (!env) throw new Error("rendered outside a device");
  return env;
}

/** Hidden children keep their cell (no reflow), fade out and ignore touches. */
function useHidden(def: unknown): boolean {
  const { engine } = useEnv();
  const condition = visibilityOf(def);
  if (!condition) return false;
  return !conditionHolds(condition, engine.valueSignal(condition.when).value);
}

function cellProps(
  def: Record<string, unknown>,
  env: RenderEnv,
  hidden: boolean,
  extraClass: string,
  bareByDefault = false,
) {
  const type = typeof def.type === "string" ? def.type : undefined;
  const style: Record<string, string> = {
    ...controlThemeVariables(def.theme, env.scheme, type),
    ...animationVariables(def.animation),
    ...(type ? containerAnimationVariables(type, def.containerAnimation) : {}),
  };
  if (typeof def.controlHeight === "number" && def.controlHeight > 0) style.height = `${def.controlHeight}px`;
  const classes = ["carter-cell", extraClass];
  // A control's own `surfacePrimary` fills its card, inside a group too.
  if (style["--carter-surface1"]) classes.push("carter-own-surface");
  if (def.hideBackground === true || (bareByDefault && def.hideBackground !== false))
    classes.push("carter-bare");
  if (hidden) classes.push("carter-hidden");
  return {
    class: classes.join(" "),
    style,
    "aria-hidden": hidden ? true : undefined,
    inert: hidden ? true : undefined,
  };
}

function ControlCell({ def, placement }: { def: ControlDef; placement: Record<string, string> }) {
  const env = useEnv();
  const hidden = useHidden(def);
  const haptic = hapticOf(def);
  const ctx = useMemo<ControlContext>(() => {
    const { engine } = env;
    // What the user does with a control plays its haptic (layout.md §6.1); stored-only commits
    // (a slider mid-drag, an auto-advancing carousel) stay silent.
    return {
      value: engine.valueSignal(def.id),
      pending: engine.pendingSignal(def.id),
      commit: (value, options) => {
        if (options?.fire !== false) playHaptic(haptic);
        engine.commit(def.id, value, options);
      },
      fire: (carrier, tokens) => {
        playHaptic(haptic);
        return engine.fire(def.id, carrier, tokens);
      },
      fireAction: (action, tokens) => {
        playHaptic(haptic);
        return engine.fireAction(def.id, action as JsonObject, tokens);
      },
      request: (type, payload) => engine.request(type, payload),
      send: (type, payload) => {
        playHaptic(haptic);
        engine.sendFrame(def.id, type, payload);
      },
      identity: () => engine.identity(),
      renderGroup: (group) => <GroupBody group={group} />,
    };
  }, [env, def.id, haptic]);
  const popup = popupGroupOf(def.longPressGroup);
  const [popupAt, setPopupAt] = useState<PopupOrigin | null>(null);
  const closePopup = useCallback(() => setPopupAt(null), []);
  // `longPressAction` works on any control (layout.md §6.1); the button handles its own, beside its
  // tap. A `longPressGroup` opens its popup with a medium haptic (§5.2).
  const fireLongPress = def.longPressAction !== undefined && def.type !== "button";
  const longPress = useLongPress(
    fireLongPress || popup
      ? (source) => {
          if (fireLongPress) void env.engine.fire(def.id, "longPressAction", {});
          if (popup && source) {
            playHaptic("medium");
            setPopupAt(popupOrigin(source));
          }
        }
      : undefined,
  );
  const pending = ctx.pending.value;
  const props = cellProps(
    def,
    env,
    hidden,
    `carter-control carter-type-${def.type}${pending ? " carter-pending" : ""}`,
    BACKGROUNDLESS_TYPES.has(def.type),
  );
  const showLabel =
    typeof def.label === "string" &&
    def.label !== "" &&
    def.hideLabel !== true &&
    !SELF_LABELLED_TYPES.has(def.type);
  return (
    <div
      {...props}
      style={{ ...props.style, ...placement }}
      data-control-id={def.id}
      data-control-type={def.type}
      data-pending={pending ? "" : undefined}
      aria-busy={pending ? true : undefined}
      {...longPress.handlers}
      onClickCapture={(event) => {
        if (!longPress.consumeLongPress()) return;
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      {showLabel ? <div class="carter-control-label">{def.label}</div> : null}
      <div class="carter-control-body">
        <ControlView def={def} ctx={ctx} />
      </div>
      <SourceNote runtime={sourcesOf(env.engine)} id={def.id} />
      {popup && popupAt ? (
        <LongPressPopup group={popup} origin={popupAt} onClose={closePopup}>
          <GridView grid={gridSpec(popup.grid)} children={env.engine.childrenOf(popup)} />
        </LongPressPopup>
      ) : null}
    </div>
  );
}

function GroupCell({ group, placement }: { group: GroupDef; placement: Record<string, string> }) {
  const env = useEnv();
  const hidden = useHidden(group);
  const props = cellProps(group, env, hidden, "carter-group");
  const pulse = pulseSpec(group.pulse);
  const pulses = usePulseCount(env.engine, pulse);
  const label = typeof group.label === "string" && group.label !== "" ? group.label : null;
  const icon = typeof group.icon === "string" && group.icon !== "" ? group.icon : null;
  const tint = readColor(group.tint);
  return (
    <section {...props} style={{ ...props.style, ...placement }} data-group-id={group.id}>
      {label || icon ? (
        <header class="carter-group-label" style={tint ? { color: tint } : undefined}>
          {icon ? <Icon name={icon} class="carter-group-icon" /> : null}
          {label}
        </header>
      ) : null}
      <GroupBody group={group} fill />
      {pulse && pulses > 0 ? (
        <span
          key={pulses}
          class={`carter-pulse carter-pulse--${pulse.direction}`}
          style={pulse.style}
          data-pulses={pulses}
          aria-hidden="true"
        />
      ) : null}
    </section>
  );
}

/** A group's grid with its (possibly live, server-filled) children. */
export function GroupBody({ group, fill = false }: { group: GroupDef; fill?: boolean }) {
  const { engine } = useEnv();
  return <GridView grid={gridSpec(group.grid)} children={engine.childrenOf(group)} fill={fill} />;
}

function renderChild(
  child: unknown,
  placement: Record<string, string>,
  key: string | number,
): JSX.Element | null {
  if (isGroup(child)) return <GroupCell key={key} group={child} placement={placement} />;
  if (isControl(child)) return <ControlCell key={key} def={child} placement={placement} />;
  return null;
}

function keyOf(child: unknown, index: number): string | number {
  const id = (child as { id?: unknown }).id;
  return typeof id === "string" ? id : index;
}

/**
 * Lays children out on a grid (layout.md §4): 2-D CSS grid with `[row, col]`/`[rowSpan, colSpan]`
 * placement, or flow bands with proportional widths. A filling grid (inside a group card) shares
 * the card's height among its rows; a top-level grid uses `rowHeight` points per row.
 */
export function GridView({
  grid,
  children,
  fill = false,
}: {
  grid: GridSpec;
  children: readonly unknown[];
  fill?: boolean;
}) {
  if (grid.mode === "flow") {
    return (
      <div class="carter-flow">
        {flowBands(children).map((band, b) => {
          // Explicit widths on the 2-D column pitch, so bands line up column by column (a flex-grow
          // share would add each cell's padding on top); an underfull band leaves its unused
          // columns empty, an overfull one narrows its columns.
          const columns = Math.max(
            grid.columns,
            band.reduce<number>((sum, child) => sum + spanOf(child)[1], 0),
          );
          const width = (span: number) =>
            `calc((100% - ${columns - 1} * var(--carter-gap)) * ${span} / ${columns} + ${span - 1} * var(--carter-gap))`;
          return (
            <div class="carter-band" key={b}>
              {band.map((child, i) =>
                renderChild(child, { flex: `0 0 ${width(spanOf(child)[1])}` }, keyOf(child, i)),
              )}
            </div>
          );
        })}
      </div>
    );
  }
  const style = {
    gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`,
    gridTemplateRows: fill
      ? `repeat(${grid.rows}, minmax(${Math.min(grid.rowHeight, 44)}px, 1fr))`
      : `repeat(${grid.rows}, ${grid.rowHeight}px)`,
    gridAutoRows: `${grid.rowHeight}px`,
  };
  return (
    <div class={fill ? "carter-grid carter-grid-fill" : "carter-grid"} style={style}>
      {children.map((child, i) => renderChild(child, cellStyle(child), keyOf(child, i)))}
    </div>
  );
}
