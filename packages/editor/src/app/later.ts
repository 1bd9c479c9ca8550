/** The longest a job waits for an idle moment after the frame (a busy page still gets it). */
const IDLE_TIMEOUT_MS = 200;

type IdleWindow = Window & {
  requestIdleCallback?: (job: () => void, options: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
};

/**
 * Runs `job` once the next frame has been painted, in an idle moment (or after the timeout when the
 * page stays busy): work the next frame does not need stays off the path from input to screen.
 * Returns the function that cancels it.
 */
export function afterPaint(job: () => void): () => void {
  const page = window as IdleWindow;
  let cancelled = false;
  let idle: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    if (cancelled) return;
    if (page.requestIdleCallback) idle = page.requestIdleCallback(job, { timeout: IDLE_TIMEOUT_MS });
    // No idle callbacks (Safari): a task after the frame.
    else timer = setTimeout(job, 0);
  });
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
    if (idle !== undefined) page.cancelIdleCallback?.(idle);
    clearTimeout(timer);
  };
}

/** A job run after paint, at most once however often it is asked for before it runs (a burst of changes). */
export interface Coalesced {
  /** Asks for a run after the next paint (no-op while one is pending). */
  schedule(): void;
  /** Drops the pending run. */
  cancel(): void;
}

export function coalesced(job: () => void): Coalesced {
  let cancel: (() => void) | null = null;
  const run = (): void => {
    cancel = null;
    job();
  };
  return {
    schedule() {
      cancel ??= afterPaint(run);
    },
    cancel() {
      cancel?.();
      cancel = null;
    },
  };
}
