/** Plain names and channels: a letter or digit, then up to 63 letters, digits, `_` or `-`. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Account-namespaced names as the Connect+ gateway writes them: `<digits>.<name>`. */
export const NAMESPACED_NAME_PATTERN = /^[0-9]{1,32}\.[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** True when `value` is a legal member name or channel (plain or account-namespaced). */
export function isValidName(value: unknown): value is string {
  return typeof value === "string" && (NAME_PATTERN.test(value) || NAMESPACED_NAME_PATTERN.test(value));
}

/**
 * Turns a human display name ("Living Room iPad") into a legal member name ("Living-Room-iPad"),
 * as the app does before it identifies.
 */
export function sanitizeName(human: string, fallback = "device"): string {
  const cleaned = human
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^[-_]+/, "")
    .replace(/-+$/, "")
    .slice(0, 64);
  return NAME_PATTERN.test(cleaned) ? cleaned : fallback;
}
