/**
 * The part of the WHATWG WebSocket API the client uses. Browsers' and Node 22's native
 * `WebSocket` and the `ws` package's class all fit it.
 */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /* eslint-disable-next-line @typescript-eslint/no-explicit-any -- each implementation types its events differently */
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: any) => void): void;
  /** `ws` only: drops the TCP connection at once (used when the link is known dead). */
  terminate?: () => void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export const OPEN = 1;

/**
 * The constructor to dial with: the explicit option, else the platform's `WebSocket` (browsers,
 * Node 22+), else the `ws` package. `ws` is imported through a variable specifier so browser
 * bundlers never try to include it (browsers always take the native branch).
 */
export async function resolveWebSocket(explicit?: WebSocketConstructor): Promise<WebSocketConstructor> {
  if (explicit) return explicit;
  const native = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (native) return native;
  const specifier = "ws";
  const mod = (await import(/* @vite-ignore */ specifier)) as { default: WebSocketConstructor };
  return mod.default;
}
