import { GridView } from "../render/Grid.js";
import { GLANCE_COLUMNS, type GlancePlan } from "../render/glance.js";

/** The compact summary view (layout.md §11.5): hero, slots and glance controls on a 2-column grid. */
export function GlanceView({ plan }: { plan: GlancePlan }) {
  const style = plan.tint ? { "--carter-accent": plan.tint } : undefined;
  return (
    <section class="carter-glance" style={style} aria-label={plan.title} data-glance="on">
      <h2 class="carter-glance-title">{plan.title}</h2>
      <GridView
        grid={{ columns: GLANCE_COLUMNS, rows: plan.rows, mode: "grid", rowHeight: 64 }}
        children={plan.children}
      />
    </section>
  );
}
