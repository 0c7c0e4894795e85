/**
 * Attribution by variation family (issue 12, item 8; docs/attribution-evaluation.md): real text from three packages,
 * passages planted with 13 kinds of real-world variation, two controls. The floors are the current method's measured
 * values (seed 12, 100 passages per family) minus a small margin, so that no change makes a family worse unnoticed;
 * the previous method's values and the issue's targets are in the comments. The NEAR and SEMANTIC tiers raise the
 * reworded families' floors as they land.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FamilyEvaluation, formatTable, type FamilyRow } from './families/evaluate.js';
import { CONTROLS, FAMILIES } from './families/families.js';

interface Floor {
  /** Word recall at least. */
  recall?: number;
  /** Top-1 precision at least. */
  top1?: number;
  /** False credit at most. */
  falseCredit: number;
  /** Coverage at most (controls). */
  coverage?: number;
  /** Share of outputs credited at all, at most (controls). */
  credited?: number;
}

// Measured on 2026-11-30 (seed 12, 100 passages per family; recall / top-1 / false credit, %). False credit is credit
// to records holding none of the planted text (credit shared with another license holding the same clause is not
// false; the strict figure is printed beside it). Where span-trace/3 meets the target the floor IS the target.
//                                                                       span-trace/1 → span-trace/3 → issue-12 target
const FLOORS: Record<string, Floor> = {
  verbatim: { recall: 0.98, top1: 0.98, falseCredit: 0.05 }, //         99.8/100/20.9 → 99.9/100/0.0 → ≥95/≥95/≤5
  case: { recall: 0.97, top1: 0.98, falseCredit: 0.05 }, //             99.7/100/19.6 → 99.5/100/0.2 → ≥95/≥95/≤5
  'unicode-punctuation': { recall: 0.98, top1: 0.98, falseCredit: 0.05 }, // 99.2/100/18.2 → 99.8/100/0.2 → ≥95/≥95/≤5
  markdown: { recall: 0.98, top1: 0.98, falseCredit: 0.05 }, //         96.9/100/20.6 → 99.8/100/0.0 → ≥95/≥95/≤5
  'hyphenation-wraps': { recall: 0.98, top1: 0.98, falseCredit: 0.05 }, // 79.3/100/28.3 → 99.9/100/0.0 → ≥95/≥95/≤5
  compounds: { recall: 0.95, top1: 0.97, falseCredit: 0.05 }, //        86.0/100/24.4 → 96.5/99.0/1.5 → ≥95/≥95/≤5
  numbers: { recall: 0.97, top1: 0.98, falseCredit: 0.05 }, //          91.7/100/19.3 → 98.8/100/2.0 → ≥95/≥95/≤5
  diacritics: { recall: 0.98, top1: 0.98, falseCredit: 0.05 }, //       77.1/100/23.6 → 99.7/100/0.1 → ≥95/≥95/≤5
  lookalikes: { recall: 0.98, top1: 0.98, falseCredit: 0.05 }, //        0.4/2.0/97.8 → 99.6/100/0.1 → ≥95/≥95/≤5
  'markers-urls-emoji': { recall: 0.98, top1: 0.98, falseCredit: 0.05 }, // 81.0/98.0/26.2 → 99.8/100/0.2 → ≥95/≥95/≤5
  'cross-sentence': { recall: 0.95, top1: 0.95, falseCredit: 0.05 }, // (4–7 words a side)        → 99.0/99.0/0.0 → ≥95/≥95/≤5
  'near-verbatim': { recall: 0.9, top1: 0.9, falseCredit: 0.05 }, //    73.8/95.0/27.0 → 90.4/94.0/2.7 → ≥90/≥90/≤5
  paraphrase: { recall: 0.8, top1: 0.88, falseCredit: 0.05 }, //        61.6/98.0/35.7 → 87.7/94.0/0.0 → recall ≥60, false ≤5
  // 3–5 words a side: mostly runs of common words the rarity rule leaves unpaid inside one sentence too; no target.
  'cross-sentence-short': { recall: 0.83, top1: 0.82, falseCredit: 0.05 }, //  73.6/88.0/47.8 → 86.4/85.0/0.0
  // Controls: all credit is false. Unrelated (no run of 5 canonical words shared with any record): coverage 0 %,
  // outputs credited 0 % (target ≤ 2 %, none).
  'control: unrelated': { coverage: 0.02, credited: 0, falseCredit: 1 },
  // Boilerplate of stock phrases: coverage 87.6 % → 0 %, credited 100 % → 0 % (target ≤ 2 %, none).
  'control: boilerplate': { coverage: 0.02, credited: 0, falseCredit: 1 },
};

