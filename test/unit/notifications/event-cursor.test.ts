import { describe, expect, it } from 'vitest';
import { comparePositions, decodeEventCursor, earlier, encodeEventCursor } from '../../../api/notifications/event-cursor.js';

describe('event stream cursors', () => {
  it('round-trip a position and refuse what is not one (BAD_USER_INPUT on `after`)', () => {
    const position = { at: '2026-03-01T10:00:00.123456789Z', eventId: 'record-used:out_1:ctb_1' };
    expect(decodeEventCursor(encodeEventCursor(position))).toEqual(position);
    for (const bad of ['nope', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["not a time","x"]').toString('base64url')]) {
      expect(() => decodeEventCursor(bad)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field: 'after' }) }));
    }
  });

  it('order by instant to the nanosecond (Neo4j trims trailing zeros), then by event id', () => {
    const at = (t: string, eventId = 'e') => ({ at: t, eventId });
    expect(comparePositions(at('2026-03-01T10:00:00.12Z'), at('2026-03-01T10:00:00.123Z'))).toBe(-1);
    expect(comparePositions(at('2026-03-01T10:00:00.1Z'), at('2026-03-01T10:00:00.100000000Z'))).toBe(0);
    expect(comparePositions(at('2026-03-01T10:00:01Z'), at('2026-03-01T10:00:00.999999999Z'))).toBe(1);
    expect(comparePositions(at('2026-03-01T10:00:00.5Z', 'a'), at('2026-03-01T10:00:00.5Z', 'b'))).toBe(-1);
  });

  it('move an instant earlier, for the replay window', () => {
    expect(earlier('2026-03-01T10:01:00.123456Z', 60_000)).toBe('2026-03-01T10:00:00.123Z');
  });
});
