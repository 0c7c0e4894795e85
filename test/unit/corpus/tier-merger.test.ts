/**
 * Background merges (api/corpus/tier-merger.ts): tiers merged on the merge thread are swapped in while batches keep
 * arriving, traces in process and on a tracing thread follow every tier layout, and the final tiers trace exactly
 * like one index over the same records.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusIndex } from '../../../api/attribution/trace/corpus-index.js';
import { TierMerger } from '../../../api/corpus/tier-merger.js';
import { ReplicaPublisher } from '../../../api/trace-pool/corpus-replica.js';
import { TracePool } from '../../../api/trace-pool/trace-pool.js';
import { plantOutputs } from '../trace/planted-outputs.js';
import { generateRecords } from '../trace/synthetic-corpus.js';

const pool = new TracePool(1);
afterAll(() => pool.close());

describe('background tier merges', () => {
  it('swap merged tiers in while batches arrive; threads see new and merged tiers; spans as one index', async () => {
    const records = [...generateRecords({ seed: 19, records: 1600 })];
    const outputs = plantOutputs(records, { seed: 5, outputs: 30 }).map((o) => o.text);
    const index = new CorpusIndex({ merges: 'deferred' });
    const landed: number[] = [];
    const merger = new TierMerger({ current: () => index, merged: (_i, tiers) => landed.push(tiers) });
    const publisher = new ReplicaPublisher('merging');
    let generations = 0;
    let lastGeneration = -1;
    for (let at = 0; at < records.length; at += 100) {
      index.addBatch(records.slice(at, at + 100));
      merger.schedule();
      // A batch is searchable at once, on a thread too, whatever the merge thread is doing.
      const fresh = records[at]!.text;
      const handle = publisher.publish(index);
      const [onThread] = await Promise.all([pool.trace(handle, fresh)]);
      expect(onThread.spans.some((s) => s.recordIds.includes(records[at]!.recordId))).toBe(true);
      if (index.generation !== lastGeneration) generations++;
      lastGeneration = index.generation;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await merger.idle();
    await merger.close();
    expect(landed.length).toBeGreaterThan(0);
    expect(index.planMerge()).toBeNull();
    const single = CorpusIndex.build(records);
    const expected = outputs.map((o) => single.trace(o));
    expect(outputs.map((o) => index.trace(o))).toEqual(expected);
    // After the last merge the thread adopts the merged tiers (a new handle with no new records).
    const handle = publisher.publish(index);
    expect(handle.shards).toHaveLength(index.shards.length);
    expect(await Promise.all(outputs.map((o) => pool.trace(handle, o)))).toEqual(expected);
    expect(generations).toBeGreaterThan(1);
  }, 180_000);
});
