import type { AppendedEntry, LogAppend, LogAppends } from '../log/log-tree.js';
import type { StoredLeaf } from '../log/leaf-recheck.js';
import type { Transaction } from './transaction.js';
import { int, toNumber } from './values.js';

/**
 * The transparency log in Neo4j. Every function runs in the caller's transaction, so an event and its log entry
 * commit or roll back together. The tree math is api/log/'s; this module only stores and reads.
 *
 *   (:LogHead {id: 'log', size, frontier})     one node; locking it serialises appends. `frontier` holds the hex
 *                                               hashes of the perfect subtrees tiling the tree, largest first, so
 *                                               the root needs no leaf reads.
 *   (:LogEntry {index, leafHash, entry})        entry = the RFC 8785 canonical JSON that was hashed.
 *   (:LogSubtree {key: '<level>:<index>', hash}) every perfect subtree, written by the append that completes it;
 *                                               proofs read O(log n) of these and never rebuild the tree.
 *   (:LogCheckpoint {size, rootHash, note, signedAt}) signed notes, one per size.
 *
 * Hashes are lowercase hex; integers are sent with int() so they are stored as INTEGER, not FLOAT. Constraints:
 * schema/constraints.cypher.
 */

export const LOG_HEAD_ID = 'log';

/** The head as stored: size and the frontier's hex hashes (checked by api/log/log-tree.ts headState). */
export interface StoredLogHead {
  size: number;
  frontier: string[];
}

export interface StoredCheckpoint {
  size: number;
  rootHash: string;
  note: string;
  /** ISO-8601. */
  signedAt: string;
}

function storedHead(sizeValue: unknown, frontierValue: unknown): StoredLogHead {
  const size = sizeValue === null || sizeValue === undefined ? 0 : toNumber(sizeValue, 'LogHead.size');
  const frontier = Array.isArray(frontierValue) ? (frontierValue as unknown[]).map(String) : [];
  return { size, frontier };
}

/**
 * Takes the log's write lock for the rest of the transaction and returns the head as of that lock. Setting a
 * property is what acquires Neo4j's exclusive node lock, and reads after it see the latest committed state.
 */
export const lockLogHeadCypher = `MERGE (h:LogHead {id: $id})
ON CREATE SET h.size = $zero
SET h._lock = true
RETURN h.size AS size, h.frontier AS frontier`;

export async function lockLogHead(tx: Transaction): Promise<StoredLogHead> {
  const result = await tx.run(lockLogHeadCypher, { id: LOG_HEAD_ID, zero: int(0) });
  const record = result.records[0]!;
  return storedHead(record.get('size'), record.get('frontier'));
}

export const unlockLogHeadCypher = 'MATCH (h:LogHead {id: $id}) REMOVE h._lock';

/** Drops the lock property (the lock itself is held until the transaction ends). */
export async function unlockLogHead(tx: Transaction): Promise<void> {
  await tx.run(unlockLogHeadCypher, { id: LOG_HEAD_ID });
}

export const readLogHeadCypher = 'OPTIONAL MATCH (h:LogHead {id: $id}) RETURN h.size AS size, h.frontier AS frontier';

export async function readLogHead(tx: Transaction): Promise<StoredLogHead> {
  const result = await tx.run(readLogHeadCypher, { id: LOG_HEAD_ID });
  const record = result.records[0];
  return record ? storedHead(record.get('size'), record.get('frontier')) : { size: 0, frontier: [] };
}

export const writeLogEntryCypher = `MATCH (h:LogHead {id: $id})
CREATE (:LogEntry {index: $index, leafHash: $leafHash, entry: $entry})
SET h.size = $size, h.frontier = $frontier
REMOVE h._lock
WITH h
UNWIND $subtrees AS s
CREATE (:LogSubtree {key: s.key, hash: s.hash})`;

/** Writes one planned append (api/log/log-tree.ts planAppend) under the head lock taken by lockLogHead. */
export async function writeLogEntry(tx: Transaction, append: LogAppend): Promise<void> {
  await tx.run(writeLogEntryCypher, {
    id: LOG_HEAD_ID,
    index: int(append.index),
    leafHash: append.leafHash,
    entry: append.entry,
    size: int(append.size),
    frontier: append.frontier,
    subtrees: append.subtrees,
  });
}

export const writeLogEntriesCypher = `MATCH (h:LogHead {id: $id})
SET h.size = $size, h.frontier = $frontier
REMOVE h._lock
WITH h
CALL (h) {
  UNWIND $entries AS e
  CREATE (:LogEntry {index: e.index, leafHash: e.leafHash, entry: e.entry})
}
CALL (h) {
  UNWIND $subtrees AS s
  CREATE (:LogSubtree {key: s.key, hash: s.hash})
}`;

