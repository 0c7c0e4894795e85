import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { fromHexHash, toHex } from './bytes.js';
import { canonicalJson } from './canonical-json.js';
import { parseAndVerifyCheckpoint, signCheckpoint } from './checkpoint.js';
import { appendToFrontier, frontierLength, rootFromFrontier } from './frontier.js';
import {
  buildProof,
  consistencyProofPlan,
  foldSubtrees,
  inclusionProofPlan,
  leafHash,
  rootPlan,
  subtreeKey,
  subtreesNeeded,
  verifyConsistency,
  verifyInclusion,
  type SubtreeRef,
} from './merkle.js';
import { parseVerifierKey, type NoteSigner, type NoteVerifier } from './signed-note.js';

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
 *   (:LogCheckpoint {size, rootHash, note, signedAt}) signed notes, one per size.
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

export interface StoredCheckpoint {
  size: number;
  rootHash: string;
  note: string;
  /** ISO-8601. */
  signedAt: string;
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

function int(n: number) {
  return neo4j.int(n);
}

function num(value: unknown, what: string): number {
  if (neo4j.isInt(value)) {
    if (!value.inSafeRange()) throw new LogIntegrityError(`${what} is too large for a JS number`);
    return value.toNumber();
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  throw new LogIntegrityError(`${what} is not an integer (got ${String(value)})`);
}

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

interface HeadState {
  size: number;
  frontier: Uint8Array[];
}

function headFrom(sizeValue: unknown, frontierValue: unknown): HeadState {
  const size = sizeValue === null || sizeValue === undefined ? 0 : num(sizeValue, 'LogHead.size');
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
async function lockHead(tx: LogTx): Promise<HeadState> {
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

async function readHead(tx: LogTx): Promise<HeadState> {
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
  const head = await lockHead(tx);
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
  const head = await readHead(tx);
  return { size: head.size, rootHash: toHex(rootFromFrontier(head.frontier)) };
}

export async function logEntryAt(tx: LogTx, index: number): Promise<AppendedEntry | null> {
  const result = await tx.run(
    'MATCH (e:LogEntry {index: $index}) RETURN e.index AS index, e.leafHash AS leafHash, e.entry AS entry',
    { index: int(index) },
  );
  const r = result.records[0];
  return r ? { index: num(r.get('index'), 'LogEntry.index'), leafHash: r.get('leafHash'), entry: r.get('entry') } : null;
}

/** One query for every subtree hash a set of plans needs. */
async function readSubtrees(tx: LogTx, refs: SubtreeRef[]): Promise<Map<string, Uint8Array>> {
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
  const head = await readHead(tx);
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
  const head = await readHead(tx);
  checkSize(toSize, 'toSize', head.size);
  checkSize(fromSize, 'fromSize', toSize);
  const plan = consistencyProofPlan(fromSize, toSize);
  return buildProof(plan, await readSubtrees(tx, subtreesNeeded(plan))).map(toHex);
}

/** Root of the log as it was at `size` leaves, from O(log n) stored subtrees. */
export async function rootAtSize(tx: LogTx, size: number): Promise<string> {
  const head = await readHead(tx);
  checkSize(size, 'size', head.size);
  const plan = rootPlan(size);
  return toHex(foldSubtrees(plan, await readSubtrees(tx, plan)));
}

// ---------------------------------------------------------------------------------------------------------------
// Walk-back detection

export interface LeafRecheck {
  ok: boolean;
  size: number;
  /** Root the head claims (from its frontier). */
  headRoot: string;
  /** Root of the stored entry texts, rehashed. */
  recomputedRoot: string;
  leavesRead: number;
  problems: string[];
}

const PAGE = 5000;
const MAX_PROBLEMS = 20;

/**
 * Rehashes every stored entry text, folds them into a fresh tree and compares with the head; also checks each
 * entry's stored leafHash and every stored perfect subtree, since proofs are served from those. Streams the leaves
 * in index pages, so memory stays O(page + log n). O(n): meant for start-up, audits and before signing.
 */
export async function recomputeRootFromLeaves(tx: LogTx): Promise<LeafRecheck> {
  const head = await readHead(tx);
  const problems: string[] = [];
  const note = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else if (problems.length === MAX_PROBLEMS) problems.push('… more problems not listed');
  };
  let frontier: Uint8Array[] = [];
  let expected = 0;
  let complete = true;
  pages: for (let from = 0; from < head.size; from += PAGE) {
    const to = Math.min(from + PAGE, head.size);
    const result = await tx.run(
      `MATCH (e:LogEntry) WHERE e.index >= $from AND e.index < $to
       RETURN e.index AS index, e.leafHash AS leafHash, e.entry AS entry ORDER BY index`,
      { from: int(from), to: int(to) },
    );
    const completedHere: { key: string; hash: string }[] = [];
    for (const r of result.records) {
      const index = num(r.get('index'), 'LogEntry.index');
      if (index !== expected) {
        // Nothing after a gap can be folded meaningfully; the missing range is the finding.
        note(`entries ${expected}..${index - 1} are missing`);
        complete = false;
        break pages;
      }
      const entry: unknown = r.get('entry');
      const computed = leafHash(utf8(typeof entry === 'string' ? entry : ''));
      if (typeof entry !== 'string') note(`entry ${index} has no text`);
      if (toHex(computed) !== r.get('leafHash')) {
        note(`entry ${index} was edited: its text hashes to ${toHex(computed)} but its leafHash is ${String(r.get('leafHash'))}`);
      }
      const step = appendToFrontier(frontier, index, computed);
      frontier = step.frontier;
      for (const s of step.completed) completedHere.push({ key: subtreeKey(s), hash: toHex(s.hash) });
      expected += 1;
    }
    if (expected !== to) {
      note(`entries ${expected}..${to - 1} are missing`);
      complete = false;
      break;
    }
    const stored = await tx.run(
      'UNWIND $keys AS key OPTIONAL MATCH (s:LogSubtree {key: key}) RETURN key, s.hash AS hash',
      { keys: completedHere.map((c) => c.key) },
    );
    const storedHash = new Map(stored.records.map((r) => [r.get('key') as string, r.get('hash') as string | null]));
    for (const c of completedHere) {
      const got = storedHash.get(c.key);
      if (got !== c.hash) note(`stored subtree ${c.key} is ${got ?? 'missing'}, the leaves give ${c.hash}`);
    }
  }
  const extra = await tx.run('MATCH (e:LogEntry) WHERE e.index >= $size OR e.index < 0 RETURN count(e) AS n', {
    size: int(head.size),
  });
  const extraCount = num(extra.records[0]!.get('n'), 'count');
  if (extraCount > 0) note(`${extraCount} entries lie outside the head's size ${head.size}`);

  const headRoot = toHex(rootFromFrontier(head.frontier));
  const recomputedRoot = complete ? toHex(rootFromFrontier(frontier)) : '';
  if (complete && recomputedRoot !== headRoot) {
    note(`stored leaves recompute to root ${recomputedRoot} but the head says ${headRoot}`);
  }
  return { ok: problems.length === 0, size: head.size, headRoot, recomputedRoot, leavesRead: expected, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Checkpoints

export async function latestCheckpoint(tx: LogTx): Promise<StoredCheckpoint | null> {
  const result = await tx.run(
    `MATCH (c:LogCheckpoint)
     RETURN c.size AS size, c.rootHash AS rootHash, c.note AS note, toString(c.signedAt) AS signedAt
     ORDER BY c.size DESC LIMIT 1`,
  );
  const r = result.records[0];
  return r
    ? { size: num(r.get('size'), 'LogCheckpoint.size'), rootHash: r.get('rootHash'), note: r.get('note'), signedAt: r.get('signedAt') }
    : null;
}

export interface LogAudit {
  ok: boolean;
  head: TreeHead;
  leaves: LeafRecheck;
  /** The latest signed checkpoint, as its verified note says. */
  checkpoint: { size: number; rootHash: string } | null;
  problems: string[];
}

/**
 * Everything walk-back detection checks, without throwing: the stored leaves recompute to the head, and the latest
 * signed checkpoint (its signature checked with `verifier`) is a prefix of the current tree, by a consistency proof
 * served from the same stored subtrees clients get. Use it for /readyz and at start.
 */
export async function auditLog(tx: LogTx, verifier: NoteVerifier | string): Promise<LogAudit> {
  const key = typeof verifier === 'string' ? parseVerifierKey(verifier) : verifier;
  const leaves = await recomputeRootFromLeaves(tx);
  const head: TreeHead = { size: leaves.size, rootHash: leaves.headRoot };
  const problems = [...leaves.problems];
  const stored = await latestCheckpoint(tx);
  let checkpoint: LogAudit['checkpoint'] = null;
  if (stored) {
    try {
      const cp = parseAndVerifyCheckpoint(stored.note, key);
      checkpoint = { size: cp.size, rootHash: cp.rootHash };
      if (cp.size !== stored.size || cp.rootHash !== stored.rootHash) {
        problems.push(`checkpoint node for size ${stored.size} disagrees with its own signed note (size ${cp.size})`);
      }
    } catch (e) {
      problems.push(`latest checkpoint (size ${stored.size}) does not verify with the log key: ${(e as Error).message}`);
    }
  }
  if (checkpoint) {
    if (checkpoint.size > head.size) {
      problems.push(`the log has ${head.size} entries but a checkpoint was signed at size ${checkpoint.size}: entries were removed`);
    } else {
      try {
        const proof = (await consistencyProofFor(tx, checkpoint.size, head.size)).map((h) => fromHexHash(h));
        if (!verifyConsistency(checkpoint.size, head.size, fromHexHash(checkpoint.rootHash), fromHexHash(head.rootHash), proof)) {
          problems.push(`the current tree (size ${head.size}) is not an extension of the checkpoint signed at size ${checkpoint.size}: history was rewritten`);
        }
      } catch (e) {
        problems.push(`cannot prove consistency with the checkpoint at size ${checkpoint.size}: ${(e as Error).message}`);
      }
    }
  }
  return { ok: problems.length === 0, head, leaves, checkpoint, problems };
}

/**
 * Signs a checkpoint of the current tree and stores it, after `auditLog` passes; refuses (throws LogIntegrityError)
 * otherwise, so the log never signs a history that contradicts what it signed before. Holds the head lock, so no
 * append lands between the check and the signature. Returns the existing checkpoint if the tree has not grown.
 */
export async function signNewCheckpoint(
  tx: LogTx,
  key: NoteSigner,
  origin: string,
): Promise<StoredCheckpoint & { created: boolean }> {
  await lockHead(tx);
  const audit = await auditLog(tx, key);
  if (!audit.ok) throw new LogIntegrityError('refusing to sign a checkpoint', audit.problems);
  const { size, rootHash } = audit.head;
  if (audit.checkpoint && audit.checkpoint.size === size) {
    await tx.run('MATCH (h:LogHead {id: $id}) REMOVE h._lock', { id: LOG_HEAD_ID });
    return { ...(await latestCheckpoint(tx))!, created: false };
  }
  const note = signCheckpoint({ origin, size, rootHash }, key);
  const result = await tx.run(
    `MATCH (h:LogHead {id: $id})
     REMOVE h._lock
     CREATE (c:LogCheckpoint {size: $size, rootHash: $rootHash, note: $note, signedAt: datetime()})
     RETURN toString(c.signedAt) AS signedAt`,
    { id: LOG_HEAD_ID, size: int(size), rootHash, note },
  );
  return { size, rootHash, note, signedAt: result.records[0]!.get('signedAt'), created: true };
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
