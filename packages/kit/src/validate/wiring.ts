import { ACTION_EVENTS, RelayVerb } from "@carter/protocol";
import { ACTION_SPEC, SYNC_SPEC } from "../spec/model.js";
import { isObject, pathKey, type JsonObject } from "../walk.js";
import { checkFields, requireObject, type RefChecker } from "./fields.js";
import type { Report } from "./report.js";

/** An mqtt/http binding or action, checked against the declared sources once all are known. */
export interface SourceUse {
  path: string;
  method: "mqtt" | "http";
  source: unknown;
  /** http with an absolute `url` needs no source. */
  needsSource: boolean;
}

/**
 * Frame types a device can never receive as a sync event: the relay consumes them (a device
 * sees them only as replies to its own requests). Everything else can reach a device: `broadcast`
 * fan-out, relay pushes (`welcome`, `server_client_list`) and any type a peer routes to it with
 * `route_msg`/`route_msg_noreply`.
 */
const RELAY_CONSUMED: ReadonlySet<string> = new Set([
  RelayVerb.IDENTIFY,
  RelayVerb.BROADCAST_REQUEST,
  RelayVerb.ROUTE_MSG,
  RelayVerb.ROUTE_MSG_NOREPLY,
  RelayVerb.GET_NODES,
  RelayVerb.PING,
]);

/** The effective method: the app treats an absent or unknown method as `meshsocket`. */
function methodOf(object: JsonObject): "meshsocket" | "mqtt" | "http" | "sensor" {
  const method = object.method;
  return method === "mqtt" || method === "http" || method === "sensor" ? method : "meshsocket";
}

function hasUrlOrPath(object: JsonObject): boolean {
  return object.url !== undefined || object.path !== undefined;
}

function sourceUse(object: JsonObject, path: string, method: "mqtt" | "http"): SourceUse {
  return { path, method, source: object.source, needsSource: method === "mqtt" || object.url === undefined };
}

/** Checks one action object (`action`, `longPressAction`, config and drag-event actions, item actions). */
export function checkAction(
  value: unknown,
  path: string,
  report: Report,
  uses: SourceUse[],
  checkRef: RefChecker,
): void {
  if (!requireObject(value, path, "an action", report, "bad_action")) return;
  checkFields(value, ACTION_SPEC.fields, path, report, { code: "bad_action", checkRef });
  const method = methodOf(value);
  if (method === "mqtt") {
    if (value.topic === undefined) report.error("bad_action", path, 'an mqtt action needs a "topic"');
    uses.push(sourceUse(value, path, "mqtt"));
    return;
  }
  if (method === "http") {
    if (!hasUrlOrPath(value)) report.error("bad_action", path, 'an http action needs a "url" or a "path"');
    uses.push(sourceUse(value, path, "http"));
    return;
  }
  const event = value.event;
  const eventPath = pathKey(path, "event");
  if (event === undefined) {
    report.error(
      "bad_action",
      eventPath,
      'a meshsocket action needs an "event" (normally "broadcast_request")',
    );
    return;
  }
  if (typeof event !== "string" || !ACTION_EVENTS.has(event)) {
    report.error(
      "dead_action",
      eventPath,
      `event ${JSON.stringify(event)} is not a relay verb, so the relay drops the frame; send "broadcast_request" with a payload {"msg_type": ...} instead`,
    );
    return;
  }
  const payload = value.payload;
  const payloadPath = pathKey(path, "payload");
  if (event === "broadcast_request") {
    if (value.mode === "request")
      report.warn(
        "bad_action",
        pathKey(path, "mode"),
        'mode "request" never gets a reply for "broadcast_request"; use "broadcast"',
      );
    if (!isObject(payload) || payload.msg_type === undefined)
      report.warn(
        "bad_action",
        payloadPath,
        'a "broadcast_request" payload should carry "msg_type" so servers can demux it',
      );
  } else if (event === "route_msg" && !(isObject(payload) && payload.target_id !== undefined)) {
    report.error(
      "bad_action",
      payloadPath,
      'a "route_msg" payload needs "target_id" (the peer id to route to)',
    );
  } else if (event === "route_msg_noreply" && !(isObject(payload) && payload.target_name !== undefined)) {
    report.error(
      "bad_action",
      payloadPath,
      'a "route_msg_noreply" payload needs "target_name" (the peer name to route to)',
    );
  }
}

/** Checks a control's `sync`: a list of bindings (a lone object is read as a one-element list). */
export function checkSyncList(
  value: unknown,
  path: string,
  report: Report,
  uses: SourceUse[],
  checkRef: RefChecker,
): void {
  let entries: unknown[];
  if (Array.isArray(value)) entries = value;
  else if (isObject(value)) {
    report.warn(
      "bad_sync",
      path,
      '"sync" should be a list of bindings; a single binding object is read as a one-element list',
    );
    entries = [value];
  } else {
    report.warn("bad_sync", path, '"sync" must be a list of binding objects; the app ignores it');
    return;
  }
  entries.forEach((entry, index) => {
    const at = Array.isArray(value) ? `${path}[${index}]` : path;
    if (!isObject(entry)) {
      report.warn("bad_sync", at, "a sync binding must be an object; the app ignores it");
      return;
    }
    checkBinding(entry, at, report, uses, checkRef);
  });
}

function checkBinding(
  binding: JsonObject,
  path: string,
  report: Report,
  uses: SourceUse[],
  checkRef: RefChecker,
): void {
  checkFields(binding, SYNC_SPEC.fields, path, report, { code: "bad_sync", checkRef });
  switch (methodOf(binding)) {
    case "mqtt":
      if (binding.topic === undefined) report.error("bad_sync", path, 'an mqtt binding needs a "topic"');
      uses.push(sourceUse(binding, path, "mqtt"));
      return;
    case "http":
      if (!hasUrlOrPath(binding)) report.error("bad_sync", path, 'an http binding needs a "url" or a "path"');
      uses.push(sourceUse(binding, path, "http"));
      return;
    case "sensor":
      if (binding.sensor === undefined)
        report.warn("bad_sync", path, 'a sensor binding needs "sensor" (e.g. "heading")');
      return;
    case "meshsocket": {
      if (binding.valuePath === undefined)
        report.warn("bad_sync", path, 'no "valuePath": the control receives the whole payload');
      const event = binding.event ?? "broadcast";
      if (typeof event === "string" && RELAY_CONSUMED.has(event))
        report.warn(
          "unreachable_sync",
          pathKey(path, "event"),
          `no frame of type "${event}" ever reaches a device (the relay consumes it); server data arrives as "broadcast": listen on "broadcast" with a "filter" on msg_type`,
        );
    }
  }
}
