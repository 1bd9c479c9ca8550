import { signal } from "@preact/signals";
import { isObject } from "../engine/json.js";

/** A notification as the hub or the gateway sends it: a broadcast `{msg_type: "notification", …}`. */
export interface DeviceNotification {
  notifId: string;
  title: string;
  body: string;
  subtitle?: string;
  threadId?: string;
  actions: { id: string; title: string; destructive?: boolean }[];
}

/** The service worker's message for a tapped action (`sw/service-worker.ts`). */
const TAP_MESSAGE = "carter.notif_action";
/** In-page notifications kept on screen at once (oldest dropped first). */
const MAX_SHOWN = 4;

type Permission = NotificationPermission | "unsupported";

/** Reads a notification frame; `null` (dropped) without `notifId`, `title` and `body` strings. */
export function parseNotification(payload: unknown): DeviceNotification | null {
  if (!isObject(payload) || payload.msg_type !== "notification") return null;
  const { notifId, title, body, subtitle, threadId, actions } = payload;
  if (typeof notifId !== "string" || notifId === "" || typeof title !== "string" || typeof body !== "string")
    return null;
  const out: DeviceNotification = { notifId, title, body, actions: [] };
  if (typeof subtitle === "string") out.subtitle = subtitle;
  if (typeof threadId === "string") out.threadId = threadId;
  if (Array.isArray(actions))
    for (const action of actions)
      if (isObject(action) && typeof action.id === "string" && typeof action.title === "string")
        out.actions.push({ id: action.id, title: action.title, destructive: action.destructive === true });
  return out;
}

function currentPermission(): Permission {
  return typeof Notification === "function" ? Notification.permission : "unsupported";
}

/**
 * Notifications on the device (session-protocol §4.9): each one shows in the page, with its action
 * buttons, and (once the user allowed it) as a system notification through the service worker.
 * A tapped action, in the page or on the system notification, is broadcast as
 * `{msg_type: "notif_action", notifId, actionId, threadId}`.
 */
export class NotificationCenter {
  readonly shown = signal<DeviceNotification[]>([]);
  readonly permission = signal<Permission>(currentPermission());
  private readonly onMessage = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (
      isObject(data) &&
      data.type === TAP_MESSAGE &&
      typeof data.notifId === "string" &&
      typeof data.actionId === "string"
    )
      this.tap(data.notifId, data.actionId, typeof data.threadId === "string" ? data.threadId : undefined);
  };

  /** `send` broadcasts a payload on the device's link (`false` when not connected). */
  constructor(
    private readonly send: (payload: Record<string, unknown>) => boolean,
    private readonly channel: () => string | null,
  ) {
    if (typeof navigator === "object" && navigator.serviceWorker)
      navigator.serviceWorker.addEventListener("message", this.onMessage);
  }

  /** A `notification` frame: shown in the page and, when allowed, by the system. */
  receive(payload: unknown): boolean {
    const notification = parseNotification(payload);
    if (!notification) return false;
    const others = this.shown.value.filter((n) => n.notifId !== notification.notifId);
    this.shown.value = [...others, notification].slice(-MAX_SHOWN);
    void this.showSystem(notification);
    return true;
  }

  /** The user tapped `actionId` of a notification. */
  tap(notifId: string, actionId: string, threadId?: string): void {
    const notification = this.shown.value.find((n) => n.notifId === notifId);
    const thread = threadId ?? notification?.threadId ?? this.channel();
    const frame: Record<string, unknown> = { msg_type: "notif_action", notifId, actionId };
    if (thread !== null && thread !== undefined) frame.threadId = thread;
    if (!this.send(frame))
      console.warn(`carter device: notif_action ${notifId}/${actionId} not sent: not connected`);
    this.dismiss(notifId);
  }

  dismiss(notifId: string): void {
    this.shown.value = this.shown.value.filter((n) => n.notifId !== notifId);
  }

  /** Asks for the Notification permission (call from a tap: browsers require a gesture). */
  async requestPermission(): Promise<void> {
    if (typeof Notification !== "function") return;
    this.permission.value = await Notification.requestPermission();
  }

  dispose(): void {
    if (typeof navigator === "object" && navigator.serviceWorker)
      navigator.serviceWorker.removeEventListener("message", this.onMessage);
  }

  private async showSystem(notification: DeviceNotification): Promise<void> {
    this.permission.value = currentPermission();
    if (this.permission.value !== "granted") return;
    const registration = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
    const options = {
      body: notification.subtitle ? `${notification.subtitle}\n${notification.body}` : notification.body,
      tag: notification.notifId,
      data: { notifId: notification.notifId, threadId: notification.threadId ?? this.channel() },
      // `actions` is honoured by service-worker notifications only (not in the DOM typings).
      actions: notification.actions.map((a) => ({ action: a.id, title: a.title })),
      icon: "icons/icon-192.png",
    } as NotificationOptions;
    try {
      if (registration) await registration.showNotification(notification.title, options);
      else new Notification(notification.title, options);
    } catch (error) {
      console.warn(`carter device: notification not shown by the system: ${(error as Error).message}`);
    }
  }
}
