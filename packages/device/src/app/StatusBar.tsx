import type { LinkStatus } from "../engine/link.js";

const LABELS: Record<LinkStatus["phase"], string> = {
  idle: "offline",
  connecting: "connecting…",
  awaiting: "awaiting gateway…",
  connected: "connected",
  parked: "parked",
  reconnecting: "reconnecting…",
  failed: "failed",
  closed: "closed",
};

/** The connection state, always on screen and never optimistic: "connected" means admitted. */
export function StatusPill({
  status,
  channel,
  onRetry,
}: {
  status: LinkStatus;
  channel: string | null;
  onRetry?: () => void;
}) {
  const label = LABELS[status.phase];
  return (
    <div
      class={`carter-status carter-status-${status.phase}`}
      role="status"
      aria-live="polite"
      data-phase={status.phase}
    >
      <span class="carter-status-dot" />
      <span class="carter-status-text">
        {label}
        {channel && status.phase === "connected" ? ` · ${channel}` : ""}
      </span>
      {status.detail && status.phase !== "connected" ? (
        <span class="carter-status-detail">{status.detail}</span>
      ) : null}
      {onRetry && (status.phase === "failed" || status.phase === "parked") ? (
        <button type="button" class="carter-status-retry" onClick={onRetry}>
          retry
        </button>
      ) : null}
    </div>
  );
}