/** Writes several planned appends (api/log/log-tree.ts planAppends) as one tree update, under the head lock. */
export async function writeLogEntries(tx: Transaction, appends: LogAppends): Promise<void> {
  await tx.run(writeLogEntriesCypher, {
    id: LOG_HEAD_ID,
    entries: appends.entries.map((e) => ({ index: int(e.index), leafHash: e.leafHash, entry: e.entry })),
    size: int(appends.size),
    frontier: appends.frontier,
    subtrees: appends.subtrees,
  });
}

export const logEntryAtCypher = 'MATCH (e:LogEntry {index: $index}) RETURN e.index AS index, e.leafHash AS leafHash, e.entry AS entry';

export async function logEntryAt(tx: Transaction, index: number): Promise<AppendedEntry | null> {
  const result = await tx.run(logEntryAtCypher, { index: int(index) });
  const r = result.records[0];
  return r ? { index: toNumber(r.get('index'), 'LogEntry.index'), leafHash: r.get('leafHash'), entry: r.get('entry') } : null;
}

export const logEntriesAtCypher = 'UNWIND $indexes AS i MATCH (e:LogEntry {index: i}) RETURN e.index AS index, e.leafHash AS leafHash, e.entry AS entry';

/** Several entries by index in one statement (the per-request loader's batch); an index past the end is absent. */
export async function logEntriesAt(tx: Transaction, indexes: readonly number[]): Promise<Map<number, AppendedEntry>> {
  if (indexes.length === 0) return new Map();
  const result = await tx.run(logEntriesAtCypher, { indexes: indexes.map((i) => int(i)) });
  return new Map(result.records.map((r) => {
    const index = toNumber(r.get('index'), 'LogEntry.index');
    return [index, { index, leafHash: r.get('leafHash'), entry: r.get('entry') }];
  }));
}

export const logEntriesCypher = `MATCH (e:LogEntry) WHERE e.index >= $from AND e.index < $to
RETURN e.index AS index, e.leafHash AS leafHash, e.entry AS entry ORDER BY index`;

/** The stored entries with index in [from, to), in index order, as stored (text and leafHash unchecked). */
export async function logEntriesBetween(tx: Transaction, from: number, to: number): Promise<StoredLeaf[]> {
  const result = await tx.run(logEntriesCypher, { from: int(from), to: int(to) });
  return result.records.map((r) => ({ index: toNumber(r.get('index'), 'LogEntry.index'), leafHash: r.get('leafHash'), entry: r.get('entry') }));
}

export const entriesOutsideCypher = 'MATCH (e:LogEntry) WHERE e.index >= $size OR e.index < 0 RETURN count(e) AS n';

/** How many stored entries lie outside [0, size). */
export async function countEntriesOutside(tx: Transaction, size: number): Promise<number> {
  const result = await tx.run(entriesOutsideCypher, { size: int(size) });
  return toNumber(result.records[0]!.get('n'), 'count');
}

export const subtreeHashesCypher = 'UNWIND $keys AS key MATCH (s:LogSubtree {key: key}) RETURN s.key AS key, s.hash AS hash';

/** The stored hashes (hex) of these perfect subtrees, in one query; a key with no subtree is absent from the map. */
export async function subtreeHashes(tx: Transaction, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const result = await tx.run(subtreeHashesCypher, { keys: [...keys] });
  return new Map(result.records.map((r) => [r.get('key') as string, String(r.get('hash'))]));
}

export const latestCheckpointCypher = `MATCH (c:LogCheckpoint)
RETURN c.size AS size, c.rootHash AS rootHash, c.note AS note, toString(c.signedAt) AS signedAt
ORDER BY c.size DESC LIMIT 1`;

export async function latestCheckpoint(tx: Transaction): Promise<StoredCheckpoint | null> {
  const result = await tx.run(latestCheckpointCypher);
  const r = result.records[0];
  return r
    ? { size: toNumber(r.get('size'), 'LogCheckpoint.size'), rootHash: r.get('rootHash'), note: r.get('note'), signedAt: r.get('signedAt') }
    : null;
}

export const storeCheckpointCypher = `MATCH (h:LogHead {id: $id})
REMOVE h._lock
CREATE (c:LogCheckpoint {size: $size, rootHash: $rootHash, note: $note, signedAt: datetime()})
RETURN toString(c.signedAt) AS signedAt`;

/** Stores a signed checkpoint (and drops the head's lock property); returns when it was signed (ISO-8601). */
export async function storeCheckpoint(tx: Transaction, checkpoint: { size: number; rootHash: string; note: string }): Promise<string> {
  const result = await tx.run(storeCheckpointCypher, { id: LOG_HEAD_ID, size: int(checkpoint.size), rootHash: checkpoint.rootHash, note: checkpoint.note });
  return result.records[0]!.get('signedAt');
}
