/**
 * The contract between the device's data engine (sync, actions, state) and the control
 * components that draw values. Engine code normalizes every inbound value with the control's
 * receiver (layout.md §7.3) before a component sees it, so components only render.
 */
import type { ComponentChildren, FunctionComponent } from "preact";
import type { ReadonlySignal } from "@preact/signals";

/** A control as it appears in the layout (the kit's types refine this). */
export interface ControlDef {
  type: string;
  id: string;
  label?: string;
  [key: string]: unknown;
}

/** A group definition: tab content, a group child, a container panel or a long-press popup. */
export interface GroupDef {
  type?: "group";
  id?: string;
  label?: string | null;
  grid?: { columns: number; rows: number; mode?: "grid" | "flow"; rowHeight?: number };
  children: unknown[];
  [key: string]: unknown;
}

/** A log line as the engine stores it for `logConsole`. */
export interface LogLine {
  text: string;
  level?: string;
  /** Epoch milliseconds when the line arrived. */
  ts: number;
}

/**
 * Normalized value shapes, by control type, that the engine stores and components receive:
 * - toggle: boolean
 * - slider, stepper, gauge, progressRing, carousel, flipCard, accordion: number
 * - label, textInput, picker, segmentedControl, datePicker, colorPicker, qrCode, statusLight, image:
 *   string | number | boolean (the raw scalar; components format it)
 * - sparkline: number[] (the series; the receiver appends and trims to `sparklinePoints`)
 * - list: Record<string, unknown>[]
 * - logConsole: LogLine[] (trimmed to `maxLines`)
 * - cardList: { nodes: Record<string, unknown>[] }
 * - graph, chart, pieChart and other document controls: the parsed JSON document (object or array)
 * - button, divider, spacer: undefined (no value)
 * `undefined` always means "no value yet": components show their placeholder or `defaultValue`.
 */
export type ControlValue = unknown;

/** Substitution tokens for an action (`value` is `{{value}}`; drag and tap events add others). */
export type ActionTokens = { value?: unknown } & Record<string, unknown>;

/** What a component may ask of the device. */
export interface ControlContext {
  /** The control's current normalized value. */
  readonly value: ReadonlySignal<ControlValue>;
  /** True while an acked command from this control awaits its `command_ack`. */
  readonly pending: ReadonlySignal<boolean>;
  /**
   * The user set a new value: the engine stores it and fires the control's `action` with
   * `{{value}}` = value (acked when the layout's `state.acks` is on). `fire: false` only stores it
   * (e.g. a slider mid-drag).
   */
  commit(value: ControlValue, options?: { fire?: boolean }): void;
  /**
   * Fires one action carrier of this control (`"action"`, `"longPressAction"`, `"datumAction"`,
   * `"sliceAction"`, …; carriers in `*Config` objects are addressed as `"pieConfig.sliceAction"`),
   * falling back to `action` where layout.md §8.4 says so. Resolves with the reply payload for
   * `mode: "request"`, else undefined.
   */
  fire(carrier: string, tokens: ActionTokens): Promise<unknown>;
  /**
   * Sends a routed request (e.g. a graph node's `onTap: {type:"content", event, payload}`) to the
   * layout's hub and resolves with the reply payload; rejects on timeout or failure.
   */
  request(type: string, payload: unknown): Promise<unknown>;
  /**
   * Optional: fires an inline action definition that no carrier name addresses (a graph node's
   * `onTap: {type: "action", ...}`). Without it the graph falls back to `graphConfig.nodeAction`.
   */
  fireAction?(action: Record<string, unknown>, tokens: ActionTokens): Promise<unknown>;
  /**
   * Optional: sends a frame for this control exactly as given, without token substitution (chat
   * messages carry user text).
   */
  send?(type: string, payload: unknown): void;
  /** Optional: this device's mesh name and role while connected (chat `sender`), else null. */
  identity?(): { name: string; role: string } | null;
  /** Renders a panel (container controls) with the device's grid renderer. */
  renderGroup(group: GroupDef): ComponentChildren;
}

export interface ControlProps {
  def: ControlDef;
  ctx: ControlContext;
}

export type ControlComponent = FunctionComponent<ControlProps>;
