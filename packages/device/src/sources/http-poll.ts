import { tryParseJson } from "../engine/json.js";
import type { SourceStatus } from "./status.js";

/** How long one request may take before it counts as failed. */
const REQUEST_TIMEOUT_MS = 15_000;

/** A readable reason for a failed fetch (browsers hide the cause of network and CORS failures). */
function fetchProblem(url: string, error: unknown): string {
  if (error instanceof DOMException && error.name === "TimeoutError")
    return `${url}: no answer in ${REQUEST_TIMEOUT_MS / 1000} s`;
  if (url.startsWith("http:") && globalThis.location?.protocol === "https:")
    return `${url}: an https page cannot fetch http:// (mixed content); serve the endpoint over https`;
  return `${url}: unreachable (network error or the server does not allow this page's origin via CORS)`;
}

/** Fetches `url` and returns its JSON body; throws an `Error` naming the URL and what went wrong. */
export async function fetchJson(url: string, headers: Record<string, string>): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(fetchProblem(url, error));
  }
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
  const body = tryParseJson(text);
  if (body === undefined)
    throw new Error(`${url}: response is not JSON (${JSON.stringify(text.slice(0, 40))})`);
  return body;
}

/**
 * An HTTP request an action fires (layout.md §8.3): `httpMethod` (POST with a payload, else
 * GET), objects as JSON bodies, strings as text. Throws on network failure or a non-2xx status.
 */
export async function sendHttp(
  url: string,
  method: string,
  headers: Record<string, string>,
  payload: unknown,
): Promise<void> {
  const init: RequestInit = {
    method,
    headers: { ...headers },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  };
  if (payload !== null && payload !== undefined && method !== "GET" && method !== "HEAD") {
    const text = typeof payload === "string";
    init.body = text ? payload : JSON.stringify(payload);
    const h = init.headers as Record<string, string>;
    if (!Object.keys(h).some((k) => k.toLowerCase() === "content-type"))
      h["Content-Type"] = text ? "text/plain; charset=utf-8" : "application/json";
  }
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new Error(fetchProblem(url, error));
  }
  if (!response.ok)
    throw new Error(
      `${method} ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
    );
}

/**
 * One shared poll: every binding with the same URL, headers and interval costs one request per
 * period (layout.md §7.2). Polls at once, then `interval` seconds after each answer.
 */
export class HttpPoll {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private state: SourceStatus["state"] = "connecting";
  private error: string | null = null;

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly headers: Record<string, string>,
    readonly interval: number,
    private readonly onState: () => void,
    private readonly onBody: (body: unknown) => void,
  ) {
    void this.tick();
  }

  status(): SourceStatus {
    return {
      name: this.name,
      type: "http",
      url: this.url,
      state: this.state,
      error: this.error,
      interval: this.interval,
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    try {
      const body = await fetchJson(this.url, this.headers);
      if (this.stopped) return;
      this.set("connected", null);
      this.onBody(body);
    } catch (error) {
      if (this.stopped) return;
      this.set("error", (error as Error).message);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.interval * 1000);
  }

  private set(state: SourceStatus["state"], error: string | null): void {
    if (this.state === state && this.error === error) return;
    this.state = state;
    this.error = error;
    this.onState();
  }
}
