/** The smallest replacement turning `old` into `next` (so the cursor keeps its place). */
export function textChange(old: string, next: string): { from: number; to: number; insert: string } | null {
  if (old === next) return null;
  let start = 0;
  const shorter = Math.min(old.length, next.length);
  while (start < shorter && old.charCodeAt(start) === next.charCodeAt(start)) start += 1;
  let end = 0;
  while (
    end < shorter - start &&
    old.charCodeAt(old.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  )
    end += 1;
  return { from: start, to: old.length - end, insert: next.slice(start, next.length - end) };
}
