import type { ManagedTransaction } from 'neo4j-driver';
import { fromHexHash, toHex } from '../log/bytes.js';
import { canonicalJson } from '../log/canonical-json.js';
import { appendToFrontier, frontierLength, rootFromFrontier } from '../log/frontier.js';
import {
  buildProof,
  consistencyProofPlan,
  foldSubtrees,
  inclusionProofPlan,
  leafHash,
  rootPlan,
  subtreeKey,
  subtreesNeeded,
  verifyInclusion,
  type SubtreeRef,
} from '../log/merkle.js';
import { int, toNumber } from './values.js';

/**
 * The transparency log in Neo4j. Every function runs in the caller's transaction, so an event and its log entry
 * commit or roll back together.
 *
 *   (:LogHead {id: 'log', size, frontier})     one node; locking it serialises appends. `frontier` holds the hex
 *                                               hashes of the perfect subtrees tiling the tree, largest first, so
 *                                               the root needs no leaf reads.
 *   (:LogEntry {index, leafHash, entry})        entry = the RFC 8785 canonical JSON that was hashed.
 *   (:LogSubtree {key: '<level>:<index>', hash}) every perfect subtree, written by the append that completes it;
 *                                               proofs read O(log n) of these and never rebuild the tree.
 *   (:LogCheckpoint {size, rootHash, note, signedAt}) signed notes, one per size (log-checkpoints.ts).
 *
 * Hashes are lowercase hex; integers are sent as neo4j.int so they are stored as INTEGER, not FLOAT.
 */

export const LOG_HEAD_ID = 'log';

/** Applied by the API at start (every statement is idempotent). */
export const LOG_CONSTRAINTS: readonly string[] = [
  'CREATE CONSTRAINT log_entry_index IF NOT EXISTS FOR (n:LogEntry) REQUIRE n.index IS UNIQUE',
  'CREATE CONSTRAINT log_subtree_key IF NOT EXISTS FOR (n:LogSubtree) REQUIRE n.key IS UNIQUE',
  'CREATE CONSTRAINT log_head_id IF NOT EXISTS FOR (n:LogHead) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT log_checkpoint_size IF NOT EXISTS FOR (n:LogCheckpoint) REQUIRE n.size IS UNIQUE',
];

/** Anything that can run Cypher in a transaction: a ManagedTransaction, or an explicit Transaction in scripts. */
export type LogTx = Pick<ManagedTransaction, 'run'>;

export interface AppendedEntry {
  index: number;
  leafHash: string;
  entry: string;
}

export interface TreeHead {
  size: number;
  rootHash: string;
}

