import { Component, type ComponentChildren } from "preact";

/**
 * `render` as a component that redraws only when one of its props changed (compared with `===`)
 * or its own state or a signal it read did, like React's `memo`. Not preact/compat's `memo`:
 * importing compat makes every `onChange` of a text input in the app fire on each keystroke.
 */
export function pure<P extends object>(render: (props: P) => ComponentChildren) {
  return class Pure extends Component<P> {
    static override displayName = render.name;

    override shouldComponentUpdate(next: P, state: unknown): boolean {
      // A signal the render read sets state to redraw it.
      if (state !== this.state) return true;
      for (const key in next) if (next[key] !== this.props[key]) return true;
      for (const key in this.props) if (!(key in next)) return true;
      return false;
    }

    override render(props: P): ComponentChildren {
      return render(props);
    }
  };
}
