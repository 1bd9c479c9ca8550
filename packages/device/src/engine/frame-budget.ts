/**
 * Paces the value store's flushes: how many queued controls one flush may apply. Unpaced, a
 * flush applies everything queued.
 */
export interface FlushPacer {
  /** A flush starts: the most controls it may apply (at least 1). */
  begin(): number;
  /** A flush applied `applied` controls and left `backlog` queued for later frames. */
  flushed(applied: number, backlog: number): void;
}

export const UNPACED: FlushPacer = { begin: () => Infinity, flushed: () => {} };

export interface FrameBudgetOptions {
  /** Main-thread time one flush may cost, rendering and paint included. Default 10 ms. */
  budgetMs?: number;
  /** The fewest controls a flush applies however slow the frame, so a backlog always drains. */
  floor?: number;
  now?: () => number;
  /** Runs `callback` once the frame the current flush feeds has been rendered. */
  afterFrame?: (callback: () => void) => void;
}

/**
 * A posted message runs as a task of its own, after the animation-frame task has rendered: the
 * time from the flush to it is what the flush cost the main thread.
 */
function afterFrameByMessage(): (callback: () => void) => void {
  let channel: MessageChannel | null = null;
  const waiting: (() => void)[] = [];
  return (callback) => {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(callback);
    channel.port2.postMessage(null);
  };
}

const GROWTH = 1.25;
/** A flush cheaper than this share of the budget lets a quota that held work back grow. */
const HEADROOM = 0.75;

/**
 * Keeps each flush near a main-thread time budget by learning how many controls fit: a frame
 * that ran over scales the quota down by how much it overran; a cheap frame that still left a
 * backlog grows it. Controls that do not fit wait for the next frame (their latest value wins), so
 * a burst that would freeze the page for hundreds of milliseconds becomes a few smooth frames.
 */
export class FrameBudget implements FlushPacer {
  private limit = Infinity;
  private startedAt = 0;
  private readonly budgetMs: number;
  private readonly floor: number;
  private readonly now: () => number;
  private readonly afterFrame: (callback: () => void) => void;

  constructor(options: FrameBudgetOptions = {}) {
    this.budgetMs = options.budgetMs ?? 10;
    this.floor = Math.max(1, options.floor ?? 4);
    this.now = options.now ?? (() => performance.now());
    this.afterFrame = options.afterFrame ?? afterFrameByMessage();
  }

  begin(): number {
    this.startedAt = this.now();
    return this.limit;
  }

  flushed(applied: number, backlog: number): void {
    if (applied === 0) return;
    const started = this.startedAt;
    this.afterFrame(() => this.adjust(applied, backlog, this.now() - started));
  }

  private adjust(applied: number, backlog: number, costMs: number): void {
    if (costMs > this.budgetMs) {
      this.limit = Math.max(this.floor, Math.floor((applied * this.budgetMs) / costMs));
    } else if (backlog > 0 && costMs < this.budgetMs * HEADROOM && applied >= this.limit) {
      this.limit = Math.ceil(this.limit * GROWTH);
    }
  }
}
