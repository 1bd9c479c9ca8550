import { useEffect, useMemo, useState } from "preact/hooks";
import { GridView } from "../render/Grid.js";
import { RenderContext } from "../render/context.js";
import { gridSpec } from "../render/placement.js";
import { layoutThemeVariables, resolveScheme } from "../render/theme.js";
import { isObject } from "../engine/json.js";
import type { DeviceController } from "./controller.js";
import { Loader } from "./Loader.js";
import { StatusPill } from "./StatusBar.js";
import { SourcesBar } from "../sources/SourcesBar.js";

function useSystemDark(): boolean {
  const query = useMemo(
    () => (typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null),
    [],
  );
  const [dark, setDark] = useState(query?.matches ?? true);
  useEffect(() => {
    if (!query) return;
    const onChange = () => setDark(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, [query]);
  return dark;
}

/** The device UI: header with status, the active tab's grid, the tab bar; the loader without a layout. */
export function App({ controller }: { controller: DeviceController }) {
  const { engine } = controller;
  const layout = engine.layout.value;
  const tabs = engine.tabs.value;
  const systemDark = useSystemDark();
  const scheme = resolveScheme(layout?.appearance, systemDark);
  const env = useMemo(() => ({ engine, scheme }), [engine, scheme]);
  const theme = layoutThemeVariables(layout, scheme);
  const appearance = layout && isObject(layout.appearance) ? layout.appearance : {};
  const active = Math.min(controller.activeTab.value, Math.max(tabs.length - 1, 0));
  const tab = tabs[active];
  const title = layout
    ? typeof layout.headerTitle === "string"
      ? layout.headerTitle
      : layout.name
    : "Carter device";
  const retry = controller.link ? () => controller.retry() : undefined;
  return (
    <div class={`carter-app carter-${scheme}`} style={theme} data-scheme={scheme}>
      {appearance.showHeader === false ? null : (
        <header class="carter-header">
          <h1 class="carter-title">{title}</h1>
          <StatusPill
            status={controller.status.value}
            channel={controller.link?.channel ?? null}
            onRetry={retry}
          />
        </header>
      )}
      {appearance.showHeader === false ? (
        <div class="carter-floating-status">
          <StatusPill
            status={controller.status.value}
            channel={controller.link?.channel ?? null}
            onRetry={retry}
          />
        </div>
      ) : null}
      {controller.error.value ? (
        <div class="carter-error" role="alert">
          {controller.error.value}
          <button type="button" aria-label="Dismiss" onClick={() => (controller.error.value = null)}>
            ×
          </button>
        </div>
      ) : null}
      <SourcesBar runtime={controller.sources} />
      <main class="carter-main">
        {layout && tab ? (
          <RenderContext.Provider value={env}>
            <GridView key={`${active}:${tab.title}`} grid={gridSpec(tab.grid)} children={tab.children} />
          </RenderContext.Provider>
        ) : (
          <Loader controller={controller} />
        )}
      </main>
      {tabs.length > 1 ? (
        <nav class="carter-tabs" role="tablist">
          {tabs.map((t, i) => (
            <button
              type="button"
              role="tab"
              key={t.title}
              aria-selected={i === active}
              class={i === active ? "carter-tab carter-tab-active" : "carter-tab"}
              onClick={() => controller.selectTab(i)}
            >
              {t.title}
            </button>
          ))}
        </nav>
      ) : null}
    </div>
  );
}
