/**
 * Loads a package that only some commands need (`@carter/device`, `@carter/demo`). The published
 * CLI does not depend on them, so `carter relay` and `carter validate` run without a browser app;
 * a command whose package is missing says what to install instead of failing to start at all.
 */
export async function loadOptional<T>(specifier: string, command: string): Promise<T> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as T;
  } catch (error) {
    const packageName = specifier.split("/").slice(0, 2).join("/");
    const missing =
      (error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND" &&
      (error as Error).message.includes(packageName);
    if (missing) throw new Error(`carter ${command} needs ${packageName}: npm install ${packageName}`);
    throw error;
  }
}
