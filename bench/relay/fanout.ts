import { setTimeout as sleep } from "node:timers/promises";
import { isFailedReply, newId } from "@carter/protocol";
import { connectMany, connectMember, countClosed, type Member } from "../lib/clients.js";
import {
  perSecond,
  sampleWindow,
  serverCpuPerEvent,
  waitUntil,
  type StatsSource,
  type WindowSample,
} from "./window.js";

export interface FanoutOptions {
  warmupMs: number;
  windowMs: number;
  /** Deliveries sent by the publisher but not yet counted at the viewers. */
  maxInFlightDeliveries: number;
  /** Broadcasts not yet answered by the server's `{status:"sent"}` reply. */
  maxUnacked: number;
  drainTimeoutMs: number;
}

export const defaultFanoutOptions: FanoutOptions = {
  warmupMs: 500,
  windowMs: 3_000,
  maxInFlightDeliveries: 16_384,
  maxUnacked: 256,
  drainTimeoutMs: 5_000,
};

const CHANNEL = "bench";

/** The member that broadcasts to the fan-out channel. */
export function connectPublisher(url: string): Promise<Member> {
  return connectMember(url, { name: "bench-publisher", channel: CHANNEL, role: "hub" });
}

/** `count` viewers on the fan-out channel, named on from `v-<first>` so a bigger audience can be added to one. */
export function connectViewers(url: string, count: number, first = 0): Promise<Member[]> {
  return connectMany(url, count, (index) => ({
    name: `v-${first + index}`,
    channel: CHANNEL,
    role: "viewer",
  }));
}

/** Broadcasts until every viewer has received one: the publisher's process sees them all as members. */
export async function untilEveryoneListens(publisher: Member, viewers: Member[]): Promise<void> {
  const heard = new Set<Member>();
  for (const viewer of viewers) viewer.onMessage = () => heard.add(viewer);
  publisher.onMessage = () => {};
  const deadline = performance.now() + 20_000;
  while (heard.size < viewers.length) {
    if (performance.now() > deadline)
      throw new Error(`only ${heard.size}/${viewers.length} viewers hear the publisher's process`);
    publisher.send(
      `{"id":"${newId()}","type":"broadcast_request","payload":{"msg_type":"probe"},"reply_to":null}`,
    );
    await sleep(100);
  }
  await sleep(200);
}

export interface FanoutResult {
  viewers: number;
  sample: WindowSample;
  deliveriesPerSecond: number;
  serverCpuUsPerDelivery: number | undefined;
  failedReplies: number;
  /** Deliveries still missing once the publisher stopped and the drain timeout passed. */
  missing: number;
  closedViewers: number;
}

/**
 * One publisher broadcasting as fast as flow control allows to `viewers`, counting deliveries at
 * the viewers without parsing them. The publisher stops when either window is full and resumes as
 * replies and deliveries come in, so neither side's buffers grow without bound.
 */
export async function measureFanout(
  server: StatsSource,
  publisher: Member,
  viewers: Member[],
  options: FanoutOptions = defaultFanoutOptions,
): Promise<FanoutResult> {
  const viewerCount = viewers.length;
  let delivered = 0;
  let sent = 0;
  let acked = 0;
  let failedReplies = 0;
  let running = true;
  let blocked = false;

  const pump = (): void => {
    blocked = false;
    while (running) {
      if (
        sent - acked >= options.maxUnacked ||
        sent * viewerCount - delivered >= options.maxInFlightDeliveries
      ) {
        blocked = true;
        return;
      }
      sent++;
      publisher.send(
        `{"id":"${newId()}","type":"broadcast_request","payload":{"msg_type":"metrics","cpu":73,"mem":41,"seq":${sent}},"reply_to":null}`,
      );
    }
  };
  const onDelivery = (): void => {
    delivered++;
    if (blocked) pump();
  };
  for (const viewer of viewers) viewer.onMessage = onDelivery;
  publisher.onMessage = (data) => {
    const frame = JSON.parse(data.toString()) as { payload?: unknown; reply_to?: unknown };
    if (typeof frame.reply_to !== "string") return;
    acked++;
    if (isFailedReply(frame.payload)) failedReplies++;
    if (blocked) pump();
  };

  try {
    pump();
    await sleep(options.warmupMs);
    const sample = await sampleWindow(server, options.windowMs, () => delivered);
    running = false;
    await waitUntil(() => delivered >= sent * viewerCount && acked >= sent, options.drainTimeoutMs);
    return {
      viewers: viewerCount,
      sample,
      deliveriesPerSecond: perSecond(sample),
      serverCpuUsPerDelivery: serverCpuPerEvent(sample),
      failedReplies,
      missing: sent * viewerCount - delivered,
      closedViewers: countClosed(viewers),
    };
  } finally {
    running = false;
  }
}
