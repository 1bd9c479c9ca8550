import { Counter, Gauge, Registry } from "prom-client";

export type ParkReason = "no_token" | "invalid_token" | "revoked" | "unknown_account";

export interface MetricSources {
  /** Admitted members per account on this process. */
  members(): ReadonlyMap<string, number>;
  /** Slots in use per `account product`. */
  slotsUsed(): ReadonlyMap<string, number>;
}

/** The gateway's own Prometheus registry, served at `/metrics` after the relay's. */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly admissions: Counter<"account">;
  readonly parked: Counter<"reason">;
  readonly slotRefusals: Counter<"account">;
  readonly rateLimited: Counter<"account" | "limit">;
  readonly revocations: Counter<"kind">;
  readonly revokedSockets: Counter<"account">;
  readonly notificationsSent: Counter<"account" | "via">;
  readonly httpRequests: Counter<"route" | "status">;
  readonly alertsFired: Counter<"account">;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    new Gauge({
      name: "gateway_members",
      help: "Admitted members on this process, by account",
      labelNames: ["account"],
      registers,
      collect() {
        this.reset();
        for (const [account, count] of sources.members()) this.labels(account).set(count);
      },
    });
    new Gauge({
      name: "gateway_slots_used",
      help: "Connection slots in use, by account and product",
      labelNames: ["account", "product"],
      registers,
      collect() {
        this.reset();
        for (const [key, count] of sources.slotsUsed()) {
          const [account, product] = key.split(" ");
          this.labels(account, product).set(count);
        }
      },
    });
    this.admissions = new Counter({
      name: "gateway_admissions_total",
      help: "Sockets admitted, by account",
      labelNames: ["account"],
      registers,
    });
    this.parked = new Counter({
      name: "gateway_parked_total",
      help: "Identifies parked, by reason",
      labelNames: ["reason"],
      registers,
    });
    this.slotRefusals = new Counter({
      name: "gateway_slot_refusals_total",
      help: "Identifies refused (4429) because the account's slots were full",
      labelNames: ["account"],
      registers,
    });
    this.rateLimited = new Counter({
      name: "gateway_rate_limited_total",
      help: "Frames refused by an account rate limit",
      labelNames: ["account", "limit"],
      registers,
    });
    this.revocations = new Counter({
      name: "gateway_revocations_total",
      help: "Revocations recorded, by kind",
      labelNames: ["kind"],
      registers,
    });
    this.revokedSockets = new Counter({
      name: "gateway_revoked_sockets_total",
      help: "Live sockets closed because their token was revoked",
      labelNames: ["account"],
      registers,
    });
    this.notificationsSent = new Counter({
      name: "gateway_notifications_sent_total",
      help: "Notifications delivered, by account and path",
      labelNames: ["account", "via"],
      registers,
    });
    this.alertsFired = new Counter({
      name: "gateway_alerts_fired_total",
      help: "Alert rules that matched a broadcast and sent a notification, by account",
      labelNames: ["account"],
      registers,
    });
    this.httpRequests = new Counter({
      name: "gateway_http_requests_total",
      help: "HTTP API requests, by route and status",
      labelNames: ["route", "status"],
      registers,
    });
  }
}
