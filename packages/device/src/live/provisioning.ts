import { gatewayValidatorUrl } from "@carter/kit";
import { signal } from "@preact/signals";
import { sessionAccount } from "../engine/account.js";
import { isObject } from "../engine/json.js";

/** How long the approval sheet waits for the person (session-protocol §5.6). */
export const APPROVAL_MS = 60_000;
const ROLES = ["hub", "controller", "viewer"] as const;
type ProvisionRole = (typeof ROLES)[number];

/** A request waiting on the approval sheet. */
export interface ProvisionRequest {
  requestId: string;
  channel: string;
  role: ProvisionRole;
  reuseRoomKey: boolean;
  account: string;
}

/** The link the device is on: where a credential is minted and which room key its channel has. */
export interface ProvisionLink {
  url: string;
  channel: string;
  token?: string;
  key?: string;
}

type Outcome =
  | { status: "pending" }
  | { credential: Record<string, unknown>; key_reuse: string; expires_at: number }
  | { error: string; reason?: string };

function freshKey(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
}

/**
 * Provisioning through the device (session-protocol §5.6): an editor's `provision-device` opens an
 * approval sheet for 60 s and is answered `pending` at once; on approval the device adds a device
 * to its Connect+ account (`POST /devices` on the gateway with its account session, as Add Device
 * does) and builds the credential of §3.3; the editor collects it, once, with `get-provision-result`.
 */
export class Provisioning {
  /** The request the approval sheet shows, or `null`. */
  readonly asking = signal<ProvisionRequest | null>(null);
  private readonly outcomes = new Map<string, Outcome>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private count = 0;

  constructor(
    private readonly currentLink: () => ProvisionLink | null,
    private readonly post: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** `provision-device {channel, role, reuse_room_key}`. */
  request(payload: unknown): Record<string, unknown> {
    if (!isObject(payload))
      return { error: "bad-request", reason: "the payload must be {channel, role, reuse_room_key}" };
    const { channel, role } = payload;
    const reuse = payload.reuse_room_key ?? true;
    if (typeof channel !== "string" || channel.trim() === "")
      return { error: "bad-request", reason: "channel: must be a non-empty string" };
    if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role))
      return { error: "bad-request", reason: `role: must be one of ${ROLES.join(", ")}` };
    if (typeof reuse !== "boolean")
      return { error: "bad-request", reason: "reuse_room_key: must be a boolean" };
    if (this.asking.value !== null) return { error: "busy" };
    const account = sessionAccount(this.currentLink()?.token);
    if (account === null) return { error: "no-connect-session" };
    const requestId = `pr_${Date.now().toString(36)}_${++this.count}`;
    this.asking.value = { requestId, channel, role: role as ProvisionRole, reuseRoomKey: reuse, account };
    this.outcomes.set(requestId, { status: "pending" });
    this.timer = setTimeout(() => this.deny("no answer within 60 s"), APPROVAL_MS);
    return { ok: true, status: "pending", request_id: requestId };
  }

  /** `get-provision-result {request_id}`: pending, or the outcome (handed out once). */
  result(payload: unknown): Outcome {
    const id = isObject(payload) ? payload.request_id : undefined;
    const outcome = typeof id === "string" ? this.outcomes.get(id) : undefined;
    if (outcome === undefined) return { error: "unknown-request" };
    if (!("status" in outcome)) this.outcomes.delete(id as string);
    return outcome;
  }

  /** The person declined (or the sheet timed out). */
  deny(reason?: string): void {
    const asking = this.close();
    if (asking)
      this.outcomes.set(asking.requestId, reason ? { error: "denied", reason } : { error: "denied" });
  }

  /** The person approved: mint the credential on the gateway. */
  async approve(): Promise<void> {
    const asking = this.close();
    if (!asking) return;
    this.outcomes.set(asking.requestId, await this.mint(asking));
  }

  private close(): ProvisionRequest | null {
    clearTimeout(this.timer);
    const asking = this.asking.value;
    this.asking.value = null;
    return asking;
  }

  private async mint(asking: ProvisionRequest): Promise<Outcome> {
    const link = this.currentLink();
    if (!link?.token) return { error: "no-connect-session" };
    const validator = gatewayValidatorUrl(link.url);
    let reply: Record<string, unknown>;
    try {
      const response = await this.post(`${validator}/devices`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: link.token },
        body: JSON.stringify({
          name: `${asking.role} on ${asking.channel}`,
          role: asking.role === "hub" ? "hub" : "device",
        }),
      });
      reply = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!response.ok)
        return { error: "mint-failed", reason: String(reply.error ?? `HTTP ${response.status}`) };
    } catch (error) {
      return { error: "mint-failed", reason: (error as Error).message };
    }
    const existing = link.channel === asking.channel ? link.key : undefined;
    const keyReuse =
      asking.reuseRoomKey && existing !== undefined
        ? "reused-existing"
        : asking.reuseRoomKey
          ? "fresh-channel-had-none"
          : "fresh-forced";
    const credential: Record<string, unknown> = {
      url: link.url,
      channel: asking.channel,
      role: asking.role,
      token: reply.deviceToken,
      refresh: reply.refreshToken,
      did: reply.deviceId,
      k: keyReuse === "reused-existing" ? existing : freshKey(),
      validator,
    };
    return { credential, key_reuse: keyReuse, expires_at: Number(reply.expiresAt) };
  }

  /** The session ended: the sheet closes and unanswered results are dropped. */
  clear(): void {
    this.close();
    this.outcomes.clear();
  }
}
