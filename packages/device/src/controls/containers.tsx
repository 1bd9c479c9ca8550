import { useEffect, useState } from "preact/hooks";
import { isRecord } from "./document.js";
import { bool, rootProps, str } from "./fields.js";
import { toNumber } from "./format.js";
import { Icon } from "./icons.js";
import { useLongPress } from "./long-press.js";
import { steppingOf } from "../render/motion.js";
import type { ControlDef, ControlProps, GroupDef } from "./types.js";

/** The container's valid panels (group definitions with a `children` array). */
export function panelsOf(def: ControlDef): GroupDef[] {
  return Array.isArray(def.panels)
    ? def.panels.filter((p): p is GroupDef => isRecord(p) && Array.isArray(p.children))
    : [];
}

export function clampIndex(value: unknown, count: number, fallback: number): number {
  const n = toNumber(value);
  if (n === undefined || count === 0) return fallback;
  return Math.max(0, Math.min(count - 1, Math.round(n)));
}

export const INTERACTIVE =
  "button, input, select, textarea, a, label, [role=switch], [role=slider], .cc-graph-svg";

/** Sections with headers (panel `label`); single mode: value = open index (−1 = none). */
export function Accordion({ def, ctx }: ControlProps) {
  const panels = panelsOf(def);
  const multi = def.accordionMode === "multi";
  const initial = toNumber(def.defaultValue) ?? toNumber(def.expandedIndex) ?? 0;
  const value = toNumber(ctx.value.value);
  const [openSet, setOpenSet] = useState<Set<number>>(() => new Set(initial >= 0 ? [initial] : []));
  useEffect(() => {
    if (multi && value !== undefined && value >= 0) setOpenSet((set) => new Set(set).add(value));
  }, [multi, value]);
  const openIndex = value ?? initial;
  const isOpen = (i: number) => (multi ? openSet.has(i) : openIndex === i);
  const toggle = (i: number) => {
    if (multi) {
      setOpenSet((set) => {
        const next = new Set(set);
        if (next.has(i)) next.delete(i);
        else next.add(i);
        return next;
      });
      ctx.commit(i);
    } else ctx.commit(openIndex === i ? -1 : i);
  };
  const chevron = bool(def.showChevron, true);
  return (
    <div {...rootProps(def, ctx)}>
      {panels.length === 0 ? <div class="cc-placeholder">No sections</div> : null}
      {panels.map((panel, i) => (
        <section key={panel.id ?? i} class={`cc-section${isOpen(i) ? " is-open" : ""}`}>
          <button type="button" class="cc-section-head" aria-expanded={isOpen(i)} onClick={() => toggle(i)}>
            {typeof panel.icon === "string" ? <Icon name={panel.icon} /> : null}
            <span class="cc-section-title">{str(panel.label, `Section ${i + 1}`)}</span>
            {chevron ? <Icon name="chevron.right" class="cc-section-chevron" /> : null}
          </button>
          {isOpen(i) ? <div class="cc-section-body">{ctx.renderGroup(panel)}</div> : null}
        </section>
      ))}
    </div>
  );
}

/**
 * Faces that flip on tap (or long press); value = face index, advancing wraps and emits. A synced
 * jump of more than one face flips through the faces between, `containerAnimation.stepInterval`
 * apart, unless `multiStep` is false.
 */
export function FlipCard({ def, ctx }: ControlProps) {
  const panels = panelsOf(def);
  const count = panels.length;
  const index = clampIndex(ctx.value.value ?? def.defaultValue, count, 0);
  const [turns, setTurns] = useState(0);
  const [shown, setShown] = useState(index);
  const { multiStep, stepInterval } = steppingOf(def.containerAnimation);
  useEffect(() => {
    if (shown === index) return;
    if (!multiStep || Math.abs(index - shown) <= 1) {
      setShown(index);
      return;
    }
    const timer = setTimeout(() => {
      setShown((face) => face + Math.sign(index - face));
      setTurns((t) => t + 1);
    }, stepInterval * 1000);
    return () => clearTimeout(timer);
  }, [index, shown, multiStep, stepInterval]);
  const advance = () => {
    if (count < 2) return;
    const next = (index + 1) % count;
    setTurns((t) => t + 1);
    setShown(next);
    ctx.commit(next);
  };
  const longPressTrigger = def.flipTrigger === "longPress";
  const longPress = useLongPress(longPressTrigger ? advance : undefined);
  const vertical = def.flipAxis === "vertical";
  const face = Math.min(shown, count - 1);
  const panel = panels[face];
  return (
    <div {...rootProps(def, ctx, undefined, vertical ? "cc-flip--vertical" : "")}>
      <div
        key={`${face}-${turns}`}
        class={`cc-flip-face${turns > 0 ? " is-flipping" : ""}`}
        data-face={face}
        onClick={(event) => {
          if (longPressTrigger || (event.target as Element).closest(INTERACTIVE)) return;
          advance();
        }}
        {...longPress.handlers}
      >
        {panel ? ctx.renderGroup(panel) : <div class="cc-placeholder">No faces</div>}
      </div>
      {count > 1 ? <div class="cc-flip-hint">{`${face + 1} / ${count}`}</div> : null}
    </div>
  );
}
