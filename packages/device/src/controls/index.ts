/**
 * The device's control components. Import `./controls.css` once in the app entry (kept out of
 * this module so non-browser code can import the registry).
 */
export { controlComponents, SELF_LABELLED_TYPES, BACKGROUNDLESS_TYPES } from "./registry.js";
export { ControlView } from "./control-view.js";
export { UnknownControl, ControlErrorBoundary } from "./fallback.js";
export { Icon, glyphFor } from "./icons.js";
export { formatValue } from "./format.js";
export { lookupMap } from "./maps.js";
export { cssColor } from "./color.js";
export { renderMarkdown } from "./markdown.js";
export type {
  ActionTokens,
  ControlComponent,
  ControlContext,
  ControlDef,
  ControlProps,
  ControlValue,
  GroupDef,
  LogLine,
} from "./types.js";
