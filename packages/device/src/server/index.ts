import { promises as fs } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { isJsonObject as isObject } from "@carter/protocol";
import { deviceApp } from "./build.js";
import { CONTENT_TYPES, refuseBadPath, requestPath } from "./vite-app.js";

export { CONTENT_TYPES, refuseBadPath, requestPath, viteApp, type ViteApp } from "./vite-app.js";
export { deviceApp } from "./build.js";

export interface DeviceServerOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A layout object, or a path to a layout JSON file (re-read on every request, so edits show). */
  layout?: unknown;
  /** A relay URL to write into the served layout's `connection.url` (adding a block when absent). */
  relay?: string;
  /**
   * Serve HTTPS with this certificate and key (PEM), e.g. `developmentCertificate` from
   * `@carter/relay/tls`. Phone browsers grant sensors, camera, notifications and the service
   * worker only to secure contexts.
   */
  tls?: { cert: string; key: string };
  /** Progress lines (the build notice). Default: stderr. */
  log?: (line: string) => void;
}

export interface RunningDeviceServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Reads and parses a layout file, naming the file in every error. */
async function readLayoutFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(path, "utf8");
  } catch (error) {
    throw new Error(
      `layout ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`layout ${path}: not valid JSON (${(error as Error).message})`);
  }
}

function withRelay(layout: unknown, relay: string | undefined): unknown {
  if (relay === undefined || !isObject(layout)) return layout;
  const connection = isObject(layout.connection) ? layout.connection : { identity: {} };
  return { ...layout, connection: { ...connection, url: relay } };
}

function checkRelayUrl(relay: string): void {
  let url: URL;
  try {
    url = new URL(relay);
  } catch {
    throw new Error(`relay: '${relay}' is not a URL`);
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:")
    throw new Error(`relay: must be a ws:// or wss:// URL, got ${url.protocol}//`);
}

/**
 * Serves the built device app (building it first when needed) and, when given a layout, that
 * layout at `/layout.json`, which the app loads on start.
 */
export async function startDeviceServer(options: DeviceServerOptions = {}): Promise<RunningDeviceServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  if (options.relay !== undefined) checkRelayUrl(options.relay);
  const layoutPath = typeof options.layout === "string" ? options.layout : undefined;
  if (layoutPath !== undefined) await readLayoutFile(layoutPath);
  else if (options.layout !== undefined && !isObject(options.layout))
    throw new Error("layout: must be an object or a file path");
  await deviceApp.ensureBuilt(log);

  const layoutJson = async (): Promise<string | null> => {
    if (options.layout === undefined) return null;
    const layout = layoutPath !== undefined ? await readLayoutFile(layoutPath) : options.layout;
    return JSON.stringify(withRelay(layout, options.relay));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const pathname = requestPath(req);
    if (pathname === undefined) {
      refuseBadPath(res);
      return;
    }
    if (pathname === "/layout.json") {
      let body: string | null;
      try {
        body = await layoutJson();
      } catch (error) {
        res.writeHead(500, { "content-type": CONTENT_TYPES[".json"], "cache-control": "no-store" });
        res.end(JSON.stringify({ error: (error as Error).message }));
        return;
      }
      if (body === null) {
        res
          .writeHead(404, { "content-type": CONTENT_TYPES[".json"] })
          .end(JSON.stringify({ error: "no layout is served" }));
        return;
      }
      res.writeHead(200, { "content-type": CONTENT_TYPES[".json"], "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    await deviceApp.serve(req, res, pathname);
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`internal error: ${error.message}`);
    });
  };
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const shownHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    url: `${options.tls ? "https" : "http"}://${shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
