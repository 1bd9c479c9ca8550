/**
 * Test support shared by the hub's tests and the examples' tests: a real relay on an ephemeral
 * port and a real peer (a device stand-in) that records the broadcasts it receives.
 */
import { MeshClient, type E2eeClientOptions } from "@carter/client";
import { walkLayout } from "@carter/kit";
import { isJsonObject, type JsonObject } from "@carter/protocol";
import { startRelay, type RelayOptions, type RunningRelay } from "@carter/relay";
import { findBroadcastSync, readBinding, type LayoutNode } from "./bindings.js";

/**
 * A relay on 127.0.0.1. `port` restarts one on the port a closed relay had (a relay restart, as
 * clients redialing the same URL see it); `auth` can hold or refuse admissions.
 */
export function startTestRelay(
  options: Pick<RelayOptions, "authToken" | "auth" | "port"> = {},
): Promise<RunningRelay> {
  return startRelay({ host: "127.0.0.1", port: 0, logLevel: "silent", rateLimit: 0, ...options });
}

export interface PeerOptions {
  name?: string;
  channel?: string;
  role?: string;
  canMonitor?: boolean;
  token?: string;
  e2ee?: E2eeClientOptions;
}

/** A device stand-in on the channel: records every broadcast payload and can wait for one. */
export class Peer {
  readonly received: unknown[] = [];
  private readonly waiters = new Set<{
    test: (payload: unknown) => boolean;
    resolve: (payload: unknown) => void;
  }>();

  private constructor(readonly client: MeshClient) {
    client.on("broadcast", (payload) => {
      this.received.push(payload);
      for (const waiter of this.waiters) {
        if (waiter.test(payload)) {
          this.waiters.delete(waiter);
          waiter.resolve(payload);
        }
      }
      return undefined;
    });
  }

  static async connect(url: string, options: PeerOptions = {}): Promise<Peer> {
    const client = new MeshClient({
      url,
      name: options.name ?? "tablet",
      channel: options.channel ?? "home",
      role: options.role ?? "controller",
      canBroadcast: true,
      canRoute: true,
      canMonitor: options.canMonitor ?? false,
      reconnect: false,
      keepalive: false,
      ...(options.token ? { token: options.token } : {}),
      ...(options.e2ee ? { e2ee: options.e2ee } : {}),
    });
    const peer = new Peer(client);
    await client.connect();
    return peer;
  }

  /** Payloads received so far with this `msg_type`. */
  ofType(msgType: string): JsonObject[] {
    return this.received.filter((p): p is JsonObject => isJsonObject(p) && p.msg_type === msgType);
  }

  /** The first broadcast (already received or still to come) matching `test`. */
  waitFor(
    test: (payload: JsonObject) => boolean,
    what = "a matching broadcast",
    timeoutMs = 10_000,
  ): Promise<JsonObject> {
    const guarded = (payload: unknown) => isJsonObject(payload) && test(payload);
    const seen = this.received.find(guarded);
    if (seen) return Promise.resolve(seen as JsonObject);
    return new Promise((resolve, reject) => {
      const waiter = {
        test: guarded,
        resolve: (payload: unknown) => {
          clearTimeout(timer);
          resolve(payload as JsonObject);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `timed out waiting for ${what}; received ${JSON.stringify(this.received).slice(0, 2000)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits for the `count`-th broadcast with this `msg_type` (1-based), counting earlier ones. */
  async waitForType(msgType: string, count = 1): Promise<JsonObject> {
    let seen = 0;
    return this.waitFor(
      (p) => p.msg_type === msgType && ++seen >= count,
      `broadcast #${count} of '${msgType}'`,
    );
  }

  /** Broadcasts an app payload, as a device's action would. */
  send(payload: JsonObject): void {
    this.client.send("broadcast_request", payload);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/**
 * What a device showing `layout` would read for `controlId` from these broadcasts: the value at
 * the control's first broadcast binding in the last payload matching its filter.
 */
export function deviceValue(layout: unknown, controlId: string, payloads: unknown[]): unknown {
  let control: Record<string, unknown> | undefined;
  walkLayout(layout, (node) => {
    if (node.id === controlId) control = node;
  });
  if (!control) throw new Error(`no control '${controlId}' in the layout`);
  const sync = findBroadcastSync(control as LayoutNode);
  if (!sync) throw new Error(`control '${controlId}' has no broadcast sync binding`);
  let value: unknown;
  for (const payload of payloads) {
    const read = isJsonObject(payload) ? readBinding(sync, payload) : undefined;
    if (read !== undefined) value = read;
  }
  return value;
}
