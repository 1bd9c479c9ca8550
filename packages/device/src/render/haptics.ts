/**
 * Haptic profiles (layout.md §6.1 `haptic`) on the web: `navigator.vibrate` patterns, where the
 * browser has it (Android Chrome); elsewhere haptics are silently absent.
 */
import type { ControlDef } from "../controls/types.js";

/** Milliseconds on (and off, for the notification patterns) per profile. */
const PATTERNS: Record<string, number | number[]> = {
  selection: 5,
  light: 10,
  rigid: 15,
  medium: 20,
  heavy: 35,
  success: [15, 60, 15],
  warning: [25, 80, 25],
  error: [40, 60, 40, 60, 40],
};

/** Per-type defaults (layout.md §6.1; toggle `rigid`, §15.3). */
const DEFAULTS: Record<string, string> = {
  button: "medium",
  stepper: "light",
  segmentedControl: "selection",
  picker: "selection",
  datePicker: "selection",
  toggle: "rigid",
};

/** The control's haptic profile: its own `haptic`, else its type's default; `undefined` for none. */
export function hapticOf(def: ControlDef): string | undefined {
  const own = def.haptic;
  if (typeof own === "string" && Object.prototype.hasOwnProperty.call(PATTERNS, own)) return own;
  return DEFAULTS[def.type];
}

/** Plays a profile; true when the browser accepted the vibration. */
export function playHaptic(profile: string | undefined): boolean {
  if (profile === undefined || typeof navigator === "undefined" || typeof navigator.vibrate !== "function")
    return false;
  const pattern = PATTERNS[profile];
  if (pattern === undefined) return false;
  try {
    return navigator.vibrate(pattern);
  } catch {
    return false;
  }
}
