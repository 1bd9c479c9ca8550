import { useEffect, useState } from "preact/hooks";
import { bool, num, rootProps, str } from "./fields.js";
import type { ControlProps } from "./types.js";

/** Only absolute http(s) URLs load; anything else (javascript:, data:, relative) is refused. */
export function safeWebUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A web page in a sandboxed iframe: scripts and forms run only when `webInteractive`, the page can
 * never navigate the device, and `webRefreshInterval` reloads it. A synced URL replaces `url`.
 */
export function WebView({ def, ctx }: ControlProps) {
  const synced = ctx.value.value;
  const url = safeWebUrl(typeof synced === "string" ? synced : undefined) ?? safeWebUrl(def.url);
  const interactive = bool(def.webInteractive, true);
  const refreshSeconds = num(def.webRefreshInterval, 0);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!(refreshSeconds > 0)) return;
    const timer = setInterval(() => setGeneration((g) => g + 1), Math.max(1, refreshSeconds) * 1000);
    return () => clearInterval(timer);
  }, [refreshSeconds]);
  return (
    <div {...rootProps(def, ctx, undefined, interactive ? "" : "cc-webView--static")}>
      {url ? (
        <iframe
          key={generation}
          class="cc-webview-frame"
          src={url}
          title={str(def.label, def.id)}
          sandbox={
            interactive ? "allow-scripts allow-same-origin allow-forms allow-popups" : "allow-same-origin"
          }
          referrerpolicy="no-referrer"
          loading="lazy"
          scrolling={bool(def.webScrollEnabled, true) ? "auto" : "no"}
          data-generation={generation}
        />
      ) : (
        <div class="cc-placeholder">
          {def.url === undefined ? "No URL" : "Only http(s) pages can be shown"}
        </div>
      )}
    </div>
  );
}
