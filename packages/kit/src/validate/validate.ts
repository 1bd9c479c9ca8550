import {
  ACTION_ITEM_SPEC,
  ALERT_SPEC,
  APPEARANCE_SPEC,
  CANVAS_ITEM_SPEC,
  COMMON_FIELDS,
  CONNECTION_SPEC,
  CONTROL_SPECS,
  DRAG_EVENTS_SPEC,
  DYNAMIC_TAB_SPEC,
  GLANCE_SPEC,
  GRID_SPEC,
  GROUP_SPEC,
  IDENTITY_SPEC,
  LAYOUT_SPEC,
  POLL_GROUP_SPEC,
  POPUP_SPEC,
  PUBLISHER_SPEC,
  PULSE_SPEC,
  SENSOR_PIPELINES,
  STATE_SPEC,
  TAB_SPEC,
  THEME_SPEC,
  VISIBILITY_SPEC,
  type ControlSpec,
  type FieldSpec,
  type ObjectSpec,
} from "../spec/model.js";
import { ACTION_EVENTS } from "@carter/protocol";
import { isObject, pathKey, walkLayout, type JsonObject, type WalkInfo } from "../walk.js";
import { checkFields, kindOf, ARTICLE, requireObject, type RefChecker } from "./fields.js";
import type { Finding, FindingCode } from "./finding.js";
import { PlacementChecker } from "./placement.js";
import { Report } from "./report.js";
import { checkSources, declaredSources } from "./sources.js";
import { checkAction, checkSyncList, type SourceUse } from "./wiring.js";

export interface ValidateOptions {
  /** Warn about keys a control or group does not document (default true). */
  unknownFields?: boolean;
}

export interface ValidationResult {
  /** True when there are no errors (warnings allowed). */
  ok: boolean;
  errors: Finding[];
  warnings: Finding[];
  /** All findings in traversal order. */
  findings: Finding[];
}

/** Accepted control keys that carry no checks of their own: theme and config-group field names. */
const acceptedKeysByType = new Map<string, ReadonlySet<string>>(
  [...CONTROL_SPECS.values()].map((spec) => [
    spec.type,
    new Set([...spec.fields, ...spec.configFields].map((f) => f.name).concat(spec.themeFields)),
  ]),
);
const GROUP_KEYS: ReadonlySet<string> = new Set(GROUP_SPEC.fields.map((f) => f.name));
/** Controls and groups: the walk already decided what `type` means for the node. */
const TYPE_CHECKED_BY_CALLER: ReadonlySet<string> = new Set(["type"]);
const ID_FIELD = COMMON_FIELDS.filter((f) => f.name === "id");

/**
 * Top-level blocks whose wrong container type the app ignores (warning `bad_top_level`); the
 * JSON Schema leaves their container type open to match (schema/emit.ts).
 */
export const TOP_LEVEL_CONTAINERS: Record<
  string,
  { kind: "object" | "array"; item?: ObjectSpec; itemCode?: FindingCode }
> = {
  connection: { kind: "object" },
  state: { kind: "object" },
  glance: { kind: "object" },
  appearance: { kind: "object" },
  theme: { kind: "object" },
  pollGroups: { kind: "object", item: POLL_GROUP_SPEC },
  dynamicTabs: { kind: "array", item: DYNAMIC_TAB_SPEC },
  publishers: { kind: "array", item: PUBLISHER_SPEC, itemCode: "bad_publisher" },
  alerts: { kind: "array", item: ALERT_SPEC, itemCode: "bad_alert" },
};

const BLOCK_BY_REF: Partial<Record<FieldSpec["ref"] & string, ObjectSpec>> = {
  Connection: CONNECTION_SPEC,
  State: STATE_SPEC,
  Glance: GLANCE_SPEC,
  Appearance: APPEARANCE_SPEC,
  Theme: THEME_SPEC,
};

class LayoutValidator {
  readonly report = new Report();
  private readonly sourceUses: SourceUse[] = [];
  private readonly seenIds = new Map<string, string>();
  private readonly placement = new PlacementChecker(this.report);

  constructor(private readonly options: ValidateOptions) {}

