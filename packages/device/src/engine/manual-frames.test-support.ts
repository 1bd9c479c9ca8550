/** A frame scheduler the test flushes by hand, standing in for requestAnimationFrame. */
export function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    schedule: (flush: () => void) => void queue.push(flush),
    paint: () => queue.splice(0).forEach((flush) => flush()),
    get queued() {
      return queue.length;
    },
  };
}
