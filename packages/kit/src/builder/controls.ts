import { closestControlType, getControlDoc } from "../catalog/catalog.js";
import { isControlType, type ControlOf, type ControlType } from "../schema/types.js";
import { COMMON_FIELDS } from "../spec/model.js";
import { inEnum } from "../validate/fields.js";
import { compileListen, compileSend, LayoutBuildError, type ListenSpec, type SendSpec } from "./wiring.js";

/** Builder sugar every control accepts; compiled to `sync` / `action`. */
export interface WiringSugar {
  /** Appended to `sync` as meshsocket broadcast bindings. */
  listen?: ListenSpec | ListenSpec[];
  /** Becomes `action` (a `broadcast_request`); give either `send` or `action`. */
  send?: SendSpec;
}

/** A control's own fields (everything but `type` and `id`) plus the wiring sugar. */
export type ControlOptions<T extends ControlType> = Omit<ControlOf<T>, "type" | "id"> & WiringSugar;

type Json = Record<string, unknown>;

interface EnumRule {
  name: string;
  values: readonly string[];
  in?: string;
}

const COMMON_ENUMS: readonly EnumRule[] = COMMON_FIELDS.filter(
  (f) => f.values !== undefined && ["formatValue", "haptic", "animation"].includes(f.name),
).map((f) => ({ name: f.name, values: f.values ?? [] }));

const enumRulesByType = new Map<string, readonly EnumRule[]>();

/** Enum fields of `type`: its own enum fields, then the common ones it does not redefine. */
function enumRules(type: string): readonly EnumRule[] {
  let rules = enumRulesByType.get(type);
  if (!rules) {
    const own = getControlDoc(type)
      .fields.filter((f) => f.type === "enum" && f.values !== undefined)
      .map((f) => ({ name: f.name, values: f.values ?? [], in: f.in }));
    rules = [
      ...own,
      ...COMMON_ENUMS.filter((c) => !own.some((o) => o.name === c.name && o.in === undefined)),
    ];
    enumRulesByType.set(type, rules);
  }
  return rules;
}

function checkEnums(where: string, type: string, control: Json): void {
  for (const rule of enumRules(type)) {
    const holder = rule.in ? control[rule.in] : control;
    const value = typeof holder === "object" && holder !== null ? (holder as Json)[rule.name] : undefined;
    if (typeof value !== "string") continue;
    if (!inEnum(value, rule.values)) {
      const field = rule.in ? `${rule.in}.${rule.name}` : rule.name;
      throw new LayoutBuildError(
        `${where}: ${field} ${JSON.stringify(value)} is not one of ${rule.values.join(", ")}`,
      );
    }
  }
}

function checkRequired(where: string, type: string, control: Json): void {
  for (const field of getControlDoc(type).fields) {
    if (!field.required) continue;
    const holder = field.in ? (control[field.in] as Json | undefined) : control;
    if (holder?.[field.name] === undefined) {
      throw new LayoutBuildError(
        `${where}: ${type} needs '${field.in ? `${field.in}.` : ""}${field.name}' (${field.type})`,
      );
    }
  }
}

/**
 * Builds one control of `type`: checks the type, enum values and required fields, and compiles
 * `listen`/`send`. Without `position` it is auto-placed when added to a tab or group.
 */
export function control<T extends ControlType>(
  type: T,
  id: string,
  options?: ControlOptions<T>,
): ControlOf<T> {
  if (!isControlType(type)) {
    const suggestion = closestControlType(String(type));
    throw new LayoutBuildError(
      `unknown control type '${String(type)}'${suggestion ? `; did you mean '${suggestion}'?` : ""}`,
    );
  }
  if (typeof id !== "string" || id === "")
    throw new LayoutBuildError(`${type}: id must be a non-empty string`);
  const where = `${type} '${id}'`;
  const { listen, send, ...fields } = (options ?? {}) as Json & WiringSugar;
  const built: Json = { type, id, ...fields };
  if (listen !== undefined) {
    const specs = Array.isArray(listen) ? listen : [listen];
    const existing = Array.isArray(fields.sync)
      ? fields.sync
      : fields.sync === undefined
        ? []
        : [fields.sync];
    built.sync = [...existing, ...specs.map((spec) => compileListen(spec, where))];
  }
  if (send !== undefined) {
    if (fields.action !== undefined)
      throw new LayoutBuildError(`${where}: give either send or action, not both`);
    built.action = compileSend(send, where);
  }
  checkEnums(where, type, built);
  checkRequired(where, type, built);
  return built as ControlOf<T>;
}

/** A factory for one control type: `gauge("cpu", {min: 0, max: 100})`. */
export type ControlFactory<T extends ControlType> = (id: string, options?: ControlOptions<T>) => ControlOf<T>;

function factory<T extends ControlType>(type: T): ControlFactory<T> {
  return (id, options) => control(type, id, options);
}

export const accordion = factory("accordion");
export const boxPlot = factory("boxPlot");
export const button = factory("button");
export const camera = factory("camera");
export const canvas = factory("canvas");
export const cardList = factory("cardList");
export const carousel = factory("carousel");
export const chart = factory("chart");
export const chat = factory("chat");
export const chord = factory("chord");
export const colorPicker = factory("colorPicker");
export const compass = factory("compass");
export const datePicker = factory("datePicker");
export const divider = factory("divider");
export const flipCard = factory("flipCard");
export const gantt = factory("gantt");
export const gauge = factory("gauge");
export const graph = factory("graph");
export const heatmap = factory("heatmap");
export const image = factory("image");
export const joystick = factory("joystick");
export const label = factory("label");
export const list = factory("list");
export const logConsole = factory("logConsole");
export const map = factory("map");
export const picker = factory("picker");
export const pieChart = factory("pieChart");
export const pinboard = factory("pinboard");
export const progressRing = factory("progressRing");
export const qrCode = factory("qrCode");
export const radar = factory("radar");
export const sankey = factory("sankey");
export const segmentedControl = factory("segmentedControl");
export const slider = factory("slider");
export const sortboard = factory("sortboard");
export const spacer = factory("spacer");
export const sparkline = factory("sparkline");
export const statusLight = factory("statusLight");
export const stepper = factory("stepper");
export const textInput = factory("textInput");
export const toggle = factory("toggle");
export const treemap = factory("treemap");
export const webView = factory("webView");
