import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { createDevice, deviceToken, newRefreshToken } from "./admin.js";
import { credential, hashSecret, HttpError, readJsonBody, secretMatches, sendJson } from "./http.js";
import type { GatewayMetrics } from "./metrics.js";
import { parseAlertRules, type AlertRule } from "./alerts.js";
import { parseNotification, type Notification } from "./notify.js";
import { parsePushSubscription, type WebPush } from "./push.js";
import type { DeviceRole, GatewayStore, Revocation, RevocationKind } from "./store/store.js";
import type { KeyRing, TokenClaims } from "./tokens.js";

const NAME_PATTERN = /^[^\u0000-\u001f]{1,64}$/;
const PRODUCT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ACCOUNT_PATTERN = /^[0-9]{1,32}$/;
const CHANNEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface ApiSettings {
  adminToken: string;
  /** Product device tokens are minted for. */
  product: string;
  defaultSlots: number;
  deviceTokenTtlMs: number;
}

/** What the API needs from the rest of the gateway. */
export interface ApiContext {
  store: GatewayStore;
  keys: KeyRing;
  metrics: GatewayMetrics;
  logger: Logger;
  settings: ApiSettings;
  /** Records a revocation and closes the live sockets it covers. */
  revoke(
    revocation: Omit<Revocation, "id" | "createdAtMs">,
  ): Promise<{ revocation: Revocation; closed: number }>;
  /** Delivers a validated notification to the account's online devices; `{sent, stale}`. */
  notify(account: string, notification: Notification): Promise<{ sent: number; stale: number }>;
  /** Web Push, when on: its VAPID public key is served to browsers. */
  push: WebPush | null;
  /** A channel's alert rules were replaced through this process. */
  alertRulesChanged(account: string, channel: string, rules: AlertRule[]): void;
  /** Drops cached account data after a change. */
  accountChanged(id: string): void;
  /** `/healthz` and `/metrics`. */
  operations(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

/** Who is calling: the operator (admin credential), an account session, or a device. */
type Caller = { kind: "admin" } | { kind: "token"; claims: TokenClaims };

function text(body: Record<string, unknown>, field: string, pattern: RegExp, fallback?: string): string {
  const value = body[field] ?? fallback;
  if (typeof value !== "string" || !pattern.test(value))
    throw new HttpError(400, `${field}: ${value === undefined ? "required" : "invalid value"}`);
  return value;
}

function accountField(body: Record<string, unknown>): string {
  const value = typeof body.account === "number" ? String(body.account) : body.account;
  if (typeof value !== "string" || !ACCOUNT_PATTERN.test(value))
    throw new HttpError(400, "account: must be the account number (digits)");
  return value;
}

function wholeNumber(body: Record<string, unknown>, field: string, min: number, fallback?: number): number {
  const value = body[field] ?? fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min)
    throw new HttpError(400, `${field}: must be a whole number ≥ ${min}`);
  return value;
}

export class GatewayApi {
  constructor(private readonly context: ApiContext) {}

