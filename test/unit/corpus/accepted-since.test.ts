import { describe, expect, it } from 'vitest';
import { CATCH_UP_GRACE_MS, CATCH_UP_PAGE, walkAcceptedSince } from '../../../api/corpus/accepted-since.js';
import type { AcceptedRecordRow } from '../../../api/store/corpus.js';
import { recording } from '../store/recording.js';

const row = (ms: number): AcceptedRecordRow & Record<string, unknown> => ({ recordId: `rec_${ms}`, clusterId: 'cl_1', datanetId: 'dn_1', contributorId: 'ctb_1', acceptedAtMs: ms, text: 'A record.' });
/** A full page of records accepted one a millisecond from `fromMs`. */
const page = (fromMs: number, length = CATCH_UP_PAGE) => Array.from({ length }, (_, k) => row(fromMs + k));

describe('walkAcceptedSince', () => {
  it('walks every page from the watermark minus the grace window, each page from the last one\'s millisecond', async () => {
    const start = 1_000_000;
    const { graph, sent } = recording([page(start), page(start + CATCH_UP_PAGE - 1, 10)]);
    const seen: number[] = [];
    const watermark = await walkAcceptedSince(graph, start + CATCH_UP_GRACE_MS, (rows) => void seen.push(...rows.map((r) => r.acceptedAtMs)));
    expect(sent.map((s) => Number(s.params.since))).toEqual([start, start + CATCH_UP_PAGE - 1]);
    expect(seen).toHaveLength(CATCH_UP_PAGE + 10);
    // The watermark never moves back, even when the walk found nothing past it.
    expect(watermark).toBe(Math.max(start + CATCH_UP_GRACE_MS, start + CATCH_UP_PAGE + 8));
  });

  it('with untilMs, visits only records accepted by then and stops at the first page past it', async () => {
    const until = 7_000;
    // A third page would fail the test: the recording answers no more.
    const { graph, sent } = recording([page(0), page(CATCH_UP_PAGE - 1), page(2 * CATCH_UP_PAGE)]);
    const seen: number[] = [];
    const watermark = await walkAcceptedSince(graph, 0, (rows) => void seen.push(...rows.map((r) => r.acceptedAtMs)), until);
    expect(sent).toHaveLength(2);
    expect(Math.max(...seen)).toBe(until);
    expect(new Set(seen).size).toBe(until + 1);
    expect(watermark).toBe(until);
  });
});
