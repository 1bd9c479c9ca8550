import { existsSync, promises as fs } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, dirname, resolve } from "node:path";
import { CONTENT_TYPES, deviceApp, refuseBadPath, requestPath } from "@carter/device/server";
import { isJsonObject } from "@carter/protocol";
import { editorApp } from "./build.js";
import { FileFeed } from "./file-feed.js";
import { startLiveChannel, type LiveChannel, type LiveOptions } from "./live.js";

export type { LiveInfo, LiveOptions } from "./live.js";

export interface EditorServerOptions extends LiveOptions {
  /** Default 8090; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A layout file: served at `/layout.json` (when it exists) and written back on save. */
  file?: string;
  /** Progress lines (the build notice). Default: stderr. */
  log?: (line: string) => void;
}

export interface RunningEditorServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Saved layouts larger than this are refused (413). */
const MAX_BODY = 5 * 1024 * 1024;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": CONTENT_TYPES[".json"], "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Serves the built editor app (building it first when needed). With a `file`, GET `/layout.json`
 * returns it (404 while it does not exist yet) with an `x-carter-file` header naming it, and PUT
 * `/layout.json` writes a layout back to it (a JSON object, written atomically). GET
 * `/layout/events` streams the file's text (Server-Sent Events) whenever another tool changes it.
 */
export async function startEditorServer(options: EditorServerOptions = {}): Promise<RunningEditorServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const file = options.file === undefined ? undefined : resolve(options.file);
  if (file !== undefined && !existsSync(dirname(file)))
    throw new Error(`file ${options.file}: no such directory`);
  await Promise.all([editorApp.ensureBuilt(log), deviceApp.ensureBuilt(log)]);
  const fileHeader: Record<string, string> = file === undefined ? {} : { "x-carter-file": basename(file) };
  const feed = file === undefined ? undefined : new FileFeed(file);

  const layoutRoute = async (req: IncomingMessage, res: ServerResponse) => {
    if (file === undefined || feed === undefined) {
      sendJson(res, 404, { error: "the editor was started without a FILE" });
      return;
    }
    if (req.method === "PUT") {
      const text = await readBody(req);
      if (text === null) {
        sendJson(res, 413, { error: `layout: larger than ${MAX_BODY} bytes` }, fileHeader);
        return;
      }
      let layout: unknown;
      try {
        layout = JSON.parse(text);
      } catch (error) {
        sendJson(res, 400, { error: `layout: not valid JSON (${(error as Error).message})` }, fileHeader);
        return;
      }
      if (!isJsonObject(layout)) {
        sendJson(res, 400, { error: "layout: must be a JSON object" }, fileHeader);
        return;
      }
      await feed.write(`${JSON.stringify(layout, null, 2)}\n`);
      sendJson(res, 200, { saved: basename(file) }, fileHeader);
      return;
    }
    let text: string;
    try {
      text = await fs.readFile(file, "utf8");
    } catch {
      sendJson(res, 404, { error: `${basename(file)} does not exist yet; save creates it` }, fileHeader);
      return;
    }
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[".json"],
      "cache-control": "no-store",
      ...fileHeader,
    });
    res.end(req.method === "HEAD" ? undefined : text);
  };

  let live: LiveChannel | null = null;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = requestPath(req);
    if (pathname === undefined) {
      refuseBadPath(res);
      return;
    }
    if (pathname === "/live.json" && live !== null) {
      sendJson(res, 200, live.info());
      return;
    }
    if (pathname === "/layout.json" && ["GET", "HEAD", "PUT"].includes(req.method ?? "")) {
      await layoutRoute(req, res);
      return;
    }
    if (pathname === "/layout/events" && req.method === "GET") {
      if (feed === undefined) sendJson(res, 404, { error: "the editor was started without a FILE" });
      else feed.follow(res);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (pathname === "/device") {
      res.writeHead(301, { location: "/device/" }).end();
      return;
    }
    // The web device app, for the preview and for devices paired from the QR.
    if (pathname.startsWith("/device/")) await deviceApp.serve(req, res, pathname.slice("/device".length));
    else await editorApp.serve(req, res, pathname);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`internal error: ${error.message}`);
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 8090, options.host ?? "127.0.0.1", () => {
      server.off("error", fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  try {
    live = await startLiveChannel(server, { host, port }, options);
  } catch (error) {
    feed?.close();
    server.close();
    throw error;
  }
  const channel = live;
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    close: async () => {
      feed?.close();
      await channel.close();
      await new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
    },
  };
}
