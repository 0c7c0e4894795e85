import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outputsWarmUpNote, renderResultRows, type OutputsResult, type ResultRow } from '../../../bench/graph/results-json.js';
import { resultsSections, writeResultsSection } from '../../../bench/graph/results-section.js';

let dir: string | null = null;
const file = () => {
  dir ??= mkdtempSync(join(tmpdir(), 'strata-results-'));
  return join(dir, 'RESULTS.md');
};
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('sections of bench/RESULTS.md written by their own scripts', () => {
  it('are appended once, then replaced in place, leaving the rest of the file as it was', () => {
    writeFileSync(file(), '# Strata benchmarks\n\nthe main run\n');
    writeResultsSection(file(), 'trace-index', 'bench/trace-index.ts', '### first\n');
    writeResultsSection(file(), 'trace-fulltext', 'bench/trace-fulltext.ts', '### other');
    writeResultsSection(file(), 'trace-index', 'bench/trace-index.ts', '### second\n');
    const text = readFileSync(file(), 'utf8');
    expect(text.startsWith('# Strata benchmarks\n\nthe main run\n')).toBe(true);
    expect(text).not.toContain('### first');
    expect(text.indexOf('### second')).toBeLessThan(text.indexOf('### other'));
    expect(resultsSections(text)).toEqual([
      '<!-- trace-index: written by bench/trace-index.ts -->\n### second\n<!-- /trace-index -->',
      '<!-- trace-fulltext: written by bench/trace-fulltext.ts -->\n### other\n<!-- /trace-fulltext -->',
    ]);
  });

  it('are found only with both markers', () => {
    expect(resultsSections('<!-- trace-index: written by bench/trace-index.ts -->\nno end')).toEqual([]);
  });
});

describe('the targets table', () => {
  const row = (name: string, met: boolean): ResultRow => ({ name, unit: 'ms', median: 2, p99: 3, reference: null, ratio: null, target: 'median <= 5', met });
  it('lists rows measured apart under their own command and date', () => {
    const lines = renderResultRows([row('lookup', true)], [{ command: 'bench/trace-index.ts 1e7 1e8', startedAt: '2026-11-30T11:00:00.000Z', load: '1.0 / 1.0 / 1.0', rows: [row('trace p50 at 10^8', false)] }]);
    const apart = lines.findIndex((l) => l.includes('Measured apart, by `bench/trace-index.ts 1e7 1e8` on 2026-11-30T11:00:00.000Z'));
    expect(apart).toBeGreaterThan(lines.findIndex((l) => l.startsWith('| lookup |')));
    expect(lines.slice(apart).some((l) => l.startsWith('| trace p50 at 10^8 |') && l.includes('**missed**'))).toBe(true);
  });

  it('says how the recordOutput rows were warmed up, right under the rows', () => {
    const outputs: OutputsResult = {
      concurrency: 16,
      sequential: { perSecond: 35, median: 26, p99: 54 },
      concurrent: { perSecond: 146, median: 99, p99: 273 },
      warmUp: { window: 500, windows: [33.7, 78, 115.5, 125.3], seconds: 40.1, settled: true },
    };
    const lines = renderResultRows([row('recordOutput', true)], [], outputsWarmUpNote(outputs));
    const note = lines.findIndex((l) => l.includes('warm-up of 2,000 outputs at 16 in flight (40 s), in windows of 500: 34 → 78 → 116 → 125 outputs/s'));
    expect(note).toBeGreaterThan(lines.findIndex((l) => l.startsWith('| recordOutput |')));
    expect(lines[note]).toContain('agreed within 10%');
    expect(outputsWarmUpNote({ ...outputs, warmUp: { ...outputs.warmUp!, settled: false } })[0]).toContain('stopped at the time limit');
    // Runs from before warm-ups have no note.
    expect(outputsWarmUpNote({ ...outputs, warmUp: undefined })).toEqual([]);
  });
});
