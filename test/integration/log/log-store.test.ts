import neo4j from 'neo4j-driver';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../api/log/bytes.js';
import { parseAndVerifyCheckpoint } from '../../../api/log/checkpoint.js';
import { appendToFrontier } from '../../../api/log/frontier.js';
import {
  appendLogEntry,
  auditLog,
  consistencyProofFor,
  currentInclusionProofs,
  inclusionProofFor,
  recomputeRootFromLeaves,
  rootAtSize,
  signNewCheckpoint,
  treeHead,
} from '../../../api/log/log-service.js';
import { LogIntegrityError } from '../../../api/log/log-tree.js';
import { constraintStatements } from '../../../api/store/constraints.js';
import { latestCheckpoint, logEntryAt } from '../../../api/store/log.js';
import type { Transaction as LogTx } from '../../../api/store/transaction.js';
import { leafHash, subtreeKey } from '../../../api/log/merkle.js';
import { signingKeyFromSeed } from '../../../api/log/signing-key.js';
import { refLeafHash, refRoot, refVerifyConsistency, refVerifyInclusion } from '../../unit/log/independent-verifier.js';
import { TEST_DATABASE, resetGraph, testGraph } from '../support/graph.js';

// The log against a real Neo4j, checked with the independent verifier (test/unit/log/independent-verifier.ts),
// which shares no code with api/log.

const ORIGIN = 'strata.test/log';
const key = signingKeyFromSeed(ORIGIN, new Uint8Array(randomBytes(32)), 'env');
const hexOf = (s: string) => Buffer.from(s, 'utf8').toString('hex');

