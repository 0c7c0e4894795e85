/**
 * Tracing threads answer exactly what the API process would (docs/architecture.md#tracing-off-the-event-loop): the
 * planted-source evaluation and the variation-family evaluation traced in-process and on a real tracing thread give
 * identical spans, including an index grown batch by batch while the thread follows it update by update.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusIndex } from '../../../api/attribution/trace/corpus-index.js';
import type { TraceOptions, TraceResult } from '../../../api/attribution/trace/trace.js';
import { attributeWith } from '../../../api/corpus/attribute-with.js';
import type { AcceptedRecordMeta } from '../../../api/attribution/model-reach.js';
import { CorpusReplica, ReplicaPublisher } from '../../../api/trace-pool/corpus-replica.js';
import { TracePool } from '../../../api/trace-pool/trace-pool.js';
import { FamilyEvaluation } from '../trace/families/evaluate.js';
import { plantOutputs } from '../trace/planted-outputs.js';
import { generateRecords } from '../trace/synthetic-corpus.js';

const pool = new TracePool(1);
afterAll(() => pool.close());

describe('tracing threads', () => {
  it('the planted-source evaluation gives identical spans on a thread, batch after batch', async () => {
    const records = [...generateRecords({ seed: 2024, records: 1500 })];
    const outputs = plantOutputs(records, { seed: 7, outputs: 40 });
    const index = new CorpusIndex();
    const publisher = new ReplicaPublisher('planted');
    // The thread follows the index as it grows (deltas, merges), one update per batch.
    for (let at = 0; at < records.length; at += 300) {
      index.addBatch(records.slice(at, at + 300));
      const handle = publisher.publish(index);
      const sample = outputs.slice(0, 8);
      const onThread = await Promise.all(sample.map((o) => pool.trace(handle, o.text)));
      expect(onThread).toEqual(sample.map((o) => index.trace(o.text)));
    }
    const handle = publisher.publish(index);
    expect(handle.updates.length).toBe(5);
    const inProcess = outputs.map((o) => index.trace(o.text));
    expect(inProcess.some((t) => t.spans.length > 0)).toBe(true);
    expect(await Promise.all(outputs.map((o) => pool.trace(handle, o.text)))).toEqual(inProcess);
  }, 120_000);

  it('the variation-family evaluation gives identical spans on a thread', async () => {
    const evaluation = new FamilyEvaluation();
    const calls: Array<{ text: string; options: TraceOptions; result: TraceResult }> = [];
    const index = evaluation.index;
    const trace = index.trace.bind(index);
    index.trace = (text: string, options: TraceOptions = {}) => {
      const result = trace(text, options);
      calls.push({ text, options, result });
      return result;
    };
    evaluation.run({ passages: 20 });
    expect(calls.length).toBeGreaterThan(100);
    const handle = new ReplicaPublisher('families').publish(index);
    const onThread = await Promise.all(calls.map((c) => pool.trace(handle, c.text, c.options)));
    expect(onThread).toEqual(calls.map((c) => c.result));
  }, 180_000);

  it('attribution (eligibility, reach, split) is identical on a thread', async () => {
    const records = [...generateRecords({ seed: 11, records: 600 })];
    const meta = new Map<string, AcceptedRecordMeta>();
    const members = new Map<string, AcceptedRecordMeta[]>();
    records.forEach((r, i) => {
      const m = { recordId: r.recordId, clusterId: r.clusterId, datanetId: `d${i % 3}`, contributorId: `c${i % 7}`, acceptedAtMs: 1_000 + i };
      meta.set(m.recordId, m);
      members.set(m.clusterId, [...(members.get(m.clusterId) ?? []), m]);
    });
    const index = CorpusIndex.build(records);
    const handle = new ReplicaPublisher('attribution').publish(index, (id) => meta.get(id));
    const training = [{ adapterId: 'a1', datanetId: 'd0', snapshotAtMs: 1_400 }, { adapterId: 'a2', datanetId: 'd1', snapshotAtMs: 2_000 }];
    for (const output of plantOutputs(records, { seed: 3, outputs: 15 })) {
      for (const options of [{ training: null }, { training, prompt: 'a prompt' }]) {
        expect(await pool.attribute(handle, output.text, options)).toEqual(attributeWith(index, meta, members, output.text, options));
      }
    }
  }, 120_000);

  it('a replica starts over on a new epoch and refuses a handle older than itself', () => {
    const records = [...generateRecords({ seed: 5, records: 200 })];
    const index = new CorpusIndex();
    const publisher = new ReplicaPublisher('epochs');
    index.addBatch(records.slice(0, 100));
    const first = publisher.publish(index);
    expect(publisher.publish(index)).toBe(first);
    index.addBatch(records.slice(100));
    const second = publisher.publish(index);
    const replica = new CorpusReplica(second.epoch, second.method);
    replica.apply(second);
    expect(replica.canServe(first)).toBe(false);
    const rebuilt = publisher.publish(CorpusIndex.build(records));
    expect(rebuilt.epoch).not.toBe(second.epoch);
    expect(replica.canServe(rebuilt)).toBe(false);
  });
});
