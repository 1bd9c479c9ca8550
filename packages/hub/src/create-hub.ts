import { MeshClient, type E2eeClientOptions, type FetchLike } from "@carter/client";
import { parseConnection, safeUrl } from "@carter/kit";
import { isValidName, isJsonObject } from "@carter/protocol";
import { startRelay } from "@carter/relay";
import { HubError } from "./errors.js";
import { fetchTrusting, GatewayLink, webSocketTrusting, type HubCredential } from "./gateway-link.js";
import { Hub, type HubErrorReporter } from "./hub.js";

export interface CreateHubOptions {
  /** The layout this hub serves (an object, e.g. parsed layout JSON or the kit builder's output). */
  layout?: unknown;
  /**
   * Relay to join. Without one the hub starts an embedded relay in this process. The layout's
   * `connection.url` is where devices dial, so it is not used here.
   */
  url?: string;
  /** Mesh name; default: the layout connection's `hub`, else `hub`. */
  name?: string;
  /** Default: the layout connection's `identity.channel`, else `home`. */
  channel?: string;
  /** Relay token; default: the layout connection's `token`. The embedded relay then requires it. */
  token?: string;
  /**
   * A Connect+ hub credential (Add Hub: `deviceId`, `refreshToken`, `validator`, optionally the
   * current `token`): the hub identifies with a device token it refreshes before connecting, every
   * 40 minutes and when parked; a rejected or revoked credential stops it. Needs `url` (the gateway).
   * A layout with `alerts` registers them with the gateway for the hub's channel.
   */
  credential?: HubCredential;
  /** A PEM certificate to trust for `wss://` and the validator (a gateway's development certificate). */
  ca?: string;
  /** End-to-end encryption; default: the layout connection's `e2eeKey` (room mode). */
  e2ee?: E2eeClientOptions;
  /**
   * The embedded relay: address (default `127.0.0.1:8765`; port 0 picks a free one) and the
   * browser origins it admits besides its own (e.g. the web device's dev server).
   */
  relay?: { port?: number; host?: string; allowedOrigins?: string[] };
  /** Answer `control_sync_request` with snapshots (default true). */
  stateAuthority?: boolean;
  /** Ack `_cmd` commands (default: the layout's `state.acks`). */
  acks?: boolean;
  /** Where handler failures are reported (default: console.error). */
  onError?: HubErrorReporter;
  /** How long to wait for the relay's welcome before failing (default 15000 ms). */
  connectTimeoutMs?: number;
}

interface ClientDefaults {
  name: string;
  channel: string;
  token?: string;
  e2ee?: E2eeClientOptions;
}

function clientDefaults(layout: unknown, options: CreateHubOptions): ClientDefaults {
  const block = isJsonObject(layout) && isJsonObject(layout.connection) ? layout.connection : undefined;
  let connection: ReturnType<typeof parseConnection>;
  try {
    connection = parseConnection(block);
  } catch (error) {
    throw new HubError("bad_layout", `layout connection block: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const name = options.name ?? connection.hub ?? "hub";
  if (!isValidName(name)) {
    throw new HubError(
      "bad_option",
      `name ${JSON.stringify(name)} is not a valid mesh name (letters, digits, _ or -)`,
    );
  }
  const defaults: ClientDefaults = { name, channel: connection.channel };
  if (connection.token !== undefined) defaults.token = connection.token;
  if (connection.e2eeKey !== undefined) {
    defaults.e2ee = { key: connection.e2eeKey, mode: connection.room ? "room" : "hub" };
  }
  return defaults;
}

/**
 * Starts a hub: joins the relay at `url` (or starts an embedded one) as role `hub` with
 * `can_broadcast` and `can_route`, and resolves once the relay has welcomed it.
 */
export async function createHub(options: CreateHubOptions = {}): Promise<Hub> {
  if (options.layout !== undefined && !isJsonObject(options.layout)) {
    throw new HubError("bad_layout", "layout must be a JSON object");
  }
  const defaults = clientDefaults(options.layout, options);
  const token = options.token ?? defaults.token;

  let url = options.url;
  let closeRelay = async (): Promise<void> => {};
  let gateway: GatewayLink | undefined;
  if (options.credential !== undefined) {
    if (url === undefined)
      throw new HubError("bad_option", "a gateway credential needs url: the gateway's wss:// address");
    const fetch: FetchLike | undefined =
      options.ca !== undefined
        ? fetchTrusting(options.ca)
        : (globalThis.fetch as unknown as FetchLike | undefined);
    if (fetch === undefined) throw new HubError("bad_option", "no fetch in this runtime for the validator");
    try {
      gateway = new GatewayLink(options.credential, fetch);
    } catch (error) {
      throw new HubError("bad_option", `credential: ${(error as Error).message}`, { cause: error });
    }
  }
  if (url === undefined) {
    const host = options.relay?.host ?? "127.0.0.1";
    const port = options.relay?.port ?? 8765;
    try {
      const relay = await startRelay({
        host,
        port,
        logLevel: "warn",
        ...(token ? { authToken: token } : {}),
        ...(options.relay?.allowedOrigins ? { allowedOrigins: options.relay.allowedOrigins } : {}),
      });
      url = relay.url;
      closeRelay = () => relay.close();
    } catch (error) {
      throw new HubError(
        "relay_failed",
        `could not start the embedded relay on ${host}:${port} (${(error as Error).message}); ` +
          `pass url to join a running relay or relay: {port} to pick another port`,
        { cause: error },
      );
    }
  }

  let client: MeshClient;
  try {
    client = new MeshClient({
      url,
      name: defaults.name,
      channel: options.channel ?? defaults.channel,
      role: "hub",
      canBroadcast: true,
      canRoute: true,
      ...(gateway !== undefined ? { credential: gateway.credential } : token ? { token } : {}),
      ...(options.ca !== undefined ? { WebSocket: webSocketTrusting(options.ca) } : {}),
      ...((options.e2ee ?? defaults.e2ee) ? { e2ee: options.e2ee ?? defaults.e2ee } : {}),
    });
  } catch (error) {
    await closeRelay();
    throw new HubError("bad_option", `cannot create the hub's client: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const hub = await connectHub(client, url, options, closeRelay);
  const alerts = isJsonObject(options.layout) ? options.layout.alerts : undefined;
  if (gateway !== undefined && Array.isArray(alerts) && alerts.length > 0) {
    try {
      await gateway.call("PUT", "/alerts/rules", {
        channel: options.channel ?? defaults.channel,
        rules: alerts,
      });
    } catch (error) {
      await hub.close();
      throw error;
    }
  }
  return hub;
}

async function connectHub(
  client: MeshClient,
  url: string,
  options: CreateHubOptions,
  closeRelay: () => Promise<void>,
): Promise<Hub> {
  const timeoutMs = options.connectTimeoutMs ?? 15_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const message =
        `the relay at ${safeUrl(url)} did not admit hub '${client.name}' within ${timeoutMs} ms ` +
        `(is it running? does it need a token?)`;
      reject(new HubError("relay_failed", message));
    }, timeoutMs);
  });
  try {
    const hub = new Hub(client, url, options, closeRelay);
    await Promise.race([client.connect(), timedOut]);
    return hub;
  } catch (error) {
    await client.close();
    await closeRelay();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
