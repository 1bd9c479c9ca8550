import { createDocument } from "@carter/authoring";
import { listControls, type ControlCategory, type Layout } from "@carter/kit";
import dynamicUi from "../../../../examples/dynamic-ui.layout.json";
import graph from "../../../../examples/graph.layout.json";
import interactive from "../../../../examples/interactive.layout.json";
import rawServer from "../../../../examples/raw-server.layout.json";
import telemetry from "../../../../examples/telemetry.layout.json";
import twentyLines from "../../../../examples/twenty-lines.layout.json";

/** A layout to start from: the repo's sample layouts and the kit catalog's examples. */
export interface Template {
  id: string;
  group: "Sample layouts" | "Catalog";
  title: string;
  build: () => Layout;
}

const SAMPLES: [string, string, unknown][] = [
  ["telemetry", "Telemetry", telemetry],
  ["interactive", "Interactive", interactive],
  ["graph", "Graph", graph],
  ["dynamic-ui", "Dynamic UI", dynamicUi],
  ["raw-server", "Raw server", rawServer],
  ["twenty-lines", "Twenty lines", twentyLines],
];

const CATEGORIES: ControlCategory[] = ["input", "display", "container", "layout"];

/**
 * Every catalog example of `types`, one tab each or all on one tab, placed first-fit through the
 * authoring document (so ids are fresh and every placement is the kit's).
 */
function catalogLayout(name: string, tabs: { title: string; types: string[] }[]): Layout {
  const doc = createDocument({ name, version: 1, tabs: [] });
  for (const { title, types } of tabs) {
    const rows = types.length * 4;
    const { tab } = doc.apply({
      op: "addTab",
      tab: { title, icon: "square.grid.2x2", grid: { columns: 4, rows } },
    });
    for (const type of types)
      doc.apply({ op: "addControl", parent: { tab: tab as number }, control: { type }, fromExample: true });
    const used = Math.max(
      1,
      ...(doc.layout.tabs[tab as number].children ?? []).map((c) => {
        const [row] = (c.position as number[] | undefined) ?? [0];
        const [rowSpan] = (c.span as number[] | undefined) ?? [1];
        return row + rowSpan;
      }),
    );
    doc.apply({ op: "updateTab", tab: tab as number, set: { grid: { columns: 4, rows: used } } });
  }
  return doc.layout;
}

function catalogTemplates(): Template[] {
  const controls = listControls();
  const all: Template = {
    id: "catalog",
    group: "Catalog",
    title: "Every control (a tab per category)",
    build: () =>
      catalogLayout(
        "Catalog",
        CATEGORIES.map((category) => ({
          title: category[0].toUpperCase() + category.slice(1),
          types: controls.filter((c) => c.category === category).map((c) => c.type),
        })),
      ),
  };
  return [
    all,
    ...controls.map((control): Template => ({
      id: `catalog-${control.type}`,
      group: "Catalog",
      title: `${control.type} example`,
      build: () => catalogLayout(`${control.type} example`, [{ title: "Main", types: [control.type] }]),
    })),
  ];
}

export const TEMPLATES: readonly Template[] = [
  ...SAMPLES.map(([id, title, layout]): Template => ({
    id,
    group: "Sample layouts",
    title,
    build: () => structuredClone(layout) as Layout,
  })),
  ...catalogTemplates(),
];

/** The template with `id`; throws naming it when there is none. */
export function template(id: string): Template {
  const found = TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`template: no template "${id}"`);
  return found;
}
