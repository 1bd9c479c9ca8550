import { createContext } from "preact";
import type { DeviceEngine } from "../engine/engine.js";
import type { Scheme } from "./theme.js";

/** What every rendered node needs: the engine and the active color scheme. */
export interface RenderEnv {
  engine: DeviceEngine;
  scheme: Scheme;
}

export const RenderContext = createContext<RenderEnv | null>(null);
