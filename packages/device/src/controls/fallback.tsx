import { Component } from "preact";
import type { ComponentChildren } from "preact";
import type { ControlProps } from "./types.js";

/** Stands in for a control type this device does not draw, naming the type. */
export function UnknownControl({ def }: ControlProps) {
  const type = typeof def.type === "string" && def.type !== "" ? def.type : "(missing type)";
  return (
    <div class="cc cc-unknown" data-control="unknown" data-unknown-type={type} data-id={def.id}>
      <span class="cc-unknown-title">Unsupported control</span>
      <code class="cc-unknown-type">{type}</code>
    </div>
  );
}

interface BoundaryProps {
  type: string;
  children: ComponentChildren;
}

/** Contains a control's render error to its own cell. */
export class ControlErrorBoundary extends Component<BoundaryProps, { error?: string }> {
  override state: { error?: string } = {};

  override componentDidCatch(error: unknown) {
    this.setState({ error: error instanceof Error ? error.message : String(error) });
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    return (
      <div class="cc cc-failed" data-control="failed" role="alert">
        <span class="cc-unknown-title">{`${this.props.type} failed to render`}</span>
        <code class="cc-unknown-type">{this.state.error}</code>
      </div>
    );
  }
}
