import { listControls, type ControlCategory } from "@carter/kit";
import { startNewDrag } from "./Canvas.js";

const ORDER: ControlCategory[] = ["input", "display", "container", "layout"];
const CONTROLS = listControls();

/** The catalog's control types by category; drag one onto a grid to add it (the catalog example). */
export function Palette() {
  return (
    <aside class="palette" aria-label="palette">
      {ORDER.map((category) => (
        <section key={category}>
          <h2>{category}</h2>
          <ul>
            {CONTROLS.filter((c) => c.category === category).map((control) => (
              <li
                key={control.type}
                data-type={control.type}
                title={control.summary}
                onPointerDown={(event) => {
                  event.preventDefault();
                  startNewDrag(control.type);
                }}
              >
                {control.type}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
