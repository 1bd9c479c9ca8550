import { parseHex, toHex } from "@carter/kit";
import { signal } from "@preact/signals";
import {
  accentOps,
  checkAccent,
  formatRatio,
  generatePalette,
  readableOn,
  schemeOp,
  TEXT_CONTRAST,
  type Scheme,
} from "./theme-tools.js";
import type { Store } from "./store.js";

/** The accent being tried (before Apply); null shows the layout's own. */
const draft = signal<string | null>(null);

function layoutAccent(store: Store): string {
  const theme = store.layout.value.theme as { accentColor?: unknown } | undefined;
  const accent = theme?.accentColor ?? store.layout.value.accentColor;
  return typeof accent === "string" && parseHex(accent) ? accent : "#667EEA";
}

function schemeOf(store: Store): "light" | "dark" | "system" {
  const scheme = (store.layout.value.appearance as { colorScheme?: unknown } | undefined)?.colorScheme;
  return scheme === "light" || scheme === "dark" ? scheme : "system";
}

/**
 * Accent and colour scheme, with the accent's contrast as text on the page of each scheme in
 * use (WCAG 2, 4.5:1 for text). Apply sets the accent as given, warning below 4.5:1; Apply
 * palette sets it with per-scheme accents moved just enough to pass, a gradient and the tab tint.
 */
export function ThemeTools({ store }: { store: Store }) {
  const accent = draft.value ?? layoutAccent(store);
  const valid = parseHex(accent) !== null;
  const scheme = schemeOf(store);
  const schemes: Scheme[] = scheme === "system" ? ["light", "dark"] : [scheme];
  const checks = valid ? schemes.map((s) => checkAccent(accent, s)) : [];
  const palette = valid ? generatePalette(accent) : null;
  const apply = (withPalette: boolean) => {
    if (!valid) return;
    const ok = store.applyAll(
      accentOps(store.layout.value, accent, withPalette ? (palette ?? undefined) : undefined),
    );
    if (!ok) return;
    draft.value = null;
    const failing = checks.filter((c) => !c.passes);
    if (!withPalette && failing.length > 0)
      store.problem.value = {
        message: `accent ${accent} reads at ${failing.map((c) => `${formatRatio(c.ratio)} on ${c.scheme}`).join(", ")}: below ${TEXT_CONTRAST}:1 for text; Apply palette adjusts it per scheme`,
        field: "theme.accentColor",
      };
  };
  return (
    <section class="theme-tools" aria-label="theme">
      <h2>Theme</h2>
      <div class="field">
        <span>accent</span>
        <span class="accent-inputs">
          <input
            type="color"
            name="accent-picker"
            value={toHex(parseHex(accent) ?? [0, 0, 0]).toLowerCase()}
            onInput={(event) => (draft.value = event.currentTarget.value.toUpperCase())}
          />
          <input
            name="accent"
            value={accent}
            class={valid ? "" : "invalid"}
            onInput={(event) => (draft.value = event.currentTarget.value)}
          />
        </span>
      </div>
      <div class="field">
        <span>scheme</span>
        <select
          name="scheme"
          value={scheme}
          onChange={(event) =>
            store.apply(
              schemeOp(store.layout.value, event.currentTarget.value as "light" | "dark" | "system"),
            )
          }
        >
          <option value="system">system</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </div>
      {valid ? (
        <ul class="contrast" aria-label="contrast">
          {checks.map((check) => (
            <li key={check.scheme} data-scheme={check.scheme} class={check.passes ? "passes" : "fails"}>
              <span class="swatch" style={{ background: check.background, color: check.color }}>
                Aa
              </span>
              {` ${check.scheme}: ${formatRatio(check.ratio)} `}
              {check.passes ? "passes AA for text" : `below ${TEXT_CONTRAST}:1 for text`}
            </li>
          ))}
        </ul>
      ) : (
        <p class="problem-inline">accent: "{accent}" is not a #rrggbb colour</p>
      )}
      {palette ? (
        <div class="palette-preview" aria-label="generated palette">
          <span>text-safe accent:</span>
          {schemes.map((s) => (
            <span
              key={s}
              class="swatch"
              data-palette={s}
              title={`${s}: ${palette.schemes[s].accentColor}`}
              style={{
                background: palette.schemes[s].accentColor,
                color: readableOn(palette.schemes[s].accentColor),
              }}
            >
              {palette.schemes[s].accentColor}
            </span>
          ))}
        </div>
      ) : null}
      <div class="tree-actions">
        <button data-action="apply-accent" disabled={!valid} onClick={() => apply(false)}>
          Apply
        </button>
        <button data-action="apply-palette" disabled={!valid} onClick={() => apply(true)}>
          Apply palette
        </button>
      </div>
    </section>
  );
}
