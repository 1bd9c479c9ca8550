/**
 * A push service for tests, and the browser side of a subscription: a real HTTPS server that takes
 * Web Push requests the way a browser vendor's service does, checks the VAPID JWT's signature and
 * claims (RFC 8292), and decrypts the aes128gcm payload (RFC 8291) with the subscription's private
 * key and auth secret, written here from the RFCs rather than with the library the gateway sends with.
 */
import { createDecipheriv, createECDH, createHmac, randomBytes, type ECDH } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importJWK, jwtVerify } from "jose";
import type { PushSubscriptionJson } from "./push.js";
import { developmentTls } from "./tls.js";

/** One push request, verified and decrypted. */
export interface ReceivedPush {
  path: string;
  /** The VAPID public key (`k`), base64url. */
  vapidKey: string;
  /** The verified VAPID JWT claims. */
  claims: { aud: string; sub: string; exp: number };
  ttl: number;
  urgency: string | undefined;
  /** The decrypted payload, parsed. */
  payload: Record<string, unknown>;
}

/** A browser's subscription: the public half goes to the gateway, the private half stays here. */
export interface TestSubscription {
  json: PushSubscriptionJson;
  ecdh: ECDH;
  auth: Buffer;
}

export interface TestPushService {
  /** The certificate the gateway must trust (`push.extraCa`). */
  cert: string;
  origin: string;
  /** Verified pushes, in arrival order. */
  received: ReceivedPush[];
  /** Requests that failed verification, with why. */
  rejected: string[];
  /** A new subscription on this service; `gone` ones are answered 410 like an unsubscribed browser's. */
  subscribe(options?: { gone?: boolean }): TestSubscription;
  /** Resolves once `count` pushes arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPush[]>;
  close(): Promise<void>;
}

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/** RFC 8291 §3.4 and RFC 8188: the plaintext of a single-record aes128gcm body. */
function decrypt(body: Buffer, subscription: TestSubscription): Buffer {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const secret = subscription.ecdh.computeSecret(serverKey);
  const clientKey = subscription.ecdh.getPublicKey();
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), clientKey, serverKey, Buffer.from([1])]);
  const ikm = hmac(hmac(subscription.auth, secret), keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01", "binary")).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01", "binary")).subarray(0, 12);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return padded.subarray(0, end);
}

async function verifyVapid(
  header: string,
  origin: string,
): Promise<{ key: string; claims: ReceivedPush["claims"] }> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (match === null) throw new Error(`Authorization is not "vapid t=…, k=…": ${header}`);
  const [, jwt, key] = match;
  const point = Buffer.from(key, "base64url");
  if (point.length !== 65 || point[0] !== 4) throw new Error("k is not an uncompressed P-256 point");
  const publicKey = await importJWK(
    {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33).toString("base64url"),
    },
    "ES256",
  );
  const { payload } = await jwtVerify(jwt, publicKey, { algorithms: ["ES256"], audience: origin });
  if (typeof payload.sub !== "string" || !/^(mailto:|https:)/.test(payload.sub))
    throw new Error("sub is not a mailto: or https: URL");
  const exp = payload.exp ?? 0;
  if (exp * 1000 > Date.now() + 24 * 3_600_000) throw new Error("exp more than 24 h ahead");
  return { key, claims: { aud: origin, sub: payload.sub, exp } };
}

export async function startPushService(): Promise<TestPushService> {
  const dir = mkdtempSync(join(tmpdir(), "carter-push-"));
  const tls = await developmentTls(dir);
  const subscriptions = new Map<string, TestSubscription & { gone: boolean }>();
  const received: ReceivedPush[] = [];
  const rejected: string[] = [];
  const waiters = new Set<() => void>();
  let origin = "";
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      const subscription = subscriptions.get(path);
      if (subscription === undefined || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      if (subscription.gone) {
        res.writeHead(410).end();
        return;
      }
      const body = Buffer.concat(chunks);
      verifyVapid(req.headers.authorization ?? "", origin)
        .then(({ key, claims }) => {
          if (req.headers["content-encoding"] !== "aes128gcm")
            throw new Error("Content-Encoding is not aes128gcm");
          const payload = JSON.parse(decrypt(body, subscription).toString("utf8")) as Record<string, unknown>;
          received.push({
            path,
            vapidKey: key,
            claims,
            ttl: Number(req.headers.ttl),
            urgency: req.headers.urgency as string | undefined,
            payload,
          });
          res.writeHead(201).end();
        })
        .catch((error: unknown) => {
          rejected.push(String(error));
          res.writeHead(400).end();
        })
        .finally(() => {
          for (const wake of waiters) wake();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    cert: tls.cert,
    origin,
    received,
    rejected,
    subscribe({ gone = false } = {}) {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const path = `/push/${randomBytes(12).toString("hex")}`;
      const subscription = {
        json: {
          endpoint: `${origin}${path}`,
          keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
        },
        ecdh,
        auth,
      };
      subscriptions.set(path, { ...subscription, gone });
      return subscription;
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (rejected.length > 0) finish(new Error(`push rejected: ${rejected.join("; ")}`));
          else if (received.length >= count) finish();
        };
        const timer = setTimeout(
          () => finish(new Error(`only ${received.length} of ${count} pushes within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error === undefined) resolve(received.slice());
          else reject(error);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