  /** Serves one request; never throws. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://gateway").pathname;
    let status = 500;
    try {
      res.setHeader("access-control-allow-origin", "*");
      if (req.method === "OPTIONS") {
        res.writeHead((status = 204), {
          "access-control-allow-methods": "GET, POST, PUT, DELETE",
          "access-control-allow-headers": "authorization, content-type",
          "access-control-max-age": "600",
        });
        res.end();
        return;
      }
      if ((req.method === "GET" || req.method === "HEAD") && this.context.operations(req, res, path)) {
        status = 200;
        return;
      }
      const [code, body] = await this.route(req, path);
      sendJson(res, (status = code), body);
    } catch (error) {
      if (error instanceof HttpError) {
        status = error.status;
      } else {
        this.context.logger.error({ err: error, path }, "API request failed");
      }
      if (!res.headersSent)
        sendJson(res, status, { error: error instanceof HttpError ? error.message : "internal error" });
      else res.end();
    } finally {
      this.context.metrics.httpRequests.labels(path.length <= 40 ? path : "other", String(status)).inc();
    }
  }

  private async route(req: IncomingMessage, path: string): Promise<[number, unknown]> {
    const method = req.method ?? "GET";
    const routes: Record<string, Record<string, () => Promise<[number, unknown]>>> = {
      "/validate": { POST: async () => this.validate(req) },
      "/devices": {
        POST: async () => this.addDevice(req),
        GET: async () => this.listDevices(req),
      },
      "/devices/sessions/refresh": { POST: async () => this.refresh(req) },
      "/revocations": { POST: async () => this.revocation(req) },
      "/accounts": {
        POST: async () => this.createAccount(req),
        GET: async () => this.listAccounts(req),
      },
      "/keys/rotate": { POST: async () => this.rotateKeys(req) },
      "/alerts/notify": { POST: async () => this.notify(req) },
      "/alerts/rules": {
        PUT: async () => this.setAlertRules(req),
        GET: async () => this.listAlertRules(req),
      },
      "/push/vapid": { GET: async () => this.vapid() },
      "/push/subscriptions": {
        POST: async () => this.subscribe(req),
        DELETE: async () => this.unsubscribe(req),
      },
    };
    const route = routes[path];
    if (route === undefined) throw new HttpError(404, `no such endpoint: ${path}`);
    const handler = route[method];
    if (handler === undefined) throw new HttpError(405, `${path} takes ${Object.keys(route).join(" or ")}`);
    return handler();
  }

  private async caller(req: IncomingMessage): Promise<Caller> {
    const presented = credential(req);
    if (presented === "") throw new HttpError(401, "Authorization required");
    if (secretMatches(presented, this.context.settings.adminToken)) return { kind: "admin" };
    const claims = await this.context.keys.verify(presented);
    if (claims === null) throw new HttpError(401, "bad or expired credential");
    return { kind: "token", claims };
  }

  private async admin(req: IncomingMessage): Promise<void> {
    if ((await this.caller(req)).kind !== "admin") throw new HttpError(403, "admin credential required");
  }

  /** The account a caller may act for: its token's, or (admin) the body's. */
  private async actingAccount(req: IncomingMessage, body: Record<string, unknown>, hubOnly: boolean) {
    const caller = await this.caller(req);
    let account: string;
    if (caller.kind === "admin") {
      account = accountField(body);
    } else {
      const claims = caller.claims;
      if (hubOnly && claims.use === "device" && claims.role !== "hub")
        throw new HttpError(403, "hub-only: present an account session or a hub's device token");
      account = claims.acct;
      if (body.account !== undefined && accountField(body) !== account)
        throw new HttpError(403, "account: not the credential's account");
    }
    if ((await this.context.store.account(account)) === undefined)
      throw new HttpError(404, `account: no account ${account}`);
    return { caller, account };
  }

  /** `POST /validate {account, product, expiresAtMs}` → `{token}`: a development account session. */
  private async validate(req: IncomingMessage): Promise<[number, unknown]> {
    await this.admin(req);
    const body = await readJsonBody(req);
    const account = accountField(body);
    const product = text(body, "product", PRODUCT_PATTERN);
    const expiresAtMs = wholeNumber(body, "expiresAtMs", 0);
    if ((await this.context.store.account(account)) === undefined)
      throw new HttpError(404, `account: no account ${account}`);
    try {
      const { token } = await this.context.keys.mint({
        acct: account,
        prod: product,
        use: "session",
        expiresAtMs,
      });
      return [200, { token }];
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(400, `expiresAtMs: ${error.message}`);
      throw error;
    }
  }

  /** `POST /devices {name, role?}` (hub-only) → `{deviceId, deviceToken, refreshToken, expiresAt}`. */
  private async addDevice(req: IncomingMessage): Promise<[number, unknown]> {
    const body = await readJsonBody(req);
    const { account } = await this.actingAccount(req, body, true);
    const name = text(body, "name", NAME_PATTERN);
    const role = text(body, "role", /^(device|hub)$/, "device") as DeviceRole;
    const created = await createDevice(
      this.context.store,
      this.context.keys,
      this.context.settings,
      account,
      name,
      role,
    );
    this.context.logger.info({ account, deviceId: created.deviceId, role }, "device added");
    return [201, created];
  }

