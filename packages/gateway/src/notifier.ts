import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Admission } from "./admission.js";
import type { GatewayMetrics } from "./metrics.js";
import type { Notification } from "./notify.js";
import type { WebPush } from "./push.js";
import type { GatewayStore } from "./store/store.js";

/** The `msg_type` of the broadcast that carries a notification to an online device. */
export const NOTIFICATION_MSG_TYPE = "notification";

const URGENCY = { passive: "low", active: "normal", "time-sensitive": "high" } as const;

/**
 * Delivers a notification to an account's devices: as a broadcast `{msg_type:"notification", …}`
 * to those online on this process (on the notification's channel, hubs excepted), and by Web Push
 * to every subscribed device that is not online here. `sent` counts both; `stale` counts push
 * subscriptions the push service reported gone (they are removed).
 */
export class Notifier {
  constructor(
    private readonly admission: Admission,
    private readonly store: GatewayStore,
    private readonly push: WebPush | null,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  async deliver(account: string, notification: Notification): Promise<{ sent: number; stale: number }> {
    const payload = { msg_type: NOTIFICATION_MSG_TYPE, ...notification };
    const frame = Buffer.from(
      JSON.stringify({ id: randomUUID(), type: "broadcast", payload, reply_to: null }),
    );
    const online = this.admission.deliverToDevices(account, notification.channel, frame);
    if (online > 0) this.metrics.notificationsSent.labels(account, "mesh").inc(online);
    if (this.push === null) return { sent: online, stale: 0 };
    const push = this.push;
    const connected = this.admission.onlineDevices(account);
    const [subscriptions, devices] = await Promise.all([
      this.store.pushSubscriptions(account),
      this.store.devices(account),
    ]);
    const revoked = new Set(devices.filter((d) => d.revokedAtMs !== null).map((d) => d.id));
    const urgency = URGENCY[notification.interruption ?? "active"];
    const outcomes = await Promise.all(
      subscriptions.map(async (record) => {
        if (record.deviceId !== null && revoked.has(record.deviceId)) {
          await this.store.removePushSubscription(record.endpoint);
          return "skipped";
        }
        if (record.deviceId !== null && connected.has(record.deviceId)) return "skipped";
        const outcome = await push.send(record, payload, urgency);
        if (outcome === "stale") await this.store.removePushSubscription(record.endpoint);
        if (outcome === "failed") this.logger.warn({ account, deviceId: record.deviceId }, "push failed");
        return outcome;
      }),
    );
    const pushed = outcomes.filter((outcome) => outcome === "sent").length;
    const stale = outcomes.filter((outcome) => outcome === "stale").length;
    if (pushed > 0) this.metrics.notificationsSent.labels(account, "push").inc(pushed);
    return { sent: online + pushed, stale };
  }
}
