import { useEffect, useRef, useState } from "preact/hooks";
import { bool, num, rootProps } from "./fields.js";
import type { ControlProps } from "./types.js";

export interface Stick {
  x: number;
  y: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The stick value for a pointer offset (in units of the pad radius, y down as on screen): clamped
 * to the unit circle, zero inside the dead zone, and for a d-pad snapped to the nearest of eight
 * directions at full deflection. The value's y is up-positive.
 */
export function stickValue(dx: number, dy: number, deadzone: number, dpad: boolean): Stick {
  const length = Math.hypot(dx, dy);
  if (length <= deadzone || length === 0) return { x: 0, y: 0 };
  const scale = Math.min(1, length) / length;
  if (dpad) {
    const angle = Math.round(Math.atan2(-dy, dx) / (Math.PI / 4)) * (Math.PI / 4);
    return { x: round(Math.cos(angle)) || 0, y: round(Math.sin(angle)) || 0 };
  }
  return { x: round(dx * scale) || 0, y: round(-dy * scale) || 0 };
}

/** A thumbstick or d-pad streaming {x, y} in -1..1 at most every `sendRate` s; it re-centres on release unless `sticky`. */
export function Joystick({ def, ctx }: ControlProps) {
  const dpad = def.style === "dpad";
  const deadzone = Math.min(0.9, Math.max(0, num(def.deadzone, 0.1)));
  const intervalMs = Math.max(0.016, num(def.sendRate, 0.1)) * 1000;
  const sticky = bool(def.sticky, false);
  const pad = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(false);
  const throttle = useRef<{ last: number; timer?: ReturnType<typeof setTimeout>; pending?: Stick }>({
    last: 0,
  });
  useEffect(() => () => clearTimeout(throttle.current.timer), []);
  const stored = ctx.value.value as Stick | undefined;
  const stick =
    stored && typeof stored.x === "number" && typeof stored.y === "number" ? stored : { x: 0, y: 0 };

  const send = (value: Stick) => {
    const t = throttle.current;
    t.last = performance.now();
    t.pending = undefined;
    void ctx.fire("action", { value });
  };
  const move = (value: Stick, final: boolean) => {
    const t = throttle.current;
    const previous = ctx.value.value as Stick | undefined;
    if (previous?.x === value.x && previous?.y === value.y && !final) return;
    ctx.commit(value, { fire: false });
    clearTimeout(t.timer);
    const wait = t.last + intervalMs - performance.now();
    if (final || wait <= 0) send(value);
    else {
      t.pending = value;
      t.timer = setTimeout(() => t.pending && send(t.pending), wait);
    }
  };
  const fromPointer = (event: PointerEvent) => {
    const box = pad.current!.getBoundingClientRect();
    const radius = Math.min(box.width, box.height) / 2;
    const dx = (event.clientX - (box.left + box.width / 2)) / radius;
    const dy = (event.clientY - (box.top + box.height / 2)) / radius;
    return stickValue(dx, dy, deadzone, dpad);
  };
  const release = () => {
    if (!active) return;
    setActive(false);
    move(sticky ? stick : { x: 0, y: 0 }, true);
  };
  return (
    <div {...rootProps(def, ctx, undefined, `cc-joystick--${dpad ? "dpad" : "analog"}`)}>
      <div
        ref={pad}
        class={`cc-joystick-pad${active ? " is-active" : ""}`}
        role="application"
        aria-label={`${typeof def.label === "string" ? def.label : def.id}: x ${stick.x}, y ${stick.y}`}
        onPointerDown={(event) => {
          event.preventDefault();
          (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
          setActive(true);
          move(fromPointer(event), false);
        }}
        onPointerMove={(event) => {
          if (active) move(fromPointer(event), false);
        }}
        onPointerUp={release}
        onPointerCancel={release}
      >
        {dpad ? (
          <>
            <span class="cc-joystick-arrow is-up" />
            <span class="cc-joystick-arrow is-right" />
            <span class="cc-joystick-arrow is-down" />
            <span class="cc-joystick-arrow is-left" />
          </>
        ) : null}
        <span
          class="cc-joystick-knob"
          data-x={stick.x}
          data-y={stick.y}
          style={{ transform: `translate(${stick.x * 75}%, ${-stick.y * 75}%)` }}
        />
      </div>
    </div>
  );
}