  private async listDevices(req: IncomingMessage): Promise<[number, unknown]> {
    const caller = await this.caller(req);
    const url = new URL(req.url ?? "/", "http://gateway");
    const requested = url.searchParams.get("account") ?? undefined;
    if (caller.kind !== "admin") {
      if (caller.claims.use === "device" && caller.claims.role !== "hub")
        throw new HttpError(403, "hub-only: present an account session or a hub's device token");
      if (requested !== undefined && requested !== caller.claims.acct)
        throw new HttpError(403, "account: not the credential's account");
    }
    const account = caller.kind === "admin" ? requested : caller.claims.acct;
    return [200, { devices: await this.context.store.devices(account) }];
  }

  /**
   * `POST /devices/sessions/refresh {deviceId, refreshToken}` → `{deviceToken, expiresAt, refreshToken}`.
   * The refresh token rotates on every use; presenting a rotated-out one revokes the device.
   */
  private async refresh(req: IncomingMessage): Promise<[number, unknown]> {
    const body = await readJsonBody(req);
    const deviceId = text(body, "deviceId", /^[A-Za-z0-9_-]{1,64}$/);
    const presented = text(body, "refreshToken", /^[A-Za-z0-9_-]{1,256}$/);
    const nextToken = newRefreshToken();
    const result = await this.context.store.rotateRefresh(
      deviceId,
      hashSecret(presented),
      hashSecret(nextToken),
      Date.now(),
    );
    switch (result.outcome) {
      case "unknown":
        throw new HttpError(401, "unknown device or refresh token");
      case "revoked":
        throw new HttpError(403, "device revoked");
      case "reused":
        await this.context.revoke({
          kind: "device",
          account: result.device.account,
          subject: result.device.id,
          atMs: Date.now(),
          expiresAtMs: null,
        });
        this.context.logger.warn(
          { account: result.device.account, deviceId },
          "refresh token reused: device revoked",
        );
        throw new HttpError(403, "refresh token reused: device revoked");
      case "rotated":
        return [
          200,
          {
            ...(await deviceToken(this.context.keys, this.context.settings, result.device)),
            refreshToken: nextToken,
          },
        ];
    }
  }

  /** `POST /revocations {jti | deviceId | before}`: an account session, a hub, or the admin (with `account`). */
  private async revocation(req: IncomingMessage): Promise<[number, unknown]> {
    const body = await readJsonBody(req);
    const { account } = await this.actingAccount(req, body, true);
    const given = (["jti", "deviceId", "before"] as const).filter((field) => body[field] !== undefined);
    if (given.length !== 1) throw new HttpError(400, "give exactly one of jti, deviceId, before");
    const now = Date.now();
    let kind: RevocationKind;
    let subject = "";
    let atMs = now;
    let expiresAtMs: number | null = null;
    if (given[0] === "jti") {
      kind = "token";
      subject = text(body, "jti", /^[A-Za-z0-9_-]{1,128}$/);
      // The token cannot outlive the longest lifetime, so neither need its revocation.
      expiresAtMs = now + this.context.keys.maxTokenTtlMs;
    } else if (given[0] === "deviceId") {
      kind = "device";
      subject = text(body, "deviceId", /^[A-Za-z0-9_-]{1,64}$/);
      const device = await this.context.store.device(subject);
      if (device === undefined || device.account !== account)
        throw new HttpError(404, `deviceId: no device ${subject} in account ${account}`);
    } else {
      kind = "before";
      atMs = wholeNumber(body, "before", 0);
      if (atMs > now) throw new HttpError(400, "before: must not be in the future");
    }
    const { revocation, closed } = await this.context.revoke({ kind, account, subject, atMs, expiresAtMs });
    return [200, { revocation, closed }];
  }

  /**
   * `POST /alerts/notify` with an account session (or a hub's device token) in `Authorization`:
   * every field checked against the limits of the spec; `{sent, stale, notifId}`.
   */
  private async notify(req: IncomingMessage): Promise<[number, unknown]> {
    const caller = await this.caller(req);
    if (caller.kind !== "token" || (caller.claims.use === "device" && caller.claims.role !== "hub"))
      throw new HttpError(403, "Authorization: an account session or a hub's device token");
    const notification = parseNotification(await readJsonBody(req));
    const { sent, stale } = await this.context.notify(caller.claims.acct, notification);
    return [200, { sent, stale, notifId: notification.notifId }];
  }

