/**
 * Relays and sockets one test starts, closed together afterwards (`afterEach(scope.closeAll)`).
 * Framework-free like `test-support.ts`.
 */
import type { RelayOptions } from "./options.js";
import { startRelay, type RunningRelay } from "./relay.js";
import { joinMesh, TestSocket, type OpenOptions } from "./test-support.js";

export interface RelayTestScope {
  /** Starts a relay on an ephemeral loopback port, silent, with the scope's defaults under `options`. */
  relay(options?: RelayOptions): Promise<RunningRelay>;
  /** Opens a socket without identifying. */
  open(url: string, options?: OpenOptions): Promise<TestSocket>;
  /** Opens a socket and identifies with `payload`. */
  join(url: string, payload: Record<string, unknown>): Promise<TestSocket>;
  /** Closes every tracked socket, then every relay. */
  closeAll(): Promise<void>;
}

export function relayTestScope(defaults: RelayOptions = {}): RelayTestScope {
  const relays: RunningRelay[] = [];
  const sockets: TestSocket[] = [];
  const track = (socket: TestSocket) => {
    sockets.push(socket);
    return socket;
  };
  return {
    relay: async (options = {}) => {
      const started = await startRelay({
        host: "127.0.0.1",
        port: 0,
        logLevel: "silent",
        ...defaults,
        ...options,
      });
      relays.push(started);
      return started;
    },
    open: async (url, options = {}) => track(await TestSocket.open(url, options)),
    join: async (url, payload) => track(await joinMesh(url, payload)),
    closeAll: async () => {
      await Promise.all(sockets.splice(0).map((socket) => socket.close()));
      await Promise.all(relays.splice(0).map((relay) => relay.close()));
    },
  };
}
