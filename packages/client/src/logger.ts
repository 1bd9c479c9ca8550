/** Where the client reports what it drops or survives. Wrap pino as `{warn: (m, d) => log.warn(d, m), …}`. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const ignore = (): void => {};

/** Fills a partial logger: missing `debug`/`info` are silent, missing `warn`/`error` go to the console. */
export function completeLogger(logger: Partial<Logger> | undefined): Logger {
  return {
    debug: logger?.debug?.bind(logger) ?? ignore,
    info: logger?.info?.bind(logger) ?? ignore,
    warn: logger?.warn?.bind(logger) ?? ((m, d) => console.warn(`[meshclient] ${m}`, d ?? "")),
    error: logger?.error?.bind(logger) ?? ((m, d) => console.error(`[meshclient] ${m}`, d ?? "")),
  };
}

/** `scheme://host[:port]` only: a URL's path or query may carry a token and must never be logged. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "<invalid url>";
  }
}
