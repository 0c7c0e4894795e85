import { EMPTY_ROOT, nodeHash, type SubtreeRef } from './merkle.js';

/**
 * The right edge of an append-only tree: the hashes of the perfect subtrees that tile its leaves, largest first
 * (one per set bit of the size). It is all an appender needs to keep: the root is their right fold, and appending a
 * leaf only ever merges the smallest ones, exactly like incrementing a binary counter.
 */

export interface CompletedSubtree extends SubtreeRef {
  hash: Uint8Array;
}

export interface FrontierAppend {
  frontier: Uint8Array[];
  /** Every perfect subtree the append completed, the new leaf (level 0) first. */
  completed: CompletedSubtree[];
}

export function frontierLength(size: number): number {
  let bits = 0;
  for (let n = size; n > 0; n = Math.floor(n / 2)) bits += n % 2;
  return bits;
}

/** Adds leaf number `size` (0-based) to a tree of `size` leaves. */
export function appendToFrontier(frontier: readonly Uint8Array[], size: number, leaf: Uint8Array): FrontierAppend {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad tree size ${size}`);
  if (frontier.length !== frontierLength(size)) {
    throw new Error(`frontier has ${frontier.length} hashes, a tree of ${size} leaves needs ${frontierLength(size)}`);
  }
  const next = frontier.slice();
  const completed: CompletedSubtree[] = [{ level: 0, index: size, hash: leaf }];
  let hash = leaf;
  let level = 0;
  let index = size;
  // A subtree with an odd index is a right child: its left sibling is the frontier's smallest entry, so they merge.
  while (index % 2 === 1) {
    hash = nodeHash(next.pop()!, hash);
    level += 1;
    index = (index - 1) / 2;
    completed.push({ level, index, hash });
  }
  next.push(hash);
  return { frontier: next, completed };
}

export function rootFromFrontier(frontier: readonly Uint8Array[]): Uint8Array {
  if (frontier.length === 0) return EMPTY_ROOT;
  let acc = frontier[frontier.length - 1]!;
  for (let i = frontier.length - 2; i >= 0; i--) acc = nodeHash(frontier[i]!, acc);
  return acc;
}
