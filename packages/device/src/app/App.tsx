import { useEffect, useMemo, useState } from "preact/hooks";
import { GridView } from "../render/Grid.js";
import { RenderContext } from "../render/context.js";
import { gridSpec } from "../render/placement.js";
import { backgroundImage, headerLook, setMeta, statusBarLook } from "../render/appearance.js";
import { layoutThemeVariables, pageBackgroundColor, resolveScheme } from "../render/theme.js";
import { Icon } from "../controls/icons.js";
import { isObject } from "../engine/json.js";
import type { DeviceController } from "./controller.js";
import { planGlance } from "../render/glance.js";
import { ProvisionSheet } from "./ProvisionSheet.js";
import { ControlEditor } from "./ControlEditor.js";
import { GlanceView } from "./Glance.js";
import { LiveEditBanner } from "./LiveEditBanner.js";
import { Loader } from "./Loader.js";
import { Notifications } from "./Notifications.js";
import { StatusPill } from "./StatusBar.js";
import { SourcesBar } from "../sources/SourcesBar.js";

function useMedia(text: string, fallback: boolean): boolean {
  const query = useMemo(() => (typeof matchMedia === "function" ? matchMedia(text) : null), [text]);
  const [matches, setMatches] = useState(query?.matches ?? fallback);
  useEffect(() => {
    if (!query) return;
    const onChange = () => setMatches(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, [query]);
  return matches;
}

const useSystemDark = () => useMedia("(prefers-color-scheme: dark)", true);
/** A pinned or tiny window: the glance replaces the tabs on its own. */
const useTinyWindow = () => useMedia("(max-width: 420px) and (max-height: 480px)", false);

/** The device UI: header with status, the active tab's grid, the tab bar; the loader without a layout. */
export function App({ controller }: { controller: DeviceController }) {
  const { engine } = controller;
  const layout = engine.layout.value;
  const tabs = engine.tabs.value;
  const systemDark = useSystemDark();
  const tiny = useTinyWindow();
  const glance = useMemo(() => planGlance(layout), [layout]);
  const showGlance = glance !== null && (controller.glance.value ?? tiny);
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
  const header = headerLook(appearance, scheme);
  const backdrop = backgroundImage(appearance);
  const statusBar = statusBarLook(appearance, scheme, header, pageBackgroundColor(layout, scheme));
  useEffect(() => {
    setMeta("theme-color", statusBar.themeColor);
    setMeta("apple-mobile-web-app-status-bar-style", statusBar.appleStyle);
  }, [statusBar.themeColor, statusBar.appleStyle]);
  return (
    <div
      class={`carter-app carter-${scheme}`}
      style={theme}
      data-scheme={scheme}
      data-status-bar={statusBar.content}
    >
      {backdrop ? (
        <div class="carter-backdrop" aria-hidden="true">
          {backdrop.url ? (
            <div
              class="carter-backdrop-image"
              style={{
                backgroundImage: `url("${backdrop.url}")`,
                backgroundSize: backdrop.fit,
                opacity: backdrop.opacity,
                filter: backdrop.blur > 0 ? `blur(${backdrop.blur}px)` : undefined,
              }}
            />
          ) : null}
          {backdrop.overlay ? (
            <div class="carter-backdrop-overlay" style={{ background: backdrop.overlay }} />
          ) : null}
        </div>
      ) : null}
      {appearance.showHeader === false ? null : (
        <header
          class={`carter-header carter-header--${header.style}`}
          style={header.fill ? { background: header.fill } : undefined}
        >
          <h1 class="carter-title">{title}</h1>
          {glance ? (
            <button
              type="button"
              class="carter-glance-toggle"
              aria-pressed={showGlance}
              onClick={() => (controller.glance.value = !showGlance)}
            >
              {showGlance ? "Full view" : "Glance"}
            </button>
          ) : null}
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
      <LiveEditBanner controller={controller} />
      <ControlEditor edits={controller.edits} />
      <ProvisionSheet provisioning={controller.provisioning} />
      <Notifications center={controller.notifications} />
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
        {showGlance ? (
          <RenderContext.Provider value={env}>
            <GlanceView plan={glance} />
          </RenderContext.Provider>
        ) : layout && tab ? (
          <RenderContext.Provider value={env}>
            <GridView key={`${active}:${tab.title}`} grid={gridSpec(tab.grid)} children={tab.children} />
          </RenderContext.Provider>
        ) : (
          <Loader controller={controller} />
        )}
      </main>
      {tabs.length > 1 && !showGlance ? (
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
              <Icon name={typeof t.icon === "string" && t.icon !== "" ? t.icon : "square.grid.2x2"} />
              <span class="carter-tab-title">{t.title}</span>
            </button>
          ))}
        </nav>
      ) : null}
    </div>
  );
}
