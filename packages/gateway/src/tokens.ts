import { randomUUID } from "node:crypto";
import {
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from "jose";
import type { GatewayStore, SigningKeyRecord } from "./store/store.js";

const ALGORITHM = "EdDSA";
/** A token signed by a key this process has not loaded yet re-reads the keys, at most this often. */
const UNKNOWN_KID_RELOAD_MS = 1000;
const ISSUER = "carter-gateway";

/** What the gateway signs into every token. */
export interface TokenClaims {
  /** Account number (digits): the namespace. */
  acct: string;
  /** Product the token meters slots against. */
  prod: string;
  /** Token id: the handle for revoking this token alone. */
  jti: string;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Issue time, epoch seconds. */
  iat: number;
  /** `session`: an account session (minted by `/validate`) · `device`: a device's short-lived token. */
  use: "session" | "device";
  /** Device id, for device tokens. */
  did?: string;
  /** Device role, for device tokens (`device` or `hub`). */
  role?: string;
}

export type MintRequest = Omit<TokenClaims, "jti" | "iat" | "exp"> & { expiresAtMs: number };

interface LoadedKey {
  kid: string;
  retiresAtMs: number | null;
  publicKey: CryptoKey;
  privateKey: CryptoKey | null;
}

async function loadKey(record: SigningKeyRecord): Promise<LoadedKey> {
  return {
    kid: record.kid,
    retiresAtMs: record.retiresAtMs,
    publicKey: (await importJWK(JSON.parse(record.publicJwk) as JWK, ALGORITHM)) as CryptoKey,
    privateKey:
      record.retiresAtMs === null
        ? ((await importJWK(JSON.parse(record.privateJwk) as JWK, ALGORITHM)) as CryptoKey)
        : null,
  };
}

async function newKeyRecord(nowMs: number): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(ALGORITHM, { crv: "Ed25519", extractable: true });
  const kid = `k_${randomUUID()}`;
  return {
    kid,
    privateJwk: JSON.stringify({ ...(await exportJWK(privateKey)), kid }),
    publicJwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid }),
    createdAtMs: nowMs,
    retiresAtMs: null,
  };
}

function isClaims(payload: JWTPayload): payload is JWTPayload & TokenClaims {
  return (
    typeof payload.acct === "string" &&
    /^[0-9]{1,32}$/.test(payload.acct) &&
    typeof payload.prod === "string" &&
    typeof payload.jti === "string" &&
    typeof payload.exp === "number" &&
    typeof payload.iat === "number" &&
    (payload.use === "session" || payload.use === "device") &&
    (payload.did === undefined || typeof payload.did === "string") &&
    (payload.role === undefined || typeof payload.role === "string")
  );
}

/**
 * Signs and verifies gateway tokens (EdDSA JWTs). Keys live in the store so every gateway process
 * shares them. Rotation adds a new signing key; the old ones keep verifying until the longest
 * token they could have signed has expired (`maxTokenTtlMs` after the rotation).
 */
export class KeyRing {
  private keys = new Map<string, LoadedKey>();
  private signing: LoadedKey | null = null;
  private reloadedAtMs = 0;

  private constructor(
    private readonly store: GatewayStore,
    readonly maxTokenTtlMs: number,
  ) {}

  static async open(store: GatewayStore, maxTokenTtlMs: number): Promise<KeyRing> {
    const ring = new KeyRing(store, maxTokenTtlMs);
    await ring.reload();
    if (ring.signing === null) {
      await store.addFirstSigningKey(await newKeyRecord(Date.now()));
      await ring.reload();
    }
    return ring;
  }

  /** Re-reads the keys (another process may have rotated). */
  async reload(): Promise<void> {
    const now = Date.now();
    this.reloadedAtMs = now;
    const records = (await this.store.signingKeys()).filter(
      (record) => record.retiresAtMs === null || record.retiresAtMs > now,
    );
    const keys = new Map<string, LoadedKey>();
    let signing: LoadedKey | null = null;
    for (const record of records) {
      const loaded =
        this.keys.get(record.kid)?.retiresAtMs === record.retiresAtMs
          ? this.keys.get(record.kid)!
          : await loadKey(record);
      keys.set(record.kid, loaded);
      if (loaded.privateKey !== null) signing = loaded;
    }
    this.keys = keys;
    this.signing = signing;
  }

  /** Starts signing with a fresh key; tokens of the old ones stay valid until they expire. */
  async rotate(): Promise<string> {
    const now = Date.now();
    const record = await newKeyRecord(now);
    await this.store.rotateSigningKey(record, now + this.maxTokenTtlMs);
    await this.reload();
    return record.kid;
  }

  get signingKid(): string {
    return this.signing?.kid ?? "";
  }

  /** Signs a token; `expiresAtMs` must lie in the future and within `maxTokenTtlMs`. */
  async mint(request: MintRequest): Promise<{ token: string; claims: TokenClaims }> {
    const signing = this.signing;
    if (signing === null || signing.privateKey === null) throw new Error("no signing key");
    const nowMs = Date.now();
    if (!(request.expiresAtMs > nowMs) || request.expiresAtMs > nowMs + this.maxTokenTtlMs)
      throw new RangeError("expiresAtMs must be in the future and within the longest token lifetime");
    const claims: TokenClaims = {
      acct: request.acct,
      prod: request.prod,
      use: request.use,
      ...(request.did !== undefined ? { did: request.did } : {}),
      ...(request.role !== undefined ? { role: request.role } : {}),
      jti: randomUUID(),
      iat: Math.floor(nowMs / 1000),
      exp: Math.floor(request.expiresAtMs / 1000),
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALGORITHM, kid: signing.kid, typ: "JWT" })
      .setIssuer(ISSUER)
      .sign(signing.privateKey);
    return { token, claims };
  }

  /** The token's claims if its signature, issuer and expiry hold; null otherwise (never throws). */
  async verify(token: string): Promise<TokenClaims | null> {
    if (token.length === 0 || token.length > 4096) return null;
    try {
      // Another gateway process may have rotated to a key this one has not read yet.
      const kid = decodeProtectedHeader(token).kid;
      if (kid !== undefined && !this.keys.has(kid) && Date.now() - this.reloadedAtMs > UNKNOWN_KID_RELOAD_MS)
        await this.reload();
      const { payload } = await jwtVerify(token, (header) => this.publicKey(header.kid), {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        requiredClaims: ["exp", "iat", "jti"],
      });
      return isClaims(payload) ? payload : null;
    } catch {
      return null;
    }
  }

  private publicKey(kid: string | undefined): CryptoKey {
    const key = kid === undefined ? undefined : this.keys.get(kid);
    if (key === undefined || (key.retiresAtMs !== null && key.retiresAtMs <= Date.now()))
      throw new Error("unknown signing key");
    return key.publicKey;
  }
}
