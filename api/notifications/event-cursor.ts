import { badInput } from '../core/errors.js';
import type { EventPosition } from '../store/contributor-events.js';

/**
 * An event stream's cursor: the position after an event (its exact instant and id), opaque to clients. Resuming with
 * it replays what happened after it, less a lag window (docs/architecture.md#notifications).
 */
export function encodeEventCursor(position: EventPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.eventId]), 'utf8').toString('base64url');
}

export function decodeEventCursor(cursor: string, field = 'after'): EventPosition {
  try {
    const [at, eventId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof eventId === 'string' && !Number.isNaN(Date.parse(at)) && eventId.length <= 200) return { at, eventId };
  } catch {
    // Not ours: the error below says so.
  }
  throw badInput(`${field} is not a cursor of this event stream: pass the cursor of the last event you received.`, field);
}

/** An instant with its fraction padded to nanoseconds, so instants compare as strings (Neo4j trims trailing zeros). */
function instantKey(at: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(at);
  if (!m || m[3] !== 'Z') return new Date(at).toISOString().replace(/\.(\d+)Z$/, (_s, f: string) => `.${f.padEnd(9, '0')}Z`);
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z`;
}

/** -1, 0 or 1 as `a` is before, at or after `b` (by instant, then event id). */
export function comparePositions(a: EventPosition, b: EventPosition): number {
  const [x, y] = [instantKey(a.at), instantKey(b.at)];
  if (x !== y) return x < y ? -1 : 1;
  return a.eventId === b.eventId ? 0 : a.eventId < b.eventId ? -1 : 1;
}

/** `at` moved `ms` earlier (millisecond precision: earlier is the safe side for a replay). */
export function earlier(at: string, ms: number): string {
  return new Date(Date.parse(at) - ms).toISOString();
}
