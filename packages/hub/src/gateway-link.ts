import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import WebSocket from "ws";
import {
  DeviceCredential,
  type DeviceCredentialOptions,
  type FetchLike,
  type WebSocketConstructor,
} from "@carter/client";
import { HubError } from "./errors.js";

/** A Connect+ hub credential (Add Hub): refreshed by the hub's client, also used for the gateway API. */
export type HubCredential = DeviceCredential | DeviceCredentialOptions;

/** A `fetch` over Node's http(s) that trusts `ca` (a gateway's development certificate). */
export function fetchTrusting(ca: string): FetchLike {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const send = url.startsWith("https:") ? httpsRequest : httpRequest;
      const body = Buffer.from(init.body);
      const req = send(
        url,
        {
          method: init.method,
          headers: { ...init.headers, "content-length": String(body.length) },
          ca,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({
              status: res.statusCode ?? 0,
              json: () => Promise.resolve(JSON.parse(text) as unknown),
            });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

/** The `ws` WebSocket trusting `ca` for `wss://`. */
export function webSocketTrusting(ca: string): WebSocketConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { ca });
    }
  } as unknown as WebSocketConstructor;
}

/**
 * The hub's side of the gateway API with its device credential: requests carry the current device
 * token, and a 401 (the token expired or was rotated out) refreshes it once and retries.
 */
export class GatewayLink {
  readonly credential: DeviceCredential;

  constructor(
    credential: HubCredential,
    private readonly fetch: FetchLike,
  ) {
    this.credential =
      credential instanceof DeviceCredential ? credential : new DeviceCredential({ fetch, ...credential });
  }

  /** Calls the gateway API; resolves with the parsed reply or throws a `HubError` naming the status. */
  async call(method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
    let response = await this.send(method, path, body, await this.credential.token("loop"));
    if (response.status === 401)
      response = await this.send(method, path, body, await this.credential.refresh("loop"));
    const reply = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status < 200 || response.status > 299) {
      const detail = typeof reply.error === "string" ? reply.error : `HTTP ${response.status}`;
      throw new HubError("gateway_failed", `${method} ${path}: ${detail} (${response.status})`);
    }
    return reply;
  }

  private send(method: string, path: string, body: unknown, token: string) {
    return this.fetch(`${this.credential.validator}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: token },
      body: JSON.stringify(body),
    });
  }
}
