import { describe, expect, it } from 'vitest';
import { CONSTRAINT_VIOLATION, claimIdempotencyKeys, expireIdempotencyKeys, idempotencyClaim, storeIdempotentResults, writeIdempotently } from '../../../api/store/idempotency.js';
import { int } from '../../../api/store/values.js';
import { recording, type Sent } from './recording.js';

const call = { mutation: 'createDatanet', caller: 'ctb_1', idempotencyKey: 'key-1', inputHash: 'h'.repeat(64) };

describe('idempotency store', () => {
  it('claims several keys and stores their results in one UNWIND statement each (a group commit), nothing for none', async () => {
    const { tx, sent } = recording();
    const claims = [idempotencyClaim(call), idempotencyClaim({ ...call, idempotencyKey: 'key-2' })];
    await claimIdempotencyKeys(tx, claims);
    await storeIdempotentResults(tx, claims.map((c, i) => ({ key: c.key, result: { outputId: `out_${i}` } })));
    await claimIdempotencyKeys(tx, []);
    await storeIdempotentResults(tx, []);
    expect(sent).toHaveLength(2);
    expect(sent).toMatchSnapshot();
  });

  it('claims the key, runs the work and stores its result in the same transaction', async () => {
    const { graph, sent } = recording();
    const result = await writeIdempotently(graph, { ...call, work: async () => ({ datanetId: 'dn_1' }) });
    expect(result).toEqual({ datanetId: 'dn_1' });
    expect(sent).toMatchSnapshot();
  });

  it('a used key replays the stored result, or is a CONFLICT for another input', async () => {
    const sent: Sent[] = [];
    const stored = { inputHash: call.inputHash, result: JSON.stringify({ datanetId: 'dn_0' }) };
    const tx = {
      run: async (cypher: string, params: Record<string, unknown>) => {
        sent.push({ cypher, params });
        if (cypher.startsWith('CREATE (:IdempotencyKey')) throw Object.assign(new Error('exists'), { code: CONSTRAINT_VIOLATION });
        return { records: [{ toObject: () => stored }] };
      },
    };
    const graph = { write: async (work: (t: unknown) => Promise<unknown>) => work(tx) } as never;
    expect(await writeIdempotently(graph, { ...call, work: async () => ({ datanetId: 'dn_1' }) })).toEqual({ datanetId: 'dn_0' });
    expect(sent).toMatchSnapshot();
    await expect(writeIdempotently(graph, { ...call, inputHash: 'other', work: async () => ({}) })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', field: 'idempotencyKey' },
    });
  });

  it('sweeps expired keys in batches until a batch is not full', async () => {
    const { graph, sent } = recording([[{ deleted: int(5000) }], [{ deleted: int(12) }]]);
    expect(await expireIdempotencyKeys(graph, 24 * 3_600_000, new Date('2026-01-02T00:00:00Z'))).toBe(5012);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchSnapshot();
  });
});
