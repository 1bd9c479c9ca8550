import { gatewayValidatorUrl } from "@carter/kit";
import { ToolError } from "./tool.js";

/** What `connect` mints on a gateway with the operator's admin credential. */
export type MintKind = "session" | "device";

export interface MintRequest {
  /** The gateway's `ws(s)://` URL. */
  url: string;
  /** Its validator API (default: the same host and port over `http(s)://`). */
  validator?: string;
  adminToken: string;
  account: string;
  kind: MintKind;
  /** The device's name (device tokens only). */
  name: string;
  /** How long an account session lives (device tokens live as long as the gateway says). */
  ttlMs: number;
}

/** A minted token and what may be shown about it (never the token or a refresh token). */
export interface Minted {
  token: string;
  kind: MintKind;
  account: string;
  expiresAt: number;
  deviceId?: string;
}

async function post(
  validator: string,
  path: string,
  body: Record<string, unknown>,
  adminToken: string,
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`${validator}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new ToolError(`validator: cannot reach ${validator}${path} (${cause})`);
  }
  const reply = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new ToolError(
      `admin_token_file: the gateway refused ${path} (${response.status}: ${String(reply.error ?? "no reason given")})`,
    );
  return reply;
}

/**
 * Mints a token on a Connect+ gateway with its admin credential: an account session
 * (`POST /validate`, what a phone signed in to the account holds) or a device token
 * (`POST /devices`, a new device of the account; its refresh token is dropped).
 */
export async function mintGatewayToken(request: MintRequest): Promise<Minted> {
  const validator = request.validator ?? gatewayValidatorUrl(request.url);
  if (request.kind === "session") {
    const expiresAt = Date.now() + request.ttlMs;
    const reply = await post(
      validator,
      "/validate",
      { account: request.account, product: "connect", expiresAtMs: expiresAt },
      request.adminToken,
    );
    if (typeof reply.token !== "string") throw new ToolError("validator: /validate sent no token");
    return { token: reply.token, kind: "session", account: request.account, expiresAt };
  }
  const reply = await post(
    validator,
    "/devices",
    { account: request.account, name: request.name, role: "device" },
    request.adminToken,
  );
  if (typeof reply.deviceToken !== "string") throw new ToolError("validator: /devices sent no deviceToken");
  return {
    token: reply.deviceToken,
    kind: "device",
    account: request.account,
    expiresAt: Number(reply.expiresAt),
    deviceId: String(reply.deviceId),
  };
}
