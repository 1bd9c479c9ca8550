import type { Static } from "@sinclair/typebox";
import { CONTROL_TYPES, LayoutModule } from "./layout.generated.js";

/**
 * TypeBox schemas of the layout format and the TypeScript types derived from them. The types
 * describe a layout as `readLayout` returns it (sync always an array, camelCase identity flags);
 * unknown keys are allowed everywhere and survive a round trip.
 */

export { CONTROL_TYPES, LayoutModule };

export const LayoutSchema = LayoutModule.Import("Layout");
export const TabSchema = LayoutModule.Import("Tab");
export const GridSchema = LayoutModule.Import("Grid");
export const GroupSchema = LayoutModule.Import("Group");
export const PopupSchema = LayoutModule.Import("Popup");
export const ChildSchema = LayoutModule.Import("Child");
export const ControlSchema = LayoutModule.Import("Control");
export const SyncBindingSchema = LayoutModule.Import("SyncBinding");
export const ActionSchema = LayoutModule.Import("Action");
export const ConnectionSchema = LayoutModule.Import("Connection");

export type Layout = Static<typeof LayoutSchema>;
export type Tab = Static<typeof TabSchema>;
export type Grid = Static<typeof GridSchema>;
export type Group = Static<typeof GroupSchema>;
/** A `longPressGroup` popup: group-shaped, without `type`/`position`. */
export type Popup = Static<typeof PopupSchema>;
/** Anything in a `children` array: a group or a control. */
export type Child = Static<typeof ChildSchema>;
/** One of the 43 control types, discriminated on `type`. */
export type Control = Static<typeof ControlSchema>;
export type ControlType = (typeof CONTROL_TYPES)[number];
/** The control object of one type: `ControlOf<"gauge">`. */
export type ControlOf<T extends ControlType> = Extract<Control, { type: T }>;
export type SyncBinding = Static<typeof SyncBindingSchema>;
export type Action = Static<typeof ActionSchema>;
export type Connection = Static<typeof ConnectionSchema>;
export type Identity = Static<ReturnType<typeof LayoutModule.Import<"Identity">>>;
export type Visibility = Static<ReturnType<typeof LayoutModule.Import<"Visibility">>>;
export type Pulse = Static<ReturnType<typeof LayoutModule.Import<"Pulse">>>;
export type CanvasItem = Static<ReturnType<typeof LayoutModule.Import<"CanvasItem">>>;
export type DragEvents = Static<ReturnType<typeof LayoutModule.Import<"DragEvents">>>;
export type Source = Static<ReturnType<typeof LayoutModule.Import<"Source">>>;
export type LayoutState = Static<ReturnType<typeof LayoutModule.Import<"State">>>;
export type PollGroup = Static<ReturnType<typeof LayoutModule.Import<"PollGroup">>>;
export type DynamicTab = Static<ReturnType<typeof LayoutModule.Import<"DynamicTab">>>;
export type Publisher = Static<ReturnType<typeof LayoutModule.Import<"Publisher">>>;
export type Alert = Static<ReturnType<typeof LayoutModule.Import<"Alert">>>;
export type Glance = Static<ReturnType<typeof LayoutModule.Import<"Glance">>>;
export type Appearance = Static<ReturnType<typeof LayoutModule.Import<"Appearance">>>;
export type Theme = Static<ReturnType<typeof LayoutModule.Import<"Theme">>>;

const CONTROL_TYPE_SET: ReadonlySet<string> = new Set(CONTROL_TYPES);

export function isControlType(type: unknown): type is ControlType {
  return typeof type === "string" && CONTROL_TYPE_SET.has(type);
}
