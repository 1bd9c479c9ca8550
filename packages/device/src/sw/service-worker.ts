/**
 * The device's service worker (built to `sw.js` at the app root, no imports: it must stay one
 * classic script). It makes the app open offline to what it showed last and routes notification
 * taps back to the open page.
 *
 * Caching: every same-origin GET goes to the network first and its answer is kept; when the
 * network fails the kept answer is served (the app shell, its assets and `/layout.json`).
 * Installing fetches the shell and the assets it names, so the very first load already works
 * offline afterwards.
 */

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface NotificationEvent extends ExtendableEvent {
  readonly action: string;
  readonly notification: Notification;
}
interface WindowClient {
  readonly url: string;
  postMessage(message: unknown): void;
  focus(): Promise<WindowClient>;
}
interface WorkerScope {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: {
    matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "notificationclick", listener: (event: NotificationEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const CACHE = "carter-device-v1";
/** What the page posts on a notification tap; `app/notifications.ts` sends it as `notif_action`. */
const TAP_MESSAGE = "carter.notif_action";

async function precacheShell(): Promise<void> {
  const cache = await caches.open(CACHE);
  const shell = await fetch("./", { cache: "no-store" });
  if (!shell.ok) return;
  const html = await shell.clone().text();
  await cache.put("./", shell);
  const assets = [
    ...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+|manifest\.webmanifest|icons\/[^"]+)"/g),
  ].map((match) => `./${match[1]}`);
  await Promise.all(
    assets.map(async (asset) => {
      const response = await fetch(asset).catch(() => null);
      if (response?.ok) await cache.put(asset, response);
    }),
  );
}

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept =
      (await cache.match(request, { ignoreSearch: request.mode === "navigate" })) ??
      (request.mode === "navigate" ? await cache.match("./") : undefined);
    if (kept) return kept;
    throw error;
  }
}

scope.addEventListener("install", (event) => {
  event.waitUntil(precacheShell().then(() => scope.skipWaiting()));
});

scope.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || new URL(request.url).origin !== location.origin) return;
  event.respondWith(networkFirst(request));
});

scope.addEventListener("notificationclick", (event) => {
  const data = (event.notification.data ?? {}) as { notifId?: string; threadId?: string };
  event.notification.close();
  event.waitUntil(
    (async () => {
      const clients = await scope.clients.matchAll({ type: "window", includeUncontrolled: true });
      const client = clients[0] ?? (await scope.clients.openWindow("./"));
      if (!client) return;
      if (event.action !== "" && data.notifId !== undefined)
        client.postMessage({
          type: TAP_MESSAGE,
          notifId: data.notifId,
          actionId: event.action,
          threadId: data.threadId,
        });
      await client.focus().catch(() => client);
    })(),
  );
});
