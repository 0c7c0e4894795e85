/**
 * span-trace/2 (docs/architecture.md#attribution): canonical tokens, commonness by rarity and length, quotes across
 * a sentence end. span-trace/1 stays pinned in trace.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorpusIndex, type CorpusRecord } from '../../../api/attribution/trace/corpus-index.js';
import { tokenize } from '../../../api/attribution/trace/tokenize.js';
import { TRACE_DEFAULTS, type RarityRule } from '../../../api/attribution/trace/trace.js';
import { SPAN_TRACE_V1, SPAN_TRACE_V2, SPAN_TRACE_V3 } from '../../../api/attribution/trace/trace-method.js';
import { generateRecords } from './synthetic-corpus.js';

const rec = (recordId: string, text: string, clusterId = `c-${recordId}`): CorpusRecord => ({ recordId, clusterId, text });
const background = [...generateRecords({ seed: 5, records: 300, minWords: 40, maxWords: 90, nearDuplicateRate: 0 })];

/** Summed surprisal of a text's tokens under an index's vocabulary (what the rarity rule weighs). */
const informationOf = (index: CorpusIndex, text: string) =>
  tokenize(text, 2).reduce((sum, t) => sum + index.vocabulary.surprisal(index.vocabulary.idOf(t.norm)), 0);

