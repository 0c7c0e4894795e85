import neo4j from 'neo4j-driver';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLogEntry } from '../../api/log/log-service.js';
import { runVerifyCli, type CliIo } from '../../api/log/verify-cli.js';
import { refLeafHash, refVerifyConsistency, refVerifyInclusion } from '../unit/log/independent-verifier.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { testGraph } from './support/graph.js';

// The transparency log through the API, checked by the independent verifier (shares no code with api/log) and by
// the CLI a contributor would run.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const checkpointQuery = '{ logCheckpoint { origin treeSize rootHash note publicKey } }';
const entryQuery = `query($id: ID!, $size: BigInt) { output(id: $id) { logEntry { index leafHash entry inclusionProof(treeSize: $size) } } }`;
const hexOf = (s: string) => Buffer.from(s, 'utf8').toString('hex');

function quietIo() {
  const lines: string[] = [];
  const io: CliIo = {
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
    readFile: (f) => readFileSync(f, 'utf8'),
    writeFile: (f, d) => writeFileSync(f, d),
    fetch: (...a) => fetch(...a),
  };
  return { lines, io };
}

describe('log through the API', () => {
  it('every seeded output has a log entry whose inclusion in the signed checkpoint verifies independently', async () => {
    const { data } = await gql(api.url, checkpointQuery);
    const cp = data.logCheckpoint;
    expect(cp.note.startsWith(`${cp.origin}\n${cp.treeSize}\n`)).toBe(true);
    const outputs = await gql(api.url, '{ outputs(first: 100) { edges { node { id } } } }');
    const ids = outputs.data.outputs.edges.map((e: any) => e.node.id);
    // The rest of the seeded log is governance decisions (the demo's open proposal).
    const proposals = await gql(api.url, '{ proposals(first: 50) { edges { node { logEntry { index } } } } }');
    const decisions = proposals.data.proposals.edges.filter((e: any) => e.node.logEntry).length;
    expect(decisions).toBeGreaterThan(0);
    expect(ids.length + decisions).toBe(Number(cp.treeSize));
    for (const id of ids) {
      const res = await gql(api.url, entryQuery, { id, size: cp.treeSize });
      const e = res.data.output.logEntry;
      expect(refLeafHash(hexOf(e.entry))).toBe(e.leafHash);
      expect(refVerifyInclusion(Number(e.index), Number(cp.treeSize), e.leafHash, e.inclusionProof, cp.rootHash)).toBe(true);
      expect(JSON.parse(e.entry)).toMatchObject({ type: 'attribution', outputId: id.slice('Output:'.length) });
    }
  });

  it('consistency proofs from the API prove the grown tree extends an old checkpoint', async () => {
    const old = (await gql(api.url, checkpointQuery)).data.logCheckpoint;
    await testGraph().write(async (tx) => {
      for (let i = 0; i < 5; i++) await appendLogEntry(tx, { type: 'test', n: i });
    });
    const now = (await gql(api.url, checkpointQuery)).data.logCheckpoint;
    expect(Number(now.treeSize)).toBe(Number(old.treeSize) + 5);
    const proof = await gql(api.url, 'query($a: BigInt!, $b: BigInt!) { consistencyProof(fromSize: $a, toSize: $b) }', { a: old.treeSize, b: now.treeSize });
    expect(refVerifyConsistency(Number(old.treeSize), Number(now.treeSize), old.rootHash, now.rootHash, proof.data.consistencyProof)).toBe(true);
    const bad = await gql(api.url, 'query($a: BigInt!, $b: BigInt!) { consistencyProof(fromSize: $a, toSize: $b) }', { a: now.treeSize, b: '999999' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('the verifier CLI passes on an honest log, and it and /readyz both catch an entry edited in Neo4j', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-verify-'));
    const cp = (await gql(api.url, checkpointQuery)).data.logCheckpoint;
    writeFileSync(join(dir, 'checkpoint'), cp.note);
    // An output whose entry credits someone a whole share (the walk-back below lowers it).
    const seeded = (await gql(api.url, '{ outputs(first: 50) { edges { node { id logEntry { entry } } } } }')).data.outputs.edges;
    const outputId = seeded.find((e: any) => e.node.logEntry?.entry.includes('"share":1')).node.id;
    const args = ['--public-key', cp.publicKey, '--checkpoint', join(dir, 'checkpoint'), '--endpoint', api.url, '--output', outputId];

    const honest = quietIo();
    expect(await runVerifyCli(args, honest.io)).toBe(0);
    expect((await fetch(`${api.baseUrl}/readyz`)).status).toBe(200);

    // A quiet walk-back: someone lowers a share in a past entry, straight in the database.
    const index = Number((await gql(api.url, entryQuery, { id: outputId })).data.output.logEntry.index);
    await testGraph().write((tx) =>
      tx.run(`MATCH (e:LogEntry {index: $i}) SET e.entry = replace(e.entry, '"share":1', '"share":0.5')`, { i: neo4j.int(index) }),
    );
    const ready = await fetch(`${api.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'log-integrity-failure' });
    const tampered = quietIo();
    expect(await runVerifyCli(args, tampered.io)).not.toBe(0);
    expect(tampered.lines.join('\n')).toMatch(/✗/);
  });
});
