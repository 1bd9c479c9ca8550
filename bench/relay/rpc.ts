import { setTimeout as sleep } from "node:timers/promises";
import { isFailedReply, newId, type Frame } from "@carter/protocol";
import { connectMany, connectMember, type Member } from "../lib/clients.js";
import {
  perSecond,
  sampleWindow,
  serverCpuPerEvent,
  waitUntil,
  type StatsSource,
  type WindowSample,
} from "./window.js";

export interface RpcOptions {
  /** Requests each caller keeps outstanding; the relay refuses more than 16 per client. */
  windowPerCaller: number;
  warmupMs: number;
  windowMs: number;
  drainTimeoutMs: number;
}

export const defaultRpcOptions: RpcOptions = {
  windowPerCaller: 8,
  warmupMs: 500,
  windowMs: 3_000,
  drainTimeoutMs: 6_000,
};

export interface RpcResult {
  sample: WindowSample;
  roundTripsPerSecond: number;
  serverCpuUsPerRoundTrip: number | undefined;
  failed: number;
  firstFailure: string | undefined;
}

const CHANNEL = "rpc";

/** The member every routed request goes to, and `count` callers beside it. */
export async function connectRpcMembers(
  url: string,
  count: number,
): Promise<{ echo: Member; callers: Member[] }> {
  const echo = await connectMember(url, { name: "echo", channel: CHANNEL, role: "hub" });
  try {
    const callers = await connectMany(url, count, (index) => ({
      name: `caller-${index}`,
      channel: CHANNEL,
      role: "hub",
    }));
    return { echo, callers };
  } catch (error) {
    echo.close();
    throw error;
  }
}

/** Makes `member` answer every routed `echo` request with its own payload. */
function answerEchoes(member: Member): void {
  member.onMessage = (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    if (frame.type !== "echo" || frame.reply_to !== null) return;
    member.send(JSON.stringify({ id: newId(), type: "echo", payload: frame.payload, reply_to: frame.id }));
  };
}

/**
 * Routed round trips: each caller keeps `windowPerCaller` route_msg requests to the echo member in
 * flight and sends the next as each reply arrives. Only successful replies count.
 */
export async function measureRpc(
  server: StatsSource,
  echo: Member,
  callers: Member[],
  options: RpcOptions = defaultRpcOptions,
): Promise<RpcResult> {
  let succeeded = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  let running = true;
  let outstandingTotal = 0;
  answerEchoes(echo);

  for (const caller of callers) {
    const outstanding = new Set<string>();
    const request = (): void => {
      const id = newId();
      outstanding.add(id);
      outstandingTotal++;
      caller.send(
        `{"id":"${id}","type":"route_msg","payload":{"target_name":"${echo.name}","target_id":"${echo.id}","type":"echo","payload":{"n":${succeeded}}},"reply_to":null}`,
      );
    };
    caller.onMessage = (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.reply_to === null || !outstanding.delete(frame.reply_to)) return;
      outstandingTotal--;
      if (isFailedReply(frame.payload)) {
        failed++;
        firstFailure ??= JSON.stringify(frame.payload);
      } else {
        succeeded++;
      }
      if (running) request();
    };
    for (let slot = 0; slot < options.windowPerCaller; slot++) request();
  }

  try {
    await sleep(options.warmupMs);
    const sample = await sampleWindow(server, options.windowMs, () => succeeded);
    running = false;
    await waitUntil(() => outstandingTotal === 0, options.drainTimeoutMs);
    return {
      sample,
      roundTripsPerSecond: perSecond(sample),
      serverCpuUsPerRoundTrip: serverCpuPerEvent(sample),
      failed,
      firstFailure,
    };
  } finally {
    running = false;
  }
}