describe('span-trace/2 and /3', () => {
  it('span-trace/3 is the method new indexes use; every trace names its method, and an older one of the same scheme runs over the same index', () => {
    const index = CorpusIndex.build([rec('r1', 'alpha beta gamma delta')]);
    expect(index.method).toBe(SPAN_TRACE_V3);
    expect(index.trace('alpha beta gamma delta').methodVersion).toBe('span-trace/3');
    expect(index.trace('alpha beta gamma delta', { method: SPAN_TRACE_V2 }).methodVersion).toBe('span-trace/2');
    // Version 1's tokens and stream differ: it needs its own index.
    expect(() => index.trace('alpha', { method: SPAN_TRACE_V1 })).toThrow(/cannot trace by span-trace\/1/);
    expect(CorpusIndex.build([rec('r1', 'alpha beta gamma delta')], { method: SPAN_TRACE_V1 }).trace('x').methodVersion).toBe('span-trace/1');
  });

  it('credits a planted passage through case, look-alike letters, diacritics, dashes, markers and line-break hyphens', () => {
    const source = 'The Bounty mutineers and their Tahitian companions settled the island of Pitcairn in 1790 with nine sailors.';
    const index = CorpusIndex.build([...background, rec('src', source)]);
    const varied = 'THE BOUNTY MUTI-\nNEERS and thеir Tahítian companions [4] settled the island-of-Pitcairn 🌴 in 1790 with 9 sailors.';
    const trace = index.trace(varied);
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]!.recordIds).toEqual(['src']);
    expect(trace.spans[0]!.text).toBe(varied.slice(0, -1));
    expect(trace.tokens).toHaveLength(tokenize(source, 2).length);
    expect(trace.totalTokens).toBe(tokenize(source, 2).length); // the marker and the emoji are not words
  });

  it('weighs a span held by k clusters against base + perCluster · ln k, and drops it past commonClusters', () => {
    const phrase = 'lantern keepers mended copper nets beside the harbour wall';
    const inClusters = (k: number) => CorpusIndex.build([...background, ...Array.from({ length: k }, (_, i) => rec(`p${i}`, `Note ${i}. ${phrase} today.`))]);
    for (const k of [1, 3, 12]) {
      const index = inClusters(k);
      const info = informationOf(index, phrase);
      const rule = (base: number): Partial<RarityRule> => ({ informationBase: base, informationPerCluster: 5, commonClusters: 50 });
      const threshold = (base: number) => base + 5 * Math.log(k);
      // Just under the threshold: kept, shared by all k clusters; just over: dropped.
      const kept = index.trace(`So ${phrase}.`, { rarity: rule(info - 5 * Math.log(k) - 0.01) });
      expect(threshold(info - 5 * Math.log(k) - 0.01)).toBeLessThan(info);
      expect(kept.spans.map((s) => s.clusterIds.length)).toEqual([k]);
      expect(index.trace(`So ${phrase}.`, { rarity: rule(info - 5 * Math.log(k) + 0.01) }).spans).toEqual([]);
    }
    const crowded = inClusters(12);
    expect(crowded.trace(`So ${phrase}.`, { rarity: { informationBase: 0, commonClusters: 11 } }).spans).toEqual([]);
    expect(crowded.trace(`So ${phrase}.`, { rarity: { informationBase: 0, commonClusters: 12 } }).spans).toHaveLength(1);
  });

  it('by default credits a long rare passage held by 11 clusters and gives a short phrase of common words nothing', () => {
    const passage = 'the quarterly ferrous tonnage shipped through the northern estuary rose sharply after dredging finished near the old customs pier';
    const index = CorpusIndex.build([
      ...background,
      ...Array.from({ length: 11 }, (_, i) => rec(`copy${i}`, `Report ${i}: ${passage}.`)),
      ...Array.from({ length: 3 }, (_, i) => rec(`stock${i}`, `In case ${i}, you may want to wait.`)),
    ]);
    const long = index.trace(`As noted, ${passage}.`);
    expect(long.spans).toHaveLength(1);
    expect(long.spans[0]!.clusterIds).toHaveLength(11);
    expect(index.trace('Well, you may want to look again.').spans).toEqual([]);
    // span-trace/1 dropped the long passage: more than 10 clusters.
    const v1 = CorpusIndex.build([...background, ...Array.from({ length: 11 }, (_, i) => rec(`copy${i}`, `Report ${i}: ${passage}.`))], { method: SPAN_TRACE_V1 });
    expect(v1.trace(`As noted, ${passage}.`).spans).toEqual([]);
  });

  it('lets a quote cross a sentence end only when each side carries enough information', () => {
    const index = CorpusIndex.build([...background, rec('src', 'Kelp harvesters dried seaweed. Foreign buyers paid premiums.')]);
    const text = 'Locals said kelp harvesters dried seaweed. Foreign buyers paid premiums, they said.';
    const left = informationOf(index, 'kelp harvesters dried seaweed');
    const right = informationOf(index, 'foreign buyers paid premiums');
    const rule = (side: number): Partial<RarityRule> => ({ informationBase: 0, sideInformation: side });
    const crossing = index.trace(text, { rarity: rule(Math.min(left, right) - 0.01) });
    expect(crossing.spans.map((s) => s.text)).toEqual(['kelp harvesters dried seaweed. Foreign buyers paid premiums']);
    // One side too weak: the quote is cut at the sentence end (each half still a span of its own here).
    const cut = index.trace(text, { rarity: rule(Math.min(left, right) + 0.01) });
    expect(cut.spans.map((s) => s.text)).toEqual(['kelp harvesters dried seaweed', 'Foreign buyers paid premiums']);
    // Three words on each side: no side is a span alone, the crossing quote is.
    const short = index.trace('Yes: harvesters dried seaweed. Foreign buyers paid, they said.', { rarity: rule(1), minWords: 4 });
    expect(short.spans.map((s) => s.text)).toEqual(['harvesters dried seaweed. Foreign buyers paid']);
  });

  it('every exact span it keeps occurs in each listed record and passes the rule, for random outputs over a real-ish corpus', () => {
    const index = CorpusIndex.build(background);
    const sentences = background.flatMap((r) => r.text.split(/(?<=\.)\s+/));
    const rule = { ...TRACE_DEFAULTS.rarity, informationBase: 20 };
    const canon = (text: string) => ` ${tokenize(text, 2).map((t) => t.norm).join(' ')} `;
    const texts = new Map(background.map((r) => [r.recordId, canon(r.text)]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: sentences.length - 1 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 6 }), (picks, cut) => {
        const text = picks.map((p) => sentences[p]!.split(' ').slice(cut).join(' ')).join(' ');
        // NEAR spans are reworded by definition, and their evidence is the whole aligned passage (exact words
        // included), not the words they own: the claim is about EXACT spans.
        for (const span of index.trace(text, { rarity: rule }).spans.filter((s) => s.kind === 'EXACT')) {
          const words = canon(span.text);
          for (const id of span.recordIds) expect(texts.get(id)).toContain(words);
          expect(informationOf(index, span.text)).toBeGreaterThanOrEqual(rule.informationBase + rule.informationPerCluster * Math.log(span.clusterIds.length) - 1e-9);
          expect(span.clusterIds.length).toBeLessThanOrEqual(rule.commonClusters);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('points each span at the matched words in every source record (token offsets)', () => {
    const source = 'Intro words here. The Bounty mutineers and their Tahitian companions settled the island of Pitcairn in 1790.';
    const index = CorpusIndex.build([...background, rec('src', source)]);
    const trace = index.trace('They said the Bounty mutineers and their Tahitian companions settled the island of Pitcairn.');
    const span = trace.spans[0]!;
    expect(span.sources).toHaveLength(1);
    const { recordId, tokenStart, tokenEnd } = span.sources[0]!;
    expect(recordId).toBe('src');
    const words = tokenize(source, 2).slice(tokenStart, tokenEnd).map((t) => t.norm);
    expect(words).toEqual(tokenize(span.text, 2).map((t) => t.norm));
  });
});

describe('span-trace/2: the NEAR tier', () => {
  const original = 'Coastal kelp harvesters dried purple seaweed on volcanic rocks before selling bundles to Portuguese merchants every autumn';
  const index = CorpusIndex.build([...background, rec('orig', `${original}.`)]);

  it('credits a passage with two words changed as NEAR, with its similarity, and the changed words with it', () => {
    const edited = original.replace('purple', 'violet').replace('every autumn', 'each autumn');
    const trace = index.trace(`Travellers wrote that ${edited}.`);
    const near = trace.spans.filter((s) => s.kind === 'NEAR');
    expect(near).toHaveLength(1);
    expect(near[0]!.recordIds).toEqual(['orig']);
    expect(near[0]!.similarity).toBeGreaterThan(0.7);
    expect(near[0]!.similarity).toBeLessThan(1);
    const violet = trace.tokens.find((t) => `Travellers wrote that ${edited}.`.slice(t.start, t.end) === 'violet');
    expect(violet?.kind).toBe('NEAR');
    for (const t of trace.tokens.filter((x) => x.kind === 'NEAR')) {
      const id = index.vocabulary.idOf(tokenize(`Travellers wrote that ${edited}.`.slice(t.start, t.end), 2)[0]!.norm);
      expect(t.weight).toBeCloseTo(index.vocabulary.surprisal(id) * near[0]!.similarity, 9);
    }
    // Without the tier only the exact fragments remain, and fewer words are covered.
    expect(index.trace(`Travellers wrote that ${edited}.`, { near: false }).tokens.length).toBeLessThan(trace.tokens.length);
  });

  it('does not pay a reworded copy submitted later where the original explains the words as well', () => {
    const copy = original.replace('dried', 'sun-dried').replace('selling', 'trading');
    const both = CorpusIndex.build([...background, rec('orig', `${original}.`), rec('copy', `${copy}.`)]);
    // Reworded differently again: as close to the original as to the copy.
    const output = original.replace('Coastal', 'Local').replace('Portuguese', 'Spanish');
    const credited = new Set(both.trace(`${output}.`).tokens.flatMap((t) => t.clusterIds));
    expect(credited).toEqual(new Set(['c-orig']));
    // The copy's own wording, verbatim, is the copy's: the exact tier outranks a near match.
    const exactCopy = both.trace(`${copy}.`);
    expect(exactCopy.spans.filter((s) => s.kind === 'EXACT').flatMap((s) => s.recordIds)).toContain('copy');
  });

  it('finds nothing near in unrelated text or in text sharing only common words', () => {
    expect(index.trace('The committee met on Tuesday and agreed to publish the minutes before the end of the month.').spans).toEqual([]);
  });

  it('span-trace/3 lets a near passage run across a sentence end; span-trace/2 keeps it in one sentence', () => {
    // A definition list: the first (five-word) definition has one word changed, too short to carry a near match alone.
    const defs = CorpusIndex.build([...background, rec('defs', 'fishbone: a bone of a fish. bare bone: bone stripped of flesh.')]);
    const output = 'fishbone: a bone still a fish. bare bone: bone stripped of flesh.';
    const near = (method: typeof SPAN_TRACE_V2) => defs.trace(output, { method }).spans.filter((s) => s.kind === 'NEAR');
    expect(near(SPAN_TRACE_V3).map((s) => [s.text, s.recordIds])).toEqual([['fishbone: a bone still a fish', ['defs']]]);
    expect(near(SPAN_TRACE_V2)).toEqual([]);
  });
});
