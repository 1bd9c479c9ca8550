import { num, rootProps, str } from "./fields.js";
import { formatValue, toNumber } from "./format.js";
import { sparklinePath } from "./geometry.js";
import type { ControlProps } from "./types.js";

const WIDTH = 200;
const HEIGHT = 60;

/** A number series drawn as an auto-scaled line (optionally filled); fewer than 2 points shows a placeholder. */
export function Sparkline({ def, ctx }: ControlProps) {
  const raw = ctx.value.value;
  const limit = Math.max(2, Math.floor(num(def.sparklinePoints, 50)));
  const series = (Array.isArray(raw) ? raw : toNumber(raw) !== undefined ? [raw] : []).slice(-limit);
  const shape = sparklinePath(series, WIDTH, HEIGHT, 4);
  const last = series.length ? toNumber(series[series.length - 1]) : undefined;
  const gradient = `cc-spark-${def.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return (
    <div {...rootProps(def, ctx)}>
      <div class="cc-spark-plot">
        {shape ? (
          <svg
            class="cc-spark-svg"
            viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`${series.length} points`}
          >
            <defs>
              <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0" stop-color="var(--cc-tint)" stop-opacity="0.4" />
                <stop offset="1" stop-color="var(--cc-tint)" stop-opacity="0" />
              </linearGradient>
            </defs>
            {def.sparklineFill === true ? (
              <path class="cc-spark-area" d={shape.area} fill={`url(#${gradient})`} />
            ) : null}
            <path class="cc-spark-line" d={shape.line} vector-effect="non-scaling-stroke" />
          </svg>
        ) : (
          <div class="cc-placeholder cc-spark-empty">Waiting for data…</div>
        )}
      </div>
      {last !== undefined && def.hideValue !== true ? (
        <span class="cc-readout cc-spark-last">{formatValue(last, str(def.formatValue) || undefined)}</span>
      ) : null}
    </div>
  );
}
