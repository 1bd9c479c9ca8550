import { MeshClientError } from "./errors.js";

/** The validator answered 401: the device id or refresh token is not (or no longer) known. */
export class CredentialRejectedError extends MeshClientError {
  override readonly name = "CredentialRejectedError";
}

/** Three consecutive 403s from the validator: the device was revoked. Nothing will reconnect it. */
export class CredentialRevokedError extends MeshClientError {
  override readonly name = "CredentialRevokedError";
}

/** What a refresh produced; persist `refreshToken` (each one works once). */
export interface RefreshedCredential {
  deviceId: string;
  deviceToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  refreshToken: string;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ status: number; json(): Promise<unknown> }>;

export interface DeviceCredentialOptions {
  /** The Connect+ validator (gateway) base URL: `https://…` (`http://` on loopback). */
  validator: string;
  deviceId: string;
  refreshToken: string;
  /** The device token in hand, if any; without one (or near its expiry) the first connect refreshes. */
  token?: string;
  /** Its expiry, epoch ms; unknown counts as expired. */
  expiresAt?: number;
  /** Called after every refresh with the rotated credential, before it is used. */
  onRefresh?: (credential: RefreshedCredential) => void | Promise<void>;
  /** Refresh period while connected. Default 2 400 000 ms (40 min), sooner when the token expires first. */
  refreshEveryMs?: number;
  /** Pause between 403s: 2 s while connecting, 60 s in the refresh loop (three in a row = revoked). */
  forbiddenRetryMs?: { connect?: number; loop?: number };
  /** Default `globalThis.fetch`. Node callers trusting a private CA pass their own. */
  fetch?: FetchLike;
}

/** A token this close to expiry is refreshed before it is presented. */
const EXPIRY_MARGIN_MS = 60_000;
const FORBIDDEN_IN_A_ROW = 3;

/**
 * A Connect+ device credential (session-protocol §7): keeps a short-lived device token fresh with
 * the refresh token through `POST <validator>/devices/sessions/refresh`, before connecting and on a
 * schedule. 401 rejects at once (bad credential); 403 counts as revoked only after three in a row
 * (2 s apart while connecting, 60 s in the loop); anything else is a transient failure. Refreshes
 * never overlap: the refresh token rotates, and presenting a spent one revokes the device.
 */
export class DeviceCredential {
  readonly deviceId: string;
  /** The validator base URL, without a trailing slash. */
  readonly validator: string;
  private refreshToken: string;
  private deviceToken: string | undefined;
  private expiresAt: number;
  private inFlight: Promise<string> | null = null;
  private readonly options: DeviceCredentialOptions;

  constructor(options: DeviceCredentialOptions) {
    let url: URL;
    try {
      url = new URL(options.validator);
    } catch {
      throw new TypeError("validator must be an absolute https:// URL");
    }
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback))
      throw new TypeError("validator must be https:// (http:// only on loopback)");
    if (typeof options.deviceId !== "string" || options.deviceId === "")
      throw new TypeError("deviceId is required");
    if (typeof options.refreshToken !== "string" || options.refreshToken === "")
      throw new TypeError("refreshToken is required");
    this.options = options;
    this.validator = options.validator.replace(/\/+$/, "");
    this.deviceId = options.deviceId;
    this.refreshToken = options.refreshToken;
    this.deviceToken = options.token;
    this.expiresAt = options.token === undefined ? 0 : (options.expiresAt ?? 0);
  }

  /** Epoch ms the current token expires at (0 when none). */
  get tokenExpiresAt(): number {
    return this.expiresAt;
  }

  /** How long until the scheduled refresh. */
  nextRefreshInMs(now = Date.now()): number {
    const every = this.options.refreshEveryMs ?? 2_400_000;
    return Math.max(1000, Math.min(every, this.expiresAt - now - EXPIRY_MARGIN_MS));
  }

  /** Forgets the token in hand, so the next `token()` refreshes (e.g. after the gateway closed it as revoked). */
  expire(): void {
    this.expiresAt = 0;
  }

  /** A device token good for at least a minute, refreshing first when needed. */
  async token(phase: "connect" | "loop" = "connect"): Promise<string> {
    if (this.deviceToken !== undefined && this.expiresAt - Date.now() > EXPIRY_MARGIN_MS)
      return this.deviceToken;
    return this.refresh(phase);
  }

  /** Refreshes now (joining a refresh already under way); resolves with the new device token. */
  refresh(phase: "connect" | "loop" = "loop"): Promise<string> {
    this.inFlight ??= this.refreshOnce(phase).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async refreshOnce(phase: "connect" | "loop"): Promise<string> {
    const fetcher = this.options.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (fetcher === undefined) throw new MeshClientError("no fetch available: pass options.fetch");
    const pause =
      phase === "connect"
        ? (this.options.forbiddenRetryMs?.connect ?? 2000)
        : (this.options.forbiddenRetryMs?.loop ?? 60_000);
    for (let forbidden = 0; ;) {
      const response = await fetcher(`${this.validator}/devices/sessions/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ deviceId: this.deviceId, refreshToken: this.refreshToken }),
      });
      if (response.status === 401)
        throw new CredentialRejectedError(
          `the validator does not know device ${this.deviceId} or its refresh token (401)`,
        );
      if (response.status === 403) {
        if (++forbidden >= FORBIDDEN_IN_A_ROW)
          throw new CredentialRevokedError(
            `device ${this.deviceId} was revoked (${FORBIDDEN_IN_A_ROW} consecutive 403s)`,
          );
        await new Promise((resolve) => setTimeout(resolve, pause));
        continue;
      }
      if (response.status !== 200) throw new MeshClientError(`token refresh failed: HTTP ${response.status}`);
      const body = (await response.json()) as Record<string, unknown>;
      const deviceToken = body.deviceToken;
      const expiresAt = Number(body.expiresAt);
      if (typeof deviceToken !== "string" || !Number.isFinite(expiresAt))
        throw new MeshClientError("token refresh reply lacks deviceToken/expiresAt");
      const rotated = body.refreshToken ?? body.refresh_token;
      if (typeof rotated === "string" && rotated !== "") this.refreshToken = rotated;
      this.deviceToken = deviceToken;
      this.expiresAt = expiresAt;
      await this.options.onRefresh?.({
        deviceId: this.deviceId,
        deviceToken,
        expiresAt,
        refreshToken: this.refreshToken,
      });
      return deviceToken;
    }
  }
}