  /**
   * `PUT /alerts/rules {channel, rules}` (an account session or a hub): replaces the channel's
   * alert rules with a layout's `alerts` array (`[]` removes them) → `{channel, rules}`.
   */
  private async setAlertRules(req: IncomingMessage): Promise<[number, unknown]> {
    const body = await readJsonBody(req);
    const { account } = await this.actingAccount(req, body, true);
    const channel = text(body, "channel", CHANNEL_PATTERN);
    const rules = parseAlertRules(body.rules);
    await this.context.store.setAlertRules({
      account,
      channel,
      rules: JSON.stringify(rules),
      updatedAtMs: Date.now(),
    });
    this.context.alertRulesChanged(account, channel, rules);
    this.context.logger.info({ account, channel, rules: rules.length }, "alert rules registered");
    return [200, { channel, rules }];
  }

  /** `GET /alerts/rules` → `{alerts: [{channel, rules}]}` for the caller's account. */
  private async listAlertRules(req: IncomingMessage): Promise<[number, unknown]> {
    const caller = await this.caller(req);
    const url = new URL(req.url ?? "/", "http://gateway");
    const account =
      caller.kind === "admin" ? (url.searchParams.get("account") ?? undefined) : caller.claims.acct;
    if (account === undefined) throw new HttpError(400, "account: required with the admin credential");
    const sets = await this.context.store.alertRules(account);
    return [
      200,
      { alerts: sets.map((set) => ({ channel: set.channel, rules: JSON.parse(set.rules) as unknown })) },
    ];
  }

  /** `GET /push/vapid` → `{publicKey}`: the `applicationServerKey` browsers subscribe with. */
  private vapid(): Promise<[number, unknown]> {
    if (this.context.push === null) throw new HttpError(404, "Web Push is turned off on this gateway");
    return Promise.resolve([200, { publicKey: this.context.push.publicKey }]);
  }

  /** The device a device token speaks for (push subscriptions belong to devices). */
  private async device(req: IncomingMessage): Promise<TokenClaims & { did: string }> {
    const caller = await this.caller(req);
    if (caller.kind !== "token" || caller.claims.use !== "device" || caller.claims.did === undefined)
      throw new HttpError(403, "Authorization: a device token");
    return { ...caller.claims, did: caller.claims.did };
  }

  /** `POST /push/subscriptions {subscription}` (a device token): where to push when the device is offline. */
  private async subscribe(req: IncomingMessage): Promise<[number, unknown]> {
    const claims = await this.device(req);
    const subscription = parsePushSubscription((await readJsonBody(req)).subscription);
    await this.context.store.savePushSubscription({
      endpoint: subscription.endpoint,
      account: claims.acct,
      deviceId: claims.did,
      subscription: JSON.stringify(subscription),
      createdAtMs: Date.now(),
    });
    this.context.logger.info({ account: claims.acct, deviceId: claims.did }, "push subscription saved");
    return [201, { endpoint: subscription.endpoint, deviceId: claims.did }];
  }

  /** `DELETE /push/subscriptions {endpoint}` (the device that registered it). */
  private async unsubscribe(req: IncomingMessage): Promise<[number, unknown]> {
    const claims = await this.device(req);
    const endpoint = text(await readJsonBody(req), "endpoint", /^https:\/\/\S{1,1016}$/);
    const owned = (await this.context.store.pushSubscriptions(claims.acct)).some(
      (record) => record.endpoint === endpoint && record.deviceId === claims.did,
    );
    if (!owned) throw new HttpError(404, "endpoint: no subscription of this device");
    await this.context.store.removePushSubscription(endpoint);
    return [200, { removed: endpoint }];
  }

  private async createAccount(req: IncomingMessage): Promise<[number, unknown]> {
    await this.admin(req);
    const body = await readJsonBody(req);
    const name = text(body, "name", NAME_PATTERN);
    const slots = wholeNumber(body, "slots", 1, this.context.settings.defaultSlots);
    const account = await this.context.store.createAccount(name, slots);
    this.context.logger.info({ account: account.id }, "account created");
    return [201, account];
  }

  private async listAccounts(req: IncomingMessage): Promise<[number, unknown]> {
    await this.admin(req);
    return [200, { accounts: await this.context.store.accounts() }];
  }

  private async rotateKeys(req: IncomingMessage): Promise<[number, unknown]> {
    await this.admin(req);
    return [200, { kid: await this.context.keys.rotate() }];
  }
}
