/** A gateway, its store and its sockets for tests, with helpers to call its API over real TLS. */
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { request as plainRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestSocket, type OpenOptions } from "@carter/relay/test-support";
import { startGateway, type GatewayOptions, type RunningGateway } from "./gateway.js";
import { openStore } from "./store/drivers.js";
import type { GatewayStore } from "./store/store.js";

export interface ApiReply {
  status: number;
  body: Record<string, unknown>;
}

/** Calls the gateway API over its own TLS (trusting its development certificate). */
export function callApi(
  gateway: RunningGateway,
  method: string,
  path: string,
  body?: unknown,
  authorization?: string,
): Promise<ApiReply> {
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) {
    headers["content-type"] = "application/json";
    // DELETE bodies are not chunked by Node's client: the length must be given.
    headers["content-length"] = String(Buffer.byteLength(payload));
  }
  if (authorization !== undefined) headers.authorization = authorization;
  const send = gateway.tls === null ? plainRequest : request;
  return new Promise((resolve, reject) => {
    const req = send(
      `${gateway.httpUrl}${path}`,
      { method, headers, ...(gateway.tls !== null ? { ca: gateway.tls.cert } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export interface GatewayTestScope {
  /** One embedded store for the whole file (its first start takes seconds), opened on first use. */
  store(): Promise<GatewayStore>;
  /** Starts a gateway on a free loopback port with TLS, silent, on the shared store. */
  gateway(options?: Partial<GatewayOptions>): Promise<RunningGateway>;
  /** Opens a socket to a gateway, trusting its certificate. */
  open(gateway: RunningGateway, options?: OpenOptions): Promise<TestSocket>;
  /** Opens and identifies; resolves once welcomed. */
  join(gateway: RunningGateway, payload: Record<string, unknown>): Promise<TestSocket>;
  /** Closes sockets and gateways (after each test). */
  closeAll(): Promise<void>;
  /** Closes the store and removes data directories (after all tests). */
  dispose(): Promise<void>;
}

export function gatewayTestScope(): GatewayTestScope {
  let shared: Promise<GatewayStore> | null = null;
  const gateways: RunningGateway[] = [];
  const sockets: TestSocket[] = [];
  const dirs: string[] = [];
  const store = () => (shared ??= openStore({ embeddedDir: null }));
  const open = async (gateway: RunningGateway, options: OpenOptions = {}) => {
    const socket = await TestSocket.open(gateway.url, {
      ...(gateway.tls !== null ? { ca: gateway.tls.cert } : {}),
      ...options,
    });
    sockets.push(socket);
    return socket;
  };
  return {
    store,
    async gateway(options = {}) {
      const dataDir = mkdtempSync(join(tmpdir(), "carter-gateway-"));
      dirs.push(dataDir);
      const gateway = await startGateway({
        dataDir,
        host: "127.0.0.1",
        port: 0,
        logLevel: "silent",
        store: options.database === undefined ? await store() : undefined,
        ...options,
      });
      gateways.push(gateway);
      return gateway;
    },
    open,
    async join(gateway, payload) {
      const socket = await open(gateway);
      await socket.identify(payload);
      return socket;
    },
    async closeAll() {
      await Promise.all(sockets.splice(0).map((socket) => socket.close()));
      await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
    },
    async dispose() {
      if (shared !== null) await (await shared).close();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
