/**
 * A matched passage with some of its source around it, as a reader wants to see it (OLMoTrace's users asked for
 * exactly this): `context` is a verbatim slice of the source, cut at whitespace, and `matchStart`/`matchEnd` are
 * UTF-16 offsets of the passage inside `context`.
 */
export interface PassageContext {
  context: string;
  matchStart: number;
  matchEnd: number;
}

/** About `radius` characters each side of `source[start, end)`, widened or narrowed to the nearest whitespace. */
export function passageContext(source: string, start: number, end: number, radius = 160): PassageContext {
  let from = Math.max(0, start - radius);
  if (from > 0) {
    // Start after a whitespace so the context does not open mid-word (unless there is none before the match).
    const space = source.slice(from, start).search(/\s/u);
    from = space < 0 ? start : from + space + 1;
  }
  let to = Math.min(source.length, end + radius);
  if (to < source.length) {
    const tail = source.slice(end, to);
    const lastSpace = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'), tail.lastIndexOf('\t'));
    to = lastSpace < 0 ? end : end + lastSpace;
  }
  return { context: source.slice(from, to), matchStart: start - from, matchEnd: end - from };
}
