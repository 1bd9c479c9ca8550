import type { Action, SyncBinding } from "../schema/types.js";

/** A control that is the wrong shape for the builder: unknown type, bad enum, bad sugar. */
export class LayoutBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LayoutBuildError";
  }
}

/** Listen to broadcasts whose payload has `msg_type` = `msgType`, taking the value at `path`. */
export interface ListenSpec {
  msgType: string;
  /** Dot path into the payload; absent = the whole payload. */
  path?: string;
  /** More top-level payload keys that must match exactly. */
  filter?: Record<string, unknown>;
}

/**
 * What a control sends. A string is a named command: `{msg_type: name, value: "{{value}}"}`
 * (session-protocol §4.1). An object sends `{msg_type, ...payload}` as given.
 */
export type SendSpec = string | { msgType: string; payload?: Record<string, unknown> };

function checkMsgType(where: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new LayoutBuildError(`${where}: msgType must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Compiles `listen` sugar to a sync binding; `where` names the control in errors. */
export function compileListen(spec: ListenSpec, where = "control"): SyncBinding {
  const msgType = checkMsgType(`${where}.listen`, spec.msgType);
  if (spec.filter && "msg_type" in spec.filter) {
    throw new LayoutBuildError(`${where}.listen: put msg_type in msgType, not in filter`);
  }
  const binding: SyncBinding = {
    method: "meshsocket",
    type: "listen",
    event: "broadcast",
    filter: { msg_type: msgType, ...spec.filter },
  };
  if (spec.path !== undefined && spec.path !== "") binding.valuePath = spec.path;
  return binding;
}

/** Compiles `send` sugar to a `broadcast_request` action; `where` names the control in errors. */
export function compileSend(spec: SendSpec, where = "control"): Action {
  let payload: Record<string, unknown>;
  if (typeof spec === "string") {
    payload = { msg_type: checkMsgType(`${where}.send`, spec), value: "{{value}}" };
  } else {
    const msgType = checkMsgType(`${where}.send`, spec.msgType);
    if (spec.payload && "msg_type" in spec.payload) {
      throw new LayoutBuildError(`${where}.send: put msg_type in msgType, not in payload`);
    }
    payload = { msg_type: msgType, ...spec.payload };
  }
  return { method: "meshsocket", mode: "broadcast", event: "broadcast_request", payload };
}
