import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileFeed } from "./file-feed.js";

let file: string;
let feed: FileFeed;
let server: Server;
let events: string[] = [];
let stream: AbortController;

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), "carter-feed-")), "layout.json");
  writeFileSync(file, '{"name":"first"}');
  feed = new FileFeed(file);
  server = createServer((_req, res) => feed.follow(res));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  stream = new AbortController();
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
    signal: stream.signal,
  });
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const reader = response.body!.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          events.push(JSON.parse(buffer.slice("data: ".length, end)) as string);
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted at the end of the file
    }
  })();
});

afterAll(async () => {
  stream.abort();
  feed.close();
  await new Promise((done) => server.close(done));
});

describe("the editor's live layout file", () => {
  it("sends the current text first, then every outside change", async () => {
    await expect.poll(() => events).toEqual(['{"name":"first"}']);
    writeFileSync(file, '{"name":"outside"}');
    await expect.poll(() => events, { timeout: 5000 }).toEqual(['{"name":"first"}', '{"name":"outside"}']);
  });

  it("writes the page's text atomically and never echoes it back", async () => {
    events = [];
    await feed.write('{"name":"page"}\n');
    expect(readFileSync(file, "utf8")).toBe('{"name":"page"}\n');
    writeFileSync(file, '{"name":"later"}');
    await expect.poll(() => events, { timeout: 5000 }).toEqual(['{"name":"later"}']);
  });

  it("skips text that is not JSON (a half-written file) until it is whole", async () => {
    events = [];
    writeFileSync(file, '{"name":');
    // Several polls of the watcher see the broken text before the rest arrives.
    await new Promise((done) => setTimeout(done, 400));
    writeFileSync(file, '{"name":"whole"}');
    await expect.poll(() => events, { timeout: 5000 }).toEqual(['{"name":"whole"}']);
  });
});