const write = <T>(work: (tx: LogTx) => Promise<T>) => testGraph().write(work);
async function read<T>(work: (tx: LogTx) => Promise<T>): Promise<T> {
  const session = testGraph().driver.session({ database: TEST_DATABASE, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(work);
  } finally {
    await session.close();
  }
}
async function cypher(query: string, params: Record<string, unknown> = {}) {
  return testGraph().driver.executeQuery(query, params, { database: TEST_DATABASE });
}

/** Entry texts in index order, as the store holds them. */
async function storedEntries(): Promise<string[]> {
  const { records } = await cypher('MATCH (e:LogEntry) RETURN e.entry AS entry ORDER BY e.index');
  return records.map((r) => r.get('entry') as string);
}

function rewardEvent(i: number) {
  return {
    type: 'reward',
    outputId: `out-${i}`,
    fee: '1000',
    payouts: [
      { recipientId: 'c1', role: 'DATA_CONTRIBUTOR', amount: String(300 + i) },
      { recipientId: 'owner', role: 'MODEL_OWNER', amount: String(700 - i) },
    ],
  };
}

beforeAll(async () => {
  await resetGraph();
  for (const statement of constraintStatements().filter((c) => /FOR \(n:Log/.test(c))) await cypher(statement);
  await cypher('CALL db.awaitIndexes(60)');
});

describe('transparency log in Neo4j', () => {
  it('starts empty: size 0 and the empty-tree root', async () => {
    expect(await read(treeHead)).toEqual({ size: 0, rootHash: refRoot([]) });
  });

  it('appends 100 entries with dense indexes, hashes the independent verifier agrees with', async () => {
    for (let i = 0; i < 100; i++) {
      const appended = await write((tx) => appendLogEntry(tx, rewardEvent(i)));
      expect(appended.index).toBe(i);
      expect(appended.leafHash).toBe(refLeafHash(hexOf(appended.entry)));
    }
    const entries = await storedEntries();
    expect(entries).toHaveLength(100);
    expect(await read(treeHead)).toEqual({ size: 100, rootHash: refRoot(entries.map(hexOf)) });
    const stored = await read((tx) => logEntryAt(tx, 42));
    expect(stored?.entry).toBe(entries[42]);
    // Integers must be stored as INTEGER, or range scans and the unique constraint would not behave.
    const { records } = await cypher('MATCH (e:LogEntry {index: 42}) RETURN valueType(e.index) AS t');
    expect(records[0]?.get('t')).toBe('INTEGER NOT NULL');
  });

  it('serialises concurrent appends on the head: no gaps, no duplicates', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => write((tx) => appendLogEntry(tx, rewardEvent(100 + i)))));
    expect(results.map((r) => r.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    const check = await read(recomputeRootFromLeaves);
    expect(check.problems).toEqual([]);
    expect(check).toMatchObject({ ok: true, size: 120, leavesRead: 120 });
  });

  it('rolls back with the event: a failed transaction leaves no entry and no head change', async () => {
    const before = await read(treeHead);
    await expect(
      write(async (tx) => {
        await appendLogEntry(tx, rewardEvent(999));
        throw new Error('the event failed after its log entry was written');
      }),
    ).rejects.toThrow(/event failed/);
    expect(await read(treeHead)).toEqual(before);
    expect(await read((tx) => logEntryAt(tx, before.size))).toBeNull();
  });

  it('serves inclusion proofs that the independent verifier accepts, for every entry and several tree sizes', async () => {
    const entries = await storedEntries();
    for (const treeSize of [1, 2, 7, 64, 100, 120]) {
      const root = refRoot(entries.slice(0, treeSize).map(hexOf));
      expect(await read((tx) => rootAtSize(tx, treeSize))).toBe(root);
      for (let index = 0; index < treeSize; index++) {
        const proof = await read((tx) => inclusionProofFor(tx, index, treeSize));
        expect(refVerifyInclusion(index, treeSize, refLeafHash(hexOf(entries[index]!)), proof, root), `${index}/${treeSize}`).toBe(true);
      }
    }
    await expect(read((tx) => inclusionProofFor(tx, 120, 120))).rejects.toThrow(/not in a tree of size 120/);
    await expect(read((tx) => inclusionProofFor(tx, 0, 121))).rejects.toThrow(/larger than the log/);
  });

  it('serves proofs of many leaves to the current tree from one head read and one subtree read, the same proofs', async () => {
    const indexes = [0, 1, 7, 63, 64, 99, 119];
    const counted = { statements: 0 };
    const many = await read((tx) => currentInclusionProofs({ run: (q: string, p?: Record<string, unknown>) => (counted.statements++, tx.run(q, p)) } as LogTx, [...indexes, 120]));
    expect(counted.statements).toBe(2);
    for (const index of indexes) expect(many.get(index)).toEqual(await read((tx) => inclusionProofFor(tx, index)));
    expect(String(many.get(120))).toMatch(/not in a tree of size 120/);
  });

  it('serves consistency proofs that the independent verifier accepts', async () => {
    const entries = await storedEntries();
    const roots = Array.from({ length: 121 }, (_, n) => refRoot(entries.slice(0, n).map(hexOf)));
    for (const [from, to] of [[1, 120], [7, 8], [8, 120], [33, 100], [64, 65], [99, 120], [120, 120], [0, 50]] as const) {
      const proof = await read((tx) => consistencyProofFor(tx, from, to));
      expect(refVerifyConsistency(from, to, roots[from]!, roots[to]!, proof), `${from} -> ${to}`).toBe(true);
    }
  });

  it('reads only the perfect subtrees a proof needs', async () => {
    // Every perfect subtree of the 120 leaves exists exactly once: 2n - popcount(n).
    const { records } = await cypher('MATCH (s:LogSubtree) RETURN count(s) AS n');
    expect(records[0]?.get('n').toNumber()).toBe(2 * 120 - 4);
  });

  it('signs checkpoints that verify, and does not re-sign an unchanged tree', async () => {
    const first = await write((tx) => signNewCheckpoint(tx, key, ORIGIN));
    expect(first.created).toBe(true);
    const cp = parseAndVerifyCheckpoint(first.note, key.verifierKey, { origin: ORIGIN });
    expect(cp.size).toBe(120);
    expect(cp.rootHash).toBe(refRoot((await storedEntries()).map(hexOf)));
    const again = await write((tx) => signNewCheckpoint(tx, key, ORIGIN));
    expect(again).toMatchObject({ created: false, size: 120, note: first.note });

    await write((tx) => appendLogEntry(tx, rewardEvent(120)));
    const next = await write((tx) => signNewCheckpoint(tx, key, ORIGIN));
    expect(next).toMatchObject({ created: true, size: 121 });
    expect((await read(latestCheckpoint))?.size).toBe(121);
    const audit = await read((tx) => auditLog(tx, key.verifierKey));
    expect(audit.problems).toEqual([]);
    expect(audit.checkpoint).toEqual({ size: 121, rootHash: next.rootHash });
  });

  it('detects an entry edited directly in Cypher, and refuses to sign over it', async () => {
    const saved = (await read(latestCheckpoint))!;
    const original = (await read((tx) => logEntryAt(tx, 17)))!;
    await cypher('MATCH (e:LogEntry {index: $i}) SET e.entry = replace(e.entry, "\\"317\\"", "\\"999\\"")', { i: neo4j.int(17) });

    const check = await read(recomputeRootFromLeaves);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/entry 17 was edited/);
    expect(check.problems.join('\n')).toMatch(/stored leaves recompute to root .* but the head says/);
    await expect(write((tx) => signNewCheckpoint(tx, key, ORIGIN))).rejects.toThrow(LogIntegrityError);
    await expect(write((tx) => signNewCheckpoint(tx, key, ORIGIN))).rejects.toThrow(/refusing to sign a checkpoint: .*entry 17 was edited/);
    // A client holding the checkpoint catches it too: the edited text is not in the signed tree.
    const edited = (await read((tx) => logEntryAt(tx, 17)))!;
    const proof = await read((tx) => inclusionProofFor(tx, 17, saved.size));
    expect(refVerifyInclusion(17, saved.size, refLeafHash(hexOf(edited.entry)), proof, saved.rootHash)).toBe(false);

    await cypher('MATCH (e:LogEntry {index: $i}) SET e.entry = $entry', { i: neo4j.int(17), entry: original.entry });
    expect((await read(recomputeRootFromLeaves)).ok).toBe(true);
  });

  it('detects a full rewrite (entry, leaf hash, subtrees and head all recomputed) by the signed checkpoint', async () => {
    const saved = (await read(latestCheckpoint))!;
    // What an operator with database access would have to do to change history without leaving loose ends.
    const entries = await storedEntries();
    // A client saved the honest checkpoint at size 100 earlier.
    const honestRoot100 = refRoot(entries.slice(0, 100).map(hexOf));
    entries[5] = entries[5]!.replace('"305"', '"0"').replace('"695"', '"1000"');
    let frontier: Uint8Array[] = [];
    const subtrees: { key: string; hash: string }[] = [];
    entries.forEach((entry, i) => {
      const step = appendToFrontier(frontier, i, leafHash(new TextEncoder().encode(entry)));
      frontier = step.frontier;
      for (const s of step.completed) subtrees.push({ key: subtreeKey(s), hash: toHex(s.hash) });
    });
    await cypher(
      `MATCH (e:LogEntry {index: 5}) SET e.entry = $entry, e.leafHash = $leafHash
       WITH 1 AS one MATCH (h:LogHead {id: 'log'}) SET h.frontier = $frontier
       WITH 1 AS one UNWIND $subtrees AS s MATCH (n:LogSubtree {key: s.key}) SET n.hash = s.hash`,
      { entry: entries[5], leafHash: toHex(leafHash(new TextEncoder().encode(entries[5]!))), frontier: frontier.map(toHex), subtrees },
    );

    // The rewrite is internally consistent, so the leaf recheck alone cannot see it…
    expect((await read(recomputeRootFromLeaves)).ok).toBe(true);
    // …but the last signed checkpoint can: the new tree does not extend it.
    const audit = await read((tx) => auditLog(tx, key.verifierKey));
    expect(audit.ok).toBe(false);
    expect(audit.problems.join('\n')).toMatch(/not an extension of the checkpoint signed at size 121: history was rewritten/);
    await expect(write((tx) => signNewCheckpoint(tx, key, ORIGIN))).rejects.toThrow(/history was rewritten/);
    // And so can any client that saved an earlier checkpoint, with the independent verifier and the store's proof.
    const head = await read(treeHead);
    expect(head.rootHash).not.toBe(saved.rootHash);
    const proof = await read((tx) => consistencyProofFor(tx, 100, head.size));
    expect(refVerifyConsistency(100, head.size, honestRoot100, head.rootHash, proof)).toBe(false);
    expect(refVerifyConsistency(saved.size, head.size, saved.rootHash, head.rootHash, [])).toBe(false);
  });

  it('detects removed entries against the head and the checkpoint', async () => {
    await cypher('MATCH (e:LogEntry) WHERE e.index >= 118 DETACH DELETE e');
    const check = await read(recomputeRootFromLeaves);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/entries 118..120 are missing/);
  });
});
