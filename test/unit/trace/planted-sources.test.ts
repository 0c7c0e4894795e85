/**
 * Planted-source evaluation (issue 4, "Done means"): 3,000 synthetic records (~440k tokens, with near-duplicate
 * clusters and shared boilerplate), 300 outputs each made of 2–4 passages of 8–30 words copied from known records
 * between filler sentences. Thresholds: top-1 source precision ≥ 0.95 and span recall ≥ 0.95.
 */
import { describe, expect, it } from 'vitest';
import { CorpusIndex, mergeTiers } from '../../../api/attribution/trace/corpus-index.js';
import { plantOutputs, scorePlanted, type PlantedScore } from './planted-outputs.js';
import { generateRecords } from './synthetic-corpus.js';

const records = [...generateRecords({ seed: 2024, records: 3000 })];
const clusterOf = new Map(records.map((r) => [r.recordId, r.clusterId]));
const index = CorpusIndex.build(records);

function report(name: string, score: PlantedScore): void {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  console.log(
    `[planted-sources] ${name}: ${score.passages} passages over ${index.documentCount} records / ${index.tokenCount} tokens — ` +
      `top-1 precision ${pct(score.precision)} (${pct(score.precisionWhenAttributed)} of attributed), ` +
      `span recall ${pct(score.recall)} (coverable ${pct(score.coverableRecall)}), filler covered ${pct(score.fillerCoverage)}`,
  );
}

describe('planted-source evaluation', () => {
  it.each([
    ['any word', 'any-word starts', 99, false],
    ['a sentence start', 'sentence-aligned', 100, true],
  ] as const)('passages starting at %s: precision and recall ≥ 0.95', (_starts, name, seed, sentenceAligned) => {
    const outputs = plantOutputs(records, { seed, outputs: 300, sentenceAligned });
    const score = scorePlanted(index, outputs, (id) => clusterOf.get(id)!);
    report(name, score);
    expect(score.precision).toBeGreaterThanOrEqual(0.95);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  }, 60_000); // 300 outputs: seconds on a quiet machine, more on a loaded one

  it('survives persistence and incremental ingestion with identical scores', () => {
    const outputs = plantOutputs(records, { seed: 101, outputs: 60 });
    const incremental = new CorpusIndex();
    for (let at = 0; at < records.length; at += 250) incremental.addBatch(records.slice(at, at + 250));
    const restored = CorpusIndex.deserialize(incremental.serialize());
    const score = (i: CorpusIndex) => scorePlanted(i, outputs, (id) => clusterOf.get(id)!);
    expect(score(restored)).toEqual(score(index));
  }, 60_000);

  it('gives identical spans from a sharded, tiered index and a single one (issue 16)', () => {
    const outputs = plantOutputs(records, { seed: 77, outputs: 120 });
    // Document shards of ~40k tokens (a full build), and tiers grown batch by batch with merges left half undone.
    const sharded = CorpusIndex.build(records, { maxShardTokens: 40_000 });
    const tiered = new CorpusIndex({ merges: 'deferred', mergeFraction: 0.5, maxShardTokens: 120_000 });
    for (let at = 0, b = 0; at < records.length; at += 173, b++) {
      tiered.addBatch(records.slice(at, at + 173));
      const plan = tiered.planMerge();
      if (plan && b % 2 === 0) tiered.installMerge(plan, mergeTiers(plan.tiers));
    }
    expect(index.shards).toHaveLength(1);
    expect(sharded.shards.length).toBeGreaterThanOrEqual(8);
    expect(tiered.shards.length).toBeGreaterThanOrEqual(3);
    const single = outputs.map((o) => index.trace(o.text));
    expect(single.some((t) => t.spans.length > 0)).toBe(true);
    for (const split of [sharded, tiered]) {
      expect(outputs.map((o) => split.trace(o.text))).toEqual(single);
      expect(scorePlanted(split, outputs, (id) => clusterOf.get(id)!)).toEqual(scorePlanted(index, outputs, (id) => clusterOf.get(id)!));
    }
  }, 120_000);
});