export class LogIntegrityError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}: ${problems.join('; ')}` : message);
    this.name = 'LogIntegrityError';
  }
}

export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

export interface HeadState {
  size: number;
  frontier: Uint8Array[];
}

function headFrom(sizeValue: unknown, frontierValue: unknown): HeadState {
  const size = sizeValue === null || sizeValue === undefined ? 0 : toNumber(sizeValue, 'LogHead.size');
  const list = Array.isArray(frontierValue) ? (frontierValue as unknown[]) : [];
  const frontier = list.map((h, i) => fromHexHash(String(h), `LogHead.frontier[${i}]`));
  if (frontier.length !== frontierLength(size)) {
    throw new LogIntegrityError(`LogHead.frontier has ${frontier.length} hashes but a tree of ${size} needs ${frontierLength(size)}`);
  }
  return { size, frontier };
}

/**
 * Takes the log's write lock for the rest of the transaction and returns the head as of that lock. Setting a
 * property is what acquires Neo4j's exclusive node lock, and reads after it see the latest committed state.
 */
export async function lockLogHead(tx: LogTx): Promise<HeadState> {
  const result = await tx.run(
    `MERGE (h:LogHead {id: $id})
     ON CREATE SET h.size = $zero
     SET h._lock = true
     RETURN h.size AS size, h.frontier AS frontier`,
    { id: LOG_HEAD_ID, zero: int(0) },
  );
  const record = result.records[0]!;
  return headFrom(record.get('size'), record.get('frontier'));
}

export async function readLogHead(tx: LogTx): Promise<HeadState> {
  const result = await tx.run('OPTIONAL MATCH (h:LogHead {id: $id}) RETURN h.size AS size, h.frontier AS frontier', {
    id: LOG_HEAD_ID,
  });
  const record = result.records[0];
  return record ? headFrom(record.get('size'), record.get('frontier')) : { size: 0, frontier: [] };
}

/**
 * Appends one event as the next leaf, in the caller's transaction (call it inside the transaction that records the
 * event). Concurrent appends queue on the head lock, so indexes are dense and in commit order.
 */
export async function appendLogEntry(tx: LogTx, event: object): Promise<AppendedEntry> {
  const entry = canonicalJson(event);
  const leaf = leafHash(utf8(entry));
  const head = await lockLogHead(tx);
  const next = appendToFrontier(head.frontier, head.size, leaf);
  await tx.run(
    `MATCH (h:LogHead {id: $id})
     CREATE (:LogEntry {index: $index, leafHash: $leafHash, entry: $entry})
     SET h.size = $size, h.frontier = $frontier
     REMOVE h._lock
     WITH h
     UNWIND $subtrees AS s
     CREATE (:LogSubtree {key: s.key, hash: s.hash})`,
    {
      id: LOG_HEAD_ID,
      index: int(head.size),
      leafHash: toHex(leaf),
      entry,
      size: int(head.size + 1),
      frontier: next.frontier.map(toHex),
      subtrees: next.completed.map((s) => ({ key: subtreeKey(s), hash: toHex(s.hash) })),
    },
  );
  return { index: head.size, leafHash: toHex(leaf), entry };
}

export async function treeHead(tx: LogTx): Promise<TreeHead> {
  const head = await readLogHead(tx);
  return { size: head.size, rootHash: toHex(rootFromFrontier(head.frontier)) };
}

export async function logEntryAt(tx: LogTx, index: number): Promise<AppendedEntry | null> {
  const result = await tx.run(
    'MATCH (e:LogEntry {index: $index}) RETURN e.index AS index, e.leafHash AS leafHash, e.entry AS entry',
    { index: int(index) },
  );
  const r = result.records[0];
  return r ? { index: toNumber(r.get('index'), 'LogEntry.index'), leafHash: r.get('leafHash'), entry: r.get('entry') } : null;
}

/** One query for every subtree hash a set of plans needs. */
export async function readSubtrees(tx: LogTx, refs: SubtreeRef[]): Promise<Map<string, Uint8Array>> {
  const hashes = new Map<string, Uint8Array>();
  if (refs.length === 0) return hashes;
  const keys = refs.map(subtreeKey);
  const result = await tx.run('UNWIND $keys AS key MATCH (s:LogSubtree {key: key}) RETURN s.key AS key, s.hash AS hash', { keys });
  for (const r of result.records) hashes.set(r.get('key'), fromHexHash(String(r.get('hash')), `LogSubtree ${r.get('key')}`));
  const missing = keys.filter((k) => !hashes.has(k));
  if (missing.length) throw new LogIntegrityError('log store is missing perfect subtrees', missing.map((k) => `no LogSubtree ${k}`));
  return hashes;
}

function checkSize(size: number, what: string, max: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${what} must be a non-negative integer, got ${size}`);
  if (size > max) throw new RangeError(`${what} ${size} is larger than the log (size ${max})`);
}

/** Audit path for leaf `index` in the tree of `treeSize` leaves (default: the current size), hex, bottom-up. */
export async function inclusionProofFor(tx: LogTx, index: number, treeSize?: number): Promise<string[]> {
  const head = await readLogHead(tx);
  const size = treeSize ?? head.size;
  checkSize(size, 'treeSize', head.size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
  }
  const plan = inclusionProofPlan(index, size);
  return buildProof(plan, await readSubtrees(tx, subtreesNeeded(plan))).map(toHex);
}

/** Consistency proof between two sizes of this log, hex; reads only the LogSubtree nodes it needs, in one query. */
export async function consistencyProofFor(tx: LogTx, fromSize: number, toSize: number): Promise<string[]> {
  const head = await readLogHead(tx);
  checkSize(toSize, 'toSize', head.size);
  checkSize(fromSize, 'fromSize', toSize);
  const plan = consistencyProofPlan(fromSize, toSize);
  return buildProof(plan, await readSubtrees(tx, subtreesNeeded(plan))).map(toHex);
}

/** Root of the log as it was at `size` leaves, from O(log n) stored subtrees. */
export async function rootAtSize(tx: LogTx, size: number): Promise<string> {
  const head = await readLogHead(tx);
  checkSize(size, 'size', head.size);
  const plan = rootPlan(size);
  return toHex(foldSubtrees(plan, await readSubtrees(tx, plan)));
}

/** Checks one stored entry against a root, as a client would; handy for sampled /readyz checks. */
export async function verifyStoredEntry(tx: LogTx, index: number, treeSize: number, rootHash: string): Promise<boolean> {
  const entry = await logEntryAt(tx, index);
  if (!entry) return false;
  const leaf = leafHash(utf8(entry.entry));
  if (toHex(leaf) !== entry.leafHash) return false;
  const proof = (await inclusionProofFor(tx, index, treeSize)).map((h) => fromHexHash(h));
  return verifyInclusion(leaf, index, treeSize, proof, fromHexHash(rootHash));
}
