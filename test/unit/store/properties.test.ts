import { describe, expect, it } from 'vitest';
import { columnRows, columnsOf, field } from '../../../api/store/properties.js';

describe('shared property maps: where a field comes from', () => {
  const records = { batch: 'record', index: 'i' };

  it('names a field of the parameters, of an UNWIND row, or of a batch sent as columns', () => {
    expect(field('$', 'text')).toBe('$text');
    expect(field('row', 'text')).toBe('row.text');
    expect(field(records, 'text')).toBe('$record_text[i]');
    expect(columnRows(records, 'id')).toBe('size($record_id)');
  });

  it('packs rows into one list per field, in row order, under the names the statement reads', () => {
    const rows = [
      { id: 'rec_1', text: 'a', slot: 0 },
      { id: 'rec_2', text: 'b', slot: null },
      { id: 'rec_3', text: 'c', slot: 1 },
    ];
    expect(columnsOf(records, rows, ['id', 'text', 'slot'])).toEqual({
      record_id: ['rec_1', 'rec_2', 'rec_3'],
      record_text: ['a', 'b', 'c'],
      record_slot: [0, null, 1],
    });
    // Only the fields named go: a field the statement does not read is not sent.
    expect(Object.keys(columnsOf(records, rows, ['id']))).toEqual(['record_id']);
    expect(columnsOf(records, [], ['id'])).toEqual({ record_id: [] });
  });
});