  private readonly checkRef: RefChecker = (field, value, path) => {
    const report = this.report;
    switch (field.ref) {
      case "Action":
        checkAction(value, path, report, this.sourceUses, this.checkRef);
        return;
      case "SyncList":
        checkSyncList(value, path, report, this.sourceUses, this.checkRef);
        return;
      case "Grid":
        this.checkBlock(value, path, GRID_SPEC, "grid");
        return;
      case "Visibility":
        this.checkBlock(value, path, VISIBILITY_SPEC, '"visible"');
        return;
      case "Pulse":
        this.checkBlock(value, path, PULSE_SPEC, '"pulse"');
        return;
      case "Identity":
        this.checkBlock(value, path, IDENTITY_SPEC, '"identity"');
        return;
      case "DragEvents":
        this.checkBlock(value, path, DRAG_EVENTS_SPEC, '"events"');
        return;
      case "Popup":
        // The walker visits the popup itself; only its container type is checked here.
        requireObject(value, path, '"longPressGroup"', report, "bad_type");
        return;
      case "ActionItems":
      case "CanvasItems":
        this.checkItems(value, path, field.ref === "ActionItems" ? ACTION_ITEM_SPEC : CANVAS_ITEM_SPEC);
        return;
      case "Connection":
      case "State":
      case "Glance":
      case "Appearance":
      case "Theme":
      case "PollGroups":
      case "DynamicTabs":
      case "Publishers":
      case "Alerts":
        this.checkTopLevelBlock(field, value, path);
        return;
      case "Sources":
        // Checked before the walk: bindings need the declared sources.
        return;
      default:
        // Tabs, Children, Panels, Child, Position, Span: structure and placement come from the walk.
        return;
    }
  };

  private checkBlock(value: unknown, path: string, spec: ObjectSpec, what: string, code?: FindingCode): void {
    if (!requireObject(value, path, what, this.report, code ?? "bad_type")) return;
    checkFields(value, spec.fields, path, this.report, { code, checkRef: this.checkRef });
  }

  private checkItems(value: unknown, path: string, spec: ObjectSpec): void {
    if (!Array.isArray(value)) {
      this.report.error(
        spec === CANVAS_ITEM_SPEC ? "structure" : "bad_type",
        path,
        `"${path.split(".").pop()}" must be an array`,
      );
      return;
    }
    value.forEach((item, index) => {
      const at = `${path}[${index}]`;
      // The walker reports malformed canvas items (and visits their controls).
      if (spec === CANVAS_ITEM_SPEC && !isObject(item)) return;
      this.checkBlock(item, at, spec, "an item");
    });
  }