describe('attribution by variation family', () => {
  let evaluation: FamilyEvaluation;
  let rows: FamilyRow[];

  beforeAll(() => {
    evaluation = new FamilyEvaluation();
    rows = evaluation.run({ seed: 12, passages: 100 });
    console.log(`[families] ${evaluation.index.documentCount} records / ${evaluation.index.tokenCount} tokens\n${formatTable(rows)}`);
  }, 300_000); // seconds on a quiet machine; minutes when the machine is shared

  it('plants from more than one source of real text and has filler and stock phrases to build controls from', () => {
    expect(new Set(evaluation.corpus.records.map((r) => r.source))).toEqual(new Set(['licenses', 'factbook', 'wordnet']));
    expect(evaluation.corpus.filler.length).toBeGreaterThan(100);
    expect(evaluation.corpus.stockPhrases.length).toBeGreaterThan(100);
  });

  it('scores every family and control', () => {
    expect(rows.map((r) => r.family)).toEqual([...FAMILIES.map((f) => f.id), ...CONTROLS.map((c) => c.id)]);
    for (const row of rows) expect(row.passages).toBeGreaterThanOrEqual(50);
  });

  it.each(Object.entries(FLOORS))('%s stays at or above today\'s floors', (family, floor) => {
    const row = rows.find((r) => r.family === family)!;
    if (floor.recall !== undefined) expect(row.recall).toBeGreaterThanOrEqual(floor.recall);
    if (floor.top1 !== undefined) expect(row.top1).toBeGreaterThanOrEqual(floor.top1);
    if (floor.coverage !== undefined) expect(row.coverage).toBeLessThanOrEqual(floor.coverage);
    if (floor.credited !== undefined) expect(row.credited).toBeLessThanOrEqual(floor.credited);
    expect(row.falseCredit).toBeLessThanOrEqual(floor.falseCredit);
  });

  it('is deterministic for a seed', () => {
    const again = evaluation.run({ seed: 12, passages: 100, only: ['case', 'paraphrase', 'control: boilerplate'] });
    expect(again).toEqual(rows.filter((r) => ['case', 'paraphrase', 'control: boilerplate'].includes(r.family)));
  });
});

// The targets, on a corpus the rules were never tuned on: prose from the READMEs of the installed npm
// packages (families/readme-corpus.ts). Measured 2026-11-30, seed 12, 200 passages: every family and both controls
// meet them (near-verbatim 96.7/98.0/0.3, paraphrase 82.9/85.0/1.4, cross-sentence 100/100/0).
const TARGETS: Record<string, Floor> = {
  ...Object.fromEntries(
    ['verbatim', 'case', 'unicode-punctuation', 'markdown', 'hyphenation-wraps', 'compounds', 'numbers', 'lookalikes', 'markers-urls-emoji', 'cross-sentence'].map(
      (family) => [family, { recall: 0.95, top1: 0.95, falseCredit: 0.05 }],
    ),
  ),
  'near-verbatim': { recall: 0.9, top1: 0.9, falseCredit: 0.05 },
  paraphrase: { recall: 0.6, falseCredit: 0.05 },
  'control: unrelated': { coverage: 0.02, credited: 0, falseCredit: 1 },
  'control: boilerplate': { coverage: 0.02, credited: 0, falseCredit: 1 },
};

describe('attribution by variation family on text the rules were not tuned on (npm READMEs)', () => {
  let rows: FamilyRow[];

  beforeAll(() => {
    const evaluation = new FamilyEvaluation({ corpus: 'readmes' });
    rows = evaluation.run({ seed: 12, passages: 100, only: Object.keys(TARGETS) });
    console.log(`[families: readmes] ${evaluation.index.documentCount} records / ${evaluation.index.tokenCount} tokens\n${formatTable(rows)}`);
  }, 300_000);

  it.each(Object.entries(TARGETS))('%s meets the issue-12 target', (family, target) => {
    const row = rows.find((r) => r.family === family)!;
    expect(row.passages).toBeGreaterThanOrEqual(50);
    if (target.recall !== undefined) expect(row.recall).toBeGreaterThanOrEqual(target.recall);
    if (target.top1 !== undefined) expect(row.top1).toBeGreaterThanOrEqual(target.top1);
    if (target.coverage !== undefined) expect(row.coverage).toBeLessThanOrEqual(target.coverage);
    if (target.credited !== undefined) expect(row.credited).toBeLessThanOrEqual(target.credited);
    expect(row.falseCredit).toBeLessThanOrEqual(target.falseCredit);
  });
});
