/** WebSocket close codes the relay uses. Public API: shipping clients key behaviour off them. */
export const CloseCode = {
  /** Normal closure. */
  NORMAL: 1000,
  /** The relay is shutting down. */
  GOING_AWAY: 1001,
  /** Re-identify, bad token, bad name/channel, bad origin, rate limit. */
  POLICY_VIOLATION: 1008,
  /** A frame over the size limit. */
  MESSAGE_TOO_BIG: 1009,
  /** Unexpected server error. */
  INTERNAL_ERROR: 1011,
  /** A consumer too slow to drain its send buffer (ours; the reference relay reaps silently). */
  TRY_AGAIN_LATER: 1013,
  /** Per-IP pending cap or total connection cap. */
  TOO_MANY_CONNECTIONS: 4429,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
