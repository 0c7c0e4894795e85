/**
 * Attribution by variation family (issue 12, item 8; docs/attribution-evaluation.md): real text from three packages,
 * passages planted with 13 kinds of real-world variation, two controls. The floors are TODAY's measured values
 * (seed 12, 100 passages per family) minus a small margin, so that no change makes a family worse unnoticed; the
 * issue's targets are in the comments and are for the next steps (canonical tokens v2, NEAR and SEMANTIC tiers),
 * which raise these floors as they land.
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

// Measured on 2026-11-29 with span-trace/1 + owen/1 (recall/top-1/false credit, %)      today → issue-12 target
const FLOORS: Record<string, Floor> = {
  verbatim: { recall: 0.97, top1: 0.97, falseCredit: 0.24 }, //                  99.8/100/20.9 → ≥95/≥95/≤5
  case: { recall: 0.97, top1: 0.97, falseCredit: 0.23 }, //                      99.7/100/19.6 → ≥95/≥95/≤5
  'unicode-punctuation': { recall: 0.96, top1: 0.97, falseCredit: 0.21 }, //     99.2/100/18.2 → ≥95/≥95/≤5
  markdown: { recall: 0.94, top1: 0.97, falseCredit: 0.24 }, //                  96.9/100/20.6 → ≥95/≥95/≤5
  'hyphenation-wraps': { recall: 0.76, top1: 0.97, falseCredit: 0.31 }, //       79.3/100/28.3 → ≥95/≥95/≤5
  compounds: { recall: 0.83, top1: 0.97, falseCredit: 0.27 }, //                 86.0/100/24.4 → ≥95/≥95/≤5
  numbers: { recall: 0.88, top1: 0.97, falseCredit: 0.22 }, //                   91.7/100/19.3 → ≥95/≥95/≤5
  diacritics: { recall: 0.74, top1: 0.97, falseCredit: 0.27 }, //                77.1/100/23.6 → ≥95/≥95/≤5
  lookalikes: { recall: 0, top1: 0, falseCredit: 1 }, //                          0.4/2.0/97.8 → ≥95/≥95/≤5
  'markers-urls-emoji': { recall: 0.78, top1: 0.95, falseCredit: 0.29 }, //      81.0/98.0/26.2 → ≥95/≥95/≤5
  'cross-sentence': { recall: 0.7, top1: 0.85, falseCredit: 0.51 }, //           73.6/88.0/47.8 → ≥95/≥95/≤5
  'near-verbatim': { recall: 0.7, top1: 0.92, falseCredit: 0.3 }, //             73.8/95.0/27.0 → ≥90/≥90/≤5
  paraphrase: { recall: 0.58, top1: 0.95, falseCredit: 0.39 }, //                61.6/98.0/35.7 → recall ≥60, false ≤5
  // Controls: all credit is false; coverage 12.6 % and 80 % of outputs credited → coverage ≤ 2 %, no credit.
  'control: unrelated': { coverage: 0.16, credited: 0.9, falseCredit: 1 },
  // coverage 87.6 %, every output credited → coverage ≤ 2 %, no credit.
  'control: boilerplate': { coverage: 0.91, credited: 1, falseCredit: 1 },
};

describe('attribution by variation family', () => {
  let evaluation: FamilyEvaluation;
  let rows: FamilyRow[];

  beforeAll(() => {
    evaluation = new FamilyEvaluation();
    rows = evaluation.run({ seed: 12, passages: 100 });
    console.log(`[families] ${evaluation.index.documentCount} records / ${evaluation.index.tokenCount} tokens\n${formatTable(rows)}`);
  }, 60_000);

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
