import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Verbs counted under their own label; everything else is `other`, so clients cannot grow the label set. */
const COUNTED_VERBS = [
  "identify",
  "broadcast_request",
  "route_msg",
  "route_msg_noreply",
  "get_nodes",
  "ping",
  "node_status",
  "service_log",
  "iCloud_data_Broadcast",
  "place_visit_Broadcast",
  "request_prediction",
  "prediction_result",
  "reply",
  "other",
] as const;

const OUT_VERBS = [
  "welcome",
  "broadcast",
  "server_client_list",
  "reply",
  "route_request",
  "node_status",
  "service_log",
  "iCloudListen",
  "placeVisitListen",
  "request_prediction",
  "prediction_result",
] as const;

export type OutVerb = (typeof OUT_VERBS)[number];

export type RejectionReason =
  | "origin"
  | "max_connections"
  | "pending_per_ip"
  | "auth_timeout"
  | "bad_token"
  | "bad_identify"
  | "reidentify"
  | "rate_limit"
  | "oversize"
  | "protocol_error"
  | "bad_frame"
  | "unauthenticated"
  | "preadmission_overflow"
  | "keepalive_timeout"
  | "too_deep"
  | "internal_error"
  | "admission_limit";

interface Incrementable {
  inc(value?: number): void;
}

/**
 * One Prometheus registry per relay, so several relays (tests, embedding) never collide. Hot paths
 * increment pre-bound label children: no label hashing per frame.
 */
export class RelayMetrics {
  readonly registry = new Registry();
  readonly slowConsumersDropped: Counter;
  readonly parkedFramesDropped: Counter;
  readonly fanOutSeconds: Histogram;
  private readonly framesInByVerb = new Map<string, Incrementable>();
  private readonly framesInOther: Incrementable;
  private readonly framesOutByVerb = new Map<string, Incrementable>();
  private readonly rejections: Counter<"reason">;

  constructor(stats: () => { connections: number; members: number; parked: number }) {
    const registers = [this.registry];
    new Gauge({
      name: "mesh_connections",
      help: "Open WebSocket connections",
      registers,
      collect() {
        this.set(stats().connections);
      },
    });
    new Gauge({
      name: "mesh_members",
      help: "Members admitted through this relay",
      registers,
      collect() {
        this.set(stats().members);
      },
    });
    new Gauge({
      name: "mesh_parked",
      help: "Sockets admission parked: open, outside the mesh",
      registers,
      collect() {
        this.set(stats().parked);
      },
    });
    const framesIn = new Counter({
      name: "mesh_frames_in_total",
      help: "Frames received, by verb",
      labelNames: ["verb"],
      registers,
    });
    const framesOut = new Counter({
      name: "mesh_frames_out_total",
      help: "Frames sent, by verb",
      labelNames: ["verb"],
      registers,
    });
    this.rejections = new Counter({
      name: "mesh_rejections_total",
      help: "Sockets closed or frames refused, by reason",
      labelNames: ["reason"],
      registers,
    });
    this.slowConsumersDropped = new Counter({
      name: "mesh_slow_consumers_dropped_total",
      help: "Sockets closed (1013) because their send buffer passed the limit",
      registers,
    });
    this.parkedFramesDropped = new Counter({
      name: "mesh_parked_frames_dropped_total",
      help: "Frames from parked sockets, dropped unread (identify excepted)",
      registers,
    });
    this.fanOutSeconds = new Histogram({
      name: "mesh_fanout_seconds",
      help: "Time to hand one fan-out frame to every recipient",
      buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
      registers,
    });
    for (const verb of COUNTED_VERBS) this.framesInByVerb.set(verb, framesIn.labels(verb));
    this.framesInOther = framesIn.labels("other");
    for (const verb of OUT_VERBS) this.framesOutByVerb.set(verb, framesOut.labels(verb));
  }

  frameIn(verb: string): void {
    (this.framesInByVerb.get(verb) ?? this.framesInOther).inc();
  }

  framesOut(verb: OutVerb, count = 1): void {
    if (count > 0) this.framesOutByVerb.get(verb)?.inc(count);
  }

  rejected(reason: RejectionReason): void {
    this.rejections.labels(reason).inc();
  }
}
