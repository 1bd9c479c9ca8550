/** Base class of every error the client rejects or throws with, so callers can catch them as one. */
export class MeshClientError extends Error {}

/** `send`/`request` while the client is not admitted (and, for `send`, no offline buffer is configured). */
export class NotConnectedError extends MeshClientError {
  override readonly name = "NotConnectedError";
  constructor(message = "not connected: the client is not admitted to the relay") {
    super(message);
  }
}

/** No reply arrived within the request's timeout. */
export class RequestTimeoutError extends MeshClientError {
  override readonly name = "RequestTimeoutError";
  constructor(
    readonly type: string,
    readonly timeoutMs: number,
  ) {
    super(`request ${type} timed out after ${timeoutMs} ms`);
  }
}

/** The connection dropped (or the client was closed) while the request was pending. */
export class DisconnectedError extends MeshClientError {
  override readonly name = "DisconnectedError";
  constructor(message = "disconnected before a reply arrived") {
    super(message);
  }
}

/** The reply was a failure `{error, status:"failed"}` (from the relay or the target); `error` keeps its text. */
export class RequestFailedError extends MeshClientError {
  override readonly name = "RequestFailedError";
  constructor(
    readonly error: string,
    readonly reply: unknown,
  ) {
    super(`request failed: ${error}`);
  }
}
