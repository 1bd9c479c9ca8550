/** How long a highlighted control stays outlined. */
export const HIGHLIGHT_MS = 2500;
/** How long to wait for the control to be drawn (after a tab switch) before giving up. */
const APPEAR_MS = 2000;

/**
 * Points a control out on screen for the editor (`highlight-control`): outlines its cell
 * (`data-highlight`) for {@link HIGHLIGHT_MS} and scrolls it into view, once it is drawn.
 */
export function highlightControl(id: string): void {
  const selector = `[data-control-id="${CSS.escape(id)}"]`;
  const started = Date.now();
  const attempt = () => {
    const cell = document.querySelector(selector);
    if (!cell) {
      if (Date.now() - started < APPEAR_MS) requestAnimationFrame(attempt);
      return;
    }
    cell.scrollIntoView({ block: "nearest", inline: "nearest" });
    cell.setAttribute("data-highlight", "");
    setTimeout(() => cell.removeAttribute("data-highlight"), HIGHLIGHT_MS);
  };
  attempt();
}
