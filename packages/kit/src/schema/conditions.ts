import { ACTION_EVENTS } from "@carter/protocol";

/**
 * The method-dependent rules of actions, sync bindings and sources as JSON Schema conditionals.
 * The validator enforces the same rules (validate/wiring.ts, validate/sources.ts);
 * the parity test checks the two agree.
 */

const methodIs = (method: string) => ({ required: ["method"], properties: { method: { const: method } } });
const eventIs = (event: string) => ({ required: ["event"], properties: { event: { const: event } } });
const urlOrPath = { anyOf: [{ required: ["url"] }, { required: ["path"] }] };

/** An unknown or absent method falls back to `meshsocket`, as in the app. */
const meshsocketAction = {
  not: { required: ["method"], properties: { method: { enum: ["mqtt", "http"] } } },
};

export const ACTION_EVENT_NAMES: readonly string[] = [...ACTION_EVENTS];

export const ACTION_CONDITIONS = [
  { if: methodIs("mqtt"), then: { required: ["topic"] } },
  { if: methodIs("http"), then: urlOrPath },
  {
    if: meshsocketAction,
    then: {
      required: ["event"],
      properties: { event: { enum: ACTION_EVENT_NAMES } },
      allOf: [
        {
          if: eventIs("route_msg"),
          then: {
            required: ["payload"],
            properties: { payload: { type: "object", required: ["target_id"] } },
          },
        },
        {
          if: eventIs("route_msg_noreply"),
          then: {
            required: ["payload"],
            properties: { payload: { type: "object", required: ["target_name"] } },
          },
        },
      ],
    },
  },
];

export const SYNC_CONDITIONS = [
  { if: methodIs("mqtt"), then: { required: ["topic"] } },
  { if: methodIs("http"), then: urlOrPath },
];

export const SOURCE_CONDITIONS = [
  { if: { required: ["type"], properties: { type: { const: "mqtt" } } }, then: { required: ["url"] } },
];
