import { fromHexHash, toHex } from './bytes.js';
import { canonicalJson } from './canonical-json.js';
import { appendToFrontier, frontierLength } from './frontier.js';
import { leafHash, subtreeKey, type SubtreeRef } from './merkle.js';

/**
 * The log's tree as the store keeps it, in pure functions: the head (size and frontier, hex in the graph, bytes here),
 * what one append writes, and the stored perfect subtrees proofs are served from. The store (api/store/log.ts) reads
 * and writes these shapes; api/log/log-service.ts puts the two together.
 */

export interface HeadState {
  size: number;
  frontier: Uint8Array[];
}

export interface TreeHead {
  size: number;
  rootHash: string;
}

export interface AppendedEntry {
  index: number;
  leafHash: string;
  entry: string;
}

/** Everything one append writes: the entry, the new head and every perfect subtree the append completed (hex). */
export interface LogAppend extends AppendedEntry {
  size: number;
  frontier: string[];
  subtrees: Array<{ key: string; hash: string }>;
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

/** The stored head (size, hex frontier) as bytes, refused when its frontier does not fit its size. */
export function headState(stored: { size: number; frontier: readonly string[] }): HeadState {
  const frontier = stored.frontier.map((h, i) => fromHexHash(String(h), `LogHead.frontier[${i}]`));
  if (frontier.length !== frontierLength(stored.size)) {
    throw new LogIntegrityError(`LogHead.frontier has ${frontier.length} hashes but a tree of ${stored.size} needs ${frontierLength(stored.size)}`);
  }
  return { size: stored.size, frontier };
}

/** What appending `event` (hashed as its RFC 8785 canonical JSON) to the tree with this head writes. */
export function planAppend(head: HeadState, event: object): LogAppend {
  const entry = canonicalJson(event);
  const leaf = leafHash(utf8(entry));
  const next = appendToFrontier(head.frontier, head.size, leaf);
  return {
    index: head.size,
    leafHash: toHex(leaf),
    entry,
    size: head.size + 1,
    frontier: next.frontier.map(toHex),
    subtrees: next.completed.map((s) => ({ key: subtreeKey(s), hash: toHex(s.hash) })),
  };
}

/**
 * What appending several events, in order, writes as one tree update: each entry with its index, the head after the
 * last, and every perfect subtree any of them completed. The same tree as appending them one by one.
 */
export interface LogAppends {
  entries: AppendedEntry[];
  size: number;
  frontier: string[];
  subtrees: Array<{ key: string; hash: string }>;
}

export function planAppends(head: HeadState, events: readonly object[]): LogAppends {
  let frontier = head.frontier;
  let size = head.size;
  const entries: AppendedEntry[] = [];
  const subtrees: Array<{ key: string; hash: string }> = [];
  for (const event of events) {
    const entry = canonicalJson(event);
    const leaf = leafHash(utf8(entry));
    const next = appendToFrontier(frontier, size, leaf);
    entries.push({ index: size, leafHash: toHex(leaf), entry });
    subtrees.push(...next.completed.map((s) => ({ key: subtreeKey(s), hash: toHex(s.hash) })));
    frontier = next.frontier;
    size += 1;
  }
  return { entries, size, frontier: frontier.map(toHex), subtrees };
}

/** The stored hashes of the subtrees a plan needs, as bytes; every one must be there. */
export function subtreeBytes(refs: readonly SubtreeRef[], stored: ReadonlyMap<string, string>): Map<string, Uint8Array> {
  const hashes = new Map<string, Uint8Array>();
  for (const key of refs.map(subtreeKey)) {
    const hex = stored.get(key);
    if (hex !== undefined) hashes.set(key, fromHexHash(String(hex), `LogSubtree ${key}`));
  }
  const missing = refs.map(subtreeKey).filter((k) => !hashes.has(k));
  if (missing.length) throw new LogIntegrityError('log store is missing perfect subtrees', missing.map((k) => `no LogSubtree ${k}`));
  return hashes;
}

/** A requested tree size: a non-negative integer no larger than `max`. */
export function checkTreeSize(size: number, what: string, max: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${what} must be a non-negative integer, got ${size}`);
  if (size > max) throw new RangeError(`${what} ${size} is larger than the log (size ${max})`);
}
