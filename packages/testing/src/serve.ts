import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ServedPage {
  /** `http://127.0.0.1:<port>/` followed by the path asked for; any path gets the same body. */
  url: string;
  /** The origin browsers send from this page (what a relay's `allowedOrigins` lists). */
  origin: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Default `text/html`. */
  contentType?: string;
  /** Path part of the returned `url` (default empty). */
  path?: string;
  /** Lets pages on other origins fetch the body (`Access-Control-Allow-Origin: *`). */
  cors?: boolean;
}

/** Serves `body` to every request on an ephemeral loopback port: a throwaway page or file for a browser. */
export async function servePage(body: string, options: ServeOptions = {}): Promise<ServedPage> {
  const headers: Record<string, string> = { "content-type": options.contentType ?? "text/html" };
  if (options.cors) headers["access-control-allow-origin"] = "*";
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/${options.path ?? ""}`,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