  private checkTopLevelBlock(field: FieldSpec, value: unknown, path: string): void {
    const shape = TOP_LEVEL_CONTAINERS[field.name];
    if (kindOf(value) !== shape.kind) {
      this.report.warn(
        "bad_top_level",
        path,
        `"${field.name}" must be ${ARTICLE[shape.kind]}; the app ignores it`,
      );
      return;
    }
    const block = field.ref ? BLOCK_BY_REF[field.ref] : undefined;
    if (block) {
      checkFields(value as JsonObject, block.fields, path, this.report, { checkRef: this.checkRef });
      return;
    }
    const item = shape.item;
    if (!item) return;
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [`${path}[${i}]`, v])
      : Object.entries(value as JsonObject).map(([k, v]) => [pathKey(path, k), v]);
    for (const [at, entry] of entries) {
      if (!requireObject(entry, at, `an entry of "${field.name}"`, this.report, shape.itemCode ?? "bad_type"))
        continue;
      if (item === PUBLISHER_SPEC) this.checkPublisher(entry, at);
      else
        checkFields(entry, item.fields, at, this.report, { code: shape.itemCode, checkRef: this.checkRef });
      if (item === POLL_GROUP_SPEC && typeof entry.event === "string" && !ACTION_EVENTS.has(entry.event))
        this.report.error(
          "dead_action",
          pathKey(at, "event"),
          `poll event "${entry.event}" is not a relay verb, so the relay drops it; use "broadcast_request" with a payload {"msg_type": ...}`,
        );
    }
  }

  private checkPublisher(publisher: JsonObject, path: string): void {
    checkFields(publisher, PUBLISHER_SPEC.fields, path, this.report, {
      code: "bad_publisher",
      skip: new Set(["sensor"]),
      checkRef: this.checkRef,
    });
    const sensor = publisher.sensor;
    const at = pathKey(path, "sensor");
    if (sensor === undefined) this.report.error("bad_publisher", at, 'a publisher needs "sensor"');
    else if (typeof sensor !== "string") this.report.error("bad_publisher", at, '"sensor" must be a string');
    else if (!SENSOR_PIPELINES.includes(sensor.split(".")[0]))
      this.report.warn(
        "bad_publisher",
        at,
        `"${sensor}" is not a sensor pipeline (${SENSOR_PIPELINES.join(", ")})`,
      );
  }

  run(layout: unknown): void {
    const report = this.report;
    if (!isObject(layout)) {
      report.error("structure", "$", "a layout must be a JSON object");
      return;
    }
    const sources = declaredSources(layout.sources, report);
    checkFields(layout, LAYOUT_SPEC.fields, "$", report, { checkRef: this.checkRef });
    if (layout.tabs !== undefined) {
      if (!Array.isArray(layout.tabs))
        report.error("structure", "$.tabs", '"tabs" must be an array of tab objects');
      else
        layout.tabs.forEach((tab, index) => {
          const path = `$.tabs[${index}]`;
          if (!isObject(tab)) report.error("structure", path, "a tab must be an object");
          else checkFields(tab, TAB_SPEC.fields, path, report, { checkRef: this.checkRef });
        });
    }
    walkLayout(layout, (node, info) => this.visit(node, info), {
      onMalformed: (path, message) => report.error("structure", path, message),
    });
    checkSources(sources, this.sourceUses, report);
    this.checkGlance(layout.glance);
  }

  private visit(node: JsonObject, info: WalkInfo): void {
    this.checkId(node, info);
    this.placement.check(node, info);
    if (info.kind === "group") this.checkGroup(node, info);
    else this.checkControl(node, info);
  }

  private checkId(node: JsonObject, info: WalkInfo): void {
    const id = node.id;
    if (typeof id !== "string") return;
    const first = this.seenIds.get(id);
    if (first === undefined) this.seenIds.set(id, info.path);
    else
      this.report.error(
        "duplicate_id",
        pathKey(info.path, "id"),
        `id "${id}" is already used at ${first}; ids must be unique across the layout`,
      );
  }

  private checkGroup(group: JsonObject, info: WalkInfo): void {
    if (info.nesting === "popup") {
      checkFields(group, POPUP_SPEC.fields, info.path, this.report, { checkRef: this.checkRef });
      return;
    }
    if (group.type === undefined && (info.nesting === "tab" || info.nesting === "group"))
      this.report.warn(
        "missing_field",
        pathKey(info.path, "type"),
        'no "type": read as a group because it has "children"; add "type": "group"',
      );
    if (group.type !== undefined && group.type !== "group")
      this.report.error(
        "structure",
        pathKey(info.path, "type"),
        `a panel must be a group ("type": "group"), not ${JSON.stringify(group.type)}`,
      );
    checkFields(group, GROUP_SPEC.fields, info.path, this.report, {
      skip: TYPE_CHECKED_BY_CALLER,
      checkRef: this.checkRef,
    });
    this.checkUnknownKeys(group, info.path, GROUP_KEYS, "group");
  }

  private checkControl(control: JsonObject, info: WalkInfo): void {
    const type = control.type;
    if (type === undefined) {
      this.report.error(
        "missing_field",
        pathKey(info.path, "type"),
        'required field "type" is missing (a control type or "group")',
      );
      this.checkIdPresent(control, info.path);
      return;
    }
    const spec = typeof type === "string" ? CONTROL_SPECS.get(type) : undefined;
    if (!spec) {
      this.report.error(
        "unknown_type",
        pathKey(info.path, "type"),
        `unknown control type ${JSON.stringify(type)}`,
      );
      this.checkIdPresent(control, info.path);
      return;
    }
    checkFields(control, spec.fields, info.path, this.report, {
      skip: TYPE_CHECKED_BY_CALLER,
      checkRef: this.checkRef,
    });
    this.checkConfig(control, info.path, spec);
    checkFields(control, spec.topLevelCarriers, info.path, this.report, { checkRef: this.checkRef });
    this.checkUnknownKeys(
      control,
      info.path,
      acceptedKeysByType.get(spec.type) ?? new Set(),
      `${spec.type} control`,
    );
  }

  private checkIdPresent(control: JsonObject, path: string): void {
    checkFields(control, ID_FIELD, path, this.report, { checkRef: this.checkRef });
  }

  private checkConfig(control: JsonObject, path: string, spec: ControlSpec): void {
    if (!spec.configKey) return;
    const config = control[spec.configKey];
    // The config object's own type was checked with the control's fields.
    if (!isObject(config)) return;
    checkFields(config, spec.configFields, pathKey(path, spec.configKey), this.report, {
      checkRef: this.checkRef,
    });
  }

  private checkUnknownKeys(
    node: JsonObject,
    path: string,
    accepted: ReadonlySet<string>,
    what: string,
  ): void {
    if (this.options.unknownFields === false) return;
    for (const key of Object.keys(node)) {
      if (!accepted.has(key))
        this.report.warn(
          "unknown_field",
          pathKey(path, key),
          `"${key}" is not a documented ${what} field; the app ignores it`,
        );
    }
  }

  private checkGlance(glance: unknown): void {
    if (!isObject(glance)) return;
    const check = (id: unknown, path: string) => {
      if (typeof id === "string" && !this.seenIds.has(id))
        this.report.warn("bad_glance", path, `no control has id "${id}"`);
    };
    check(glance.hero, "$.glance.hero");
    if (Array.isArray(glance.slots)) glance.slots.forEach((id, i) => check(id, `$.glance.slots[${i}]`));
  }
}

/** Checks a layout (any parsed JSON) against the format: errors make it unusable, warnings are advice. */
export function validateLayout(layout: unknown, options: ValidateOptions = {}): ValidationResult {
  const validator = new LayoutValidator(options);
  validator.run(layout);
  const findings = validator.report.findings;
  const errors = findings.filter((f) => f.severity === "error");
  return {
    ok: errors.length === 0,
    errors,
    warnings: findings.filter((f) => f.severity === "warning"),
    findings,
  };
}
