import type { ControlComponent } from "./types.js";

/** Components by control type. Types without an entry render a placeholder naming the type. */
export const controlComponents: Record<string, ControlComponent> = {};
