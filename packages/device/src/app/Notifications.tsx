import type { NotificationCenter } from "./notifications.js";

/** In-page notifications with their action buttons, and the one-tap permission request. */
export function Notifications({ center }: { center: NotificationCenter }) {
  const shown = center.shown.value;
  if (shown.length === 0) return null;
  return (
    <section class="carter-notifs" aria-label="Notifications">
      {shown.map((n) => (
        <article key={n.notifId} class="carter-notif" data-notif-id={n.notifId} role="alert">
          <header>
            <strong>{n.title}</strong>
            <button type="button" aria-label="Dismiss" onClick={() => center.dismiss(n.notifId)}>
              ×
            </button>
          </header>
          {n.subtitle ? <p class="carter-notif-subtitle">{n.subtitle}</p> : null}
          <p>{n.body}</p>
          {n.actions.length > 0 ? (
            <div class="carter-notif-actions">
              {n.actions.map((a) => (
                <button
                  type="button"
                  key={a.id}
                  data-action-id={a.id}
                  class={a.destructive ? "carter-notif-destructive" : undefined}
                  onClick={() => center.tap(n.notifId, a.id)}
                >
                  {a.title}
                </button>
              ))}
            </div>
          ) : null}
          {center.permission.value === "default" ? (
            <button type="button" class="carter-notif-allow" onClick={() => void center.requestPermission()}>
              Also show notifications when this page is in the background
            </button>
          ) : null}
        </article>
      ))}
    </section>
  );
}
