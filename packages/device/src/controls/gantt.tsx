import { useRef, useState } from "preact/hooks";
import { scaleLinear, scaleUtc } from "d3-scale";
import { bool, config, num, rootProps } from "./fields.js";
import { formatValue } from "./format.js";
import { seriesColor } from "./palette.js";
import { normalizeGantt, type GanttTask } from "./viz-data.js";
import { PlotArea, ScrubReadout, tintOf, useScrub } from "./viz.js";
import type { ControlProps } from "./types.js";

/** A press that travels further than this (px) on an editable bar is a progress drag, not a tap. */
const DRAG_PX = 4;

/** Timeline of tasks with progress bars and milestones; `editable` bars take a progress drag. */
export function Gantt({ def, ctx }: ControlProps) {
  const cfg = config(def, "ganttConfig");
  const { tasks, dates } = normalizeGantt(ctx.value.value ?? def.defaultValue);
  const [dragged, setDragged] = useState<{ index: number; progress: number } | null>(null);
  const press = useRef<{ task: GanttTask; x: number; moved: boolean; progress: number } | null>(null);
  const scrub = useScrub(bool(cfg.scrub, false));
  const tint = tintOf(def);
  if (tasks.length === 0)
    return (
      <div {...rootProps(def, ctx)}>
        <div class="cc-placeholder">No tasks</div>
      </div>
    );
  const editable = bool(cfg.editable, false);
  const step = Math.max(0.001, num(cfg.step, 0.05));
  const rowHeight = Math.max(12, num(cfg.rowHeight, 30));
  const radius = Math.max(0, num(cfg.barCornerRadius, 5));
  const showProgress = bool(cfg.showProgress, true);
  const lo = Math.min(...tasks.map((t) => t.start));
  const hi = Math.max(...tasks.map((t) => t.end));
  const when = (t: number) => (dates ? new Date(t).toISOString().slice(0, 10) : formatValue(t));
  const describe = (t: GanttTask) =>
    `${t.name}: ${when(t.start)}${t.milestone ? "" : ` → ${when(t.end)}`}${t.progress !== undefined ? ` · ${Math.round(t.progress * 100)}%` : ""}`;
  const release = () => {
    const current = press.current;
    press.current = null;
    if (!current) return;
    if (current.moved) {
      setDragged(null);
      const progress = Number(current.progress.toFixed(6));
      const list = tasks.map((t) => (t.index === current.task.index ? { ...t.source, progress } : t.source));
      ctx.commit({ tasks: list }, { fire: false });
      void ctx.fire("ganttConfig.taskAction", {
        value: { name: current.task.name, index: current.task.index, progress },
      });
    } else {
      void ctx.fire("ganttConfig.taskAction", {
        value: { ...current.task.source, index: current.task.index },
      });
    }
  };
  return (
    <div {...rootProps(def, ctx)}>
      <ScrubReadout text={scrub.text} />
      <PlotArea
        class="cc-gantt-plot"
        draw={({ width }) => {
          const labelW = Math.min(120, Math.max(40, 7 * Math.max(...tasks.map((t) => t.name.length)) + 10));
          const axisH = bool(cfg.showAxis, true) ? 18 : 0;
          const height = axisH + rowHeight * tasks.length + 4;
          const span = hi > lo ? [lo, hi] : [lo - 1, hi + 1];
          const range = [labelW, width - 8];
          const utc = scaleUtc()
            .domain(span.map((t) => new Date(t)))
            .range(range);
          const linear = scaleLinear().domain(span).range(range);
          const pos = (t: number): number => (dates ? utc(new Date(t)) : linear(t));
          const tickCount = Math.max(2, Math.floor((width - labelW) / 70));
          const ticks: { at: number; text: string }[] = dates
            ? utc.ticks(tickCount).map((d) => ({ at: d.getTime(), text: utc.tickFormat(tickCount)(d) }))
            : linear.ticks(tickCount).map((n) => ({ at: n, text: formatValue(n) }));
          const today = Date.now();
          return (
            <svg
              class="cc-gantt-svg"
              width={width}
              height={height}
              onPointerMove={(event) => {
                const current = press.current;
                if (!current || !editable || current.task.milestone) return;
                if (!current.moved && Math.abs(event.clientX - current.x) < DRAG_PX) return;
                current.moved = true;
                const box = (event.currentTarget as SVGElement).getBoundingClientRect();
                const px = event.clientX - box.left;
                const start = pos(current.task.start);
                const end = pos(current.task.end);
                const raw = (px - start) / Math.max(1, end - start);
                current.progress = Math.min(1, Math.max(0, Math.round(raw / step) * step));
                setDragged({ index: current.task.index, progress: current.progress });
              }}
              onPointerUp={release}
              onPointerCancel={() => {
                press.current = null;
                setDragged(null);
              }}
            >
              {axisH > 0
                ? ticks.map((tick, i) => {
                    const tx = pos(tick.at);
                    return (
                      <g key={i}>
                        {bool(cfg.showGrid, true) ? (
                          <line class="cc-chart-grid" x1={tx} x2={tx} y1={axisH} y2={height} />
                        ) : null}
                        <text class="cc-chart-axis" x={tx} y={12} text-anchor="middle">
                          {tick.text}
                        </text>
                      </g>
                    );
                  })
                : null}
              {dates && bool(cfg.showToday, true) && today >= span[0] && today <= span[1] ? (
                <line class="cc-gantt-today" x1={pos(today)} x2={pos(today)} y1={axisH} y2={height} />
              ) : null}
              {tasks.map((task, row) => {
                const y = axisH + row * rowHeight;
                const colour = seriesColor(row, task.color, cfg.colors, tint);
                const start = pos(task.start);
                const barW = Math.max(2, pos(task.end) - start);
                const progress = dragged?.index === task.index ? dragged.progress : task.progress;
                const mid = y + rowHeight / 2;
                const handlers = {
                  onPointerDown: (event: PointerEvent) => {
                    (event.currentTarget as SVGElement).ownerSVGElement?.setPointerCapture?.(event.pointerId);
                    press.current = { task, x: event.clientX, moved: false, progress: task.progress ?? 0 };
                  },
                  ...scrub.on(describe(task)),
                };
                return (
                  <g key={task.index} class="cc-gantt-task" data-task={task.name}>
                    <text class="cc-gantt-name" x={4} y={mid} dominant-baseline="middle">
                      {task.name}
                    </text>
                    {task.milestone ? (
                      <path
                        class="cc-gantt-milestone"
                        d={`M${start} ${mid - 7}L${start + 7} ${mid}L${start} ${mid + 7}L${start - 7} ${mid}Z`}
                        fill={colour}
                        {...handlers}
                      >
                        <title>{describe(task)}</title>
                      </path>
                    ) : (
                      <g {...handlers} class={editable ? "cc-gantt-bar is-editable" : "cc-gantt-bar"}>
                        <title>{describe(task)}</title>
                        <rect
                          x={start}
                          y={y + 5}
                          width={barW}
                          height={rowHeight - 10}
                          rx={radius}
                          fill={colour}
                          opacity={0.35}
                        />
                        {showProgress && progress !== undefined ? (
                          <rect
                            class="cc-gantt-progress"
                            x={start}
                            y={y + 5}
                            width={barW * progress}
                            height={rowHeight - 10}
                            rx={radius}
                            fill={colour}
                          />
                        ) : null}
                      </g>
                    )}
                  </g>
                );
              })}
            </svg>
          );
        }}
      />
    </div>
  );
}
