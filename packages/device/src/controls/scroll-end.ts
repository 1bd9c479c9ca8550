/**
 * Keeps a scroller (a log, a chat history) at its end without forcing a synchronous layout in
 * the middle of a render: reading `scrollHeight` right after new rows went in makes the browser
 * lay the whole page out there and then again for the frame. The scroll runs at the start of the
 * next animation frame instead, while the frame just painted is still laid out, and every waiting
 * scroller is read before any is written.
 */
const waiting = new Set<HTMLElement>();
let scheduled = false;

function scrollWaiting(): void {
  scheduled = false;
  const scrollers = [...waiting].filter((el) => el.isConnected);
  waiting.clear();
  const ends = scrollers.map((el) => el.scrollHeight);
  scrollers.forEach((el, i) => (el.scrollTop = ends[i]));
}

/** Scrolls `el` to its end before the next paint. */
export function scrollToEnd(el: HTMLElement): void {
  waiting.add(el);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(scrollWaiting);
}
