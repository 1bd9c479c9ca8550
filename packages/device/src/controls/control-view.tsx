import { controlComponents } from "./registry.js";
import { ControlErrorBoundary, UnknownControl } from "./fallback.js";
import type { ControlProps } from "./types.js";

/** The component for `def.type` (or the placeholder), isolated by an error boundary. */
export function ControlView({ def, ctx }: ControlProps) {
  const type = typeof def.type === "string" ? def.type : "";
  const Component = Object.prototype.hasOwnProperty.call(controlComponents, type)
    ? controlComponents[type]
    : UnknownControl;
  return (
    <ControlErrorBoundary key={type} type={type || "control"}>
      <Component def={def} ctx={ctx} />
    </ControlErrorBoundary>
  );
}
