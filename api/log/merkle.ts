import { createHash } from 'node:crypto';
import { bytesEqual } from './bytes.js';

/**
 * RFC 6962 (section 2.1) Merkle tree hashing with SHA-256, proof generation and verification.
 *
 * Proof generation is split in two so a store never has to rebuild the tree: a *plan* names the perfect subtrees
 * whose hashes the proof is made of (O(log n) of them), then `buildProof` assembles the proof from a map of just
 * those hashes. A perfect subtree `{ level, index }` covers the 2^level leaves starting at leaf index * 2^level; once
 * complete its hash never changes, so it can be stored the moment the append that completes it commits.
 *
 * Tree sizes and indexes are plain numbers but never go through 32-bit bitwise operators, so any safe integer works.
 */

export const HASH_SIZE = 32;

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Uint8Array = sha256();

export function leafHash(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** The RFC 6962 split point k of an n-leaf tree (n > 1): the largest power of two strictly below n. */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`splitPoint needs an integer n >= 2, got ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Root of the tree whose leaves have these hashes. */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  return rangeHash(leafHashes, 0, leafHashes.length);
}

function rangeHash(leaves: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 1) return leaves[start]!;
  const k = splitPoint(n);
  return nodeHash(rangeHash(leaves, start, start + k), rangeHash(leaves, start + k, end));
}

// ---------------------------------------------------------------------------------------------------------------
// Perfect subtrees and proof plans

export interface SubtreeRef {
  level: number;
  index: number;
}

/** The storage key of a perfect subtree, `<level>:<index>`. */
export function subtreeKey(ref: SubtreeRef): string {
  return `${ref.level}:${ref.index}`;
}

/**
 * The perfect subtrees that tile leaves [start, end), largest first. For every range an RFC 6962 proof can contain
 * (an aligned perfect subtree, or a run that ends at the tree's right edge) the range's hash is the right fold
 * `node(s1, node(s2, … sN))` of these, which is what `foldSubtrees` computes.
 */
export function perfectSubtrees(start: number, end: number): SubtreeRef[] {
  const refs: SubtreeRef[] = [];
  let pos = start;
  while (pos < end) {
    let size = 1;
    let level = 0;
    while (pos % (size * 2) === 0 && pos + size * 2 <= end) {
      size *= 2;
      level += 1;
    }
    refs.push({ level, index: pos / size });
    pos += size;
  }
  return refs;
}

/** Perfect subtrees whose fold is the root of a tree of `treeSize` leaves (its right-edge frontier). */
export function rootPlan(treeSize: number): SubtreeRef[] {
  assertSize(treeSize, 'treeSize');
  return perfectSubtrees(0, treeSize);
}

/** One entry per proof hash, bottom-up as RFC 6962 orders them; each entry is the subtrees its hash folds. */
export type ProofPlan = SubtreeRef[][];

/** RFC 6962 PATH(index, D[treeSize]), as a plan. */
export function inclusionProofPlan(index: number, treeSize: number): ProofPlan {
  assertSize(treeSize, 'treeSize');
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${treeSize}`);
  }
  const plan: ProofPlan = [];
  const path = (start: number, n: number): void => {
    if (n === 1) return;
    const k = splitPoint(n);
    if (index - start < k) {
      path(start, k);
      plan.push(perfectSubtrees(start + k, start + n));
    } else {
      path(start + k, n - k);
      plan.push(perfectSubtrees(start, start + k));
    }
  };
  path(0, treeSize);
  return plan;
}

/** RFC 6962 PROOF(fromSize, D[toSize]), as a plan; empty when fromSize is 0 or equals toSize. */
export function consistencyProofPlan(fromSize: number, toSize: number): ProofPlan {
  assertSize(fromSize, 'fromSize');
  assertSize(toSize, 'toSize');
  if (fromSize > toSize) throw new RangeError(`fromSize ${fromSize} is larger than toSize ${toSize}`);
  const plan: ProofPlan = [];
  if (fromSize === 0 || fromSize === toSize) return plan;
  const subproof = (m: number, start: number, n: number, wholeOldTree: boolean): void => {
    if (m === n) {
      if (!wholeOldTree) plan.push(perfectSubtrees(start, start + n));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      subproof(m, start, k, wholeOldTree);
      plan.push(perfectSubtrees(start + k, start + n));
    } else {
      subproof(m - k, start + k, n - k, false);
      plan.push(perfectSubtrees(start, start + k));
    }
  };
  subproof(fromSize, 0, toSize, true);
  return plan;
}

/** The distinct subtrees a plan reads, in first-use order: what a store has to fetch. */
export function subtreesNeeded(...plans: ProofPlan[]): SubtreeRef[] {
  const seen = new Map<string, SubtreeRef>();
  for (const plan of plans) {
    for (const node of plan) {
      for (const ref of node) if (!seen.has(subtreeKey(ref))) seen.set(subtreeKey(ref), ref);
    }
  }
  return [...seen.values()];
}

/** Hashes keyed by `subtreeKey`. */
export type SubtreeHashes = ReadonlyMap<string, Uint8Array>;

/** Right fold of perfect-subtree hashes; the empty list is the empty tree. */
export function foldSubtrees(refs: readonly SubtreeRef[], hashes: SubtreeHashes): Uint8Array {
  if (refs.length === 0) return EMPTY_ROOT;
  let acc: Uint8Array | undefined;
  for (let i = refs.length - 1; i >= 0; i--) {
    const key = subtreeKey(refs[i]!);
    const h = hashes.get(key);
    if (!h) throw new Error(`missing hash of perfect subtree ${key}`);
    acc = acc ? nodeHash(h, acc) : h;
  }
  return acc!;
}

export function buildProof(plan: ProofPlan, hashes: SubtreeHashes): Uint8Array[] {
  return plan.map((node) => foldSubtrees(node, hashes));
}

/** Hash of one perfect subtree computed from the leaves; for in-memory trees and tests, not for stores. */
export function perfectSubtreeHash(leafHashes: readonly Uint8Array[], ref: SubtreeRef): Uint8Array {
  const size = 2 ** ref.level;
  const start = ref.index * size;
  if (start + size > leafHashes.length) throw new RangeError(`subtree ${subtreeKey(ref)} is not complete`);
  return rangeHash(leafHashes, start, start + size);
}

function hashesFromLeaves(leafHashes: readonly Uint8Array[], refs: SubtreeRef[]): Map<string, Uint8Array> {
  return new Map(refs.map((ref) => [subtreeKey(ref), perfectSubtreeHash(leafHashes, ref)]));
}

/** A proof over in-memory leaves: the plan for a tree of `treeSize` leaves, folded from the leaves' subtrees. */
function proofFromLeaves(leafHashes: readonly Uint8Array[], treeSize: number, plan: () => ProofPlan): Uint8Array[] {
  if (treeSize > leafHashes.length) throw new RangeError(`tree size ${treeSize} exceeds ${leafHashes.length} leaves`);
  const steps = plan();
  return buildProof(steps, hashesFromLeaves(leafHashes, subtreesNeeded(steps)));
}

export function inclusionProof(leafHashes: readonly Uint8Array[], index: number, treeSize: number = leafHashes.length): Uint8Array[] {
  return proofFromLeaves(leafHashes, treeSize, () => inclusionProofPlan(index, treeSize));
}

export function consistencyProof(leafHashes: readonly Uint8Array[], fromSize: number, toSize: number = leafHashes.length): Uint8Array[] {
  return proofFromLeaves(leafHashes, toSize, () => consistencyProofPlan(fromSize, toSize));
}

// ---------------------------------------------------------------------------------------------------------------
// Verification. Both verifiers replay the generator's recursion to learn where each proof hash sits, so a proof is
// accepted only if it has exactly the shape the sizes imply; they return false rather than throw on any bad input.

function isHash(h: unknown): h is Uint8Array {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(leaf) || !isHash(root) || !isSize(index) || !isSize(treeSize) || index >= treeSize) return false;
  if (!Array.isArray(proof) || !proof.every(isHash)) return false;
  // Top-down: is the sibling at each depth on the left?
  const siblingOnLeft: boolean[] = [];
  let start = 0;
  let n = treeSize;
  while (n > 1) {
    const k = splitPoint(n);
    if (index - start < k) {
      siblingOnLeft.push(false);
      n = k;
    } else {
      siblingOnLeft.push(true);
      start += k;
      n -= k;
    }
  }
  if (proof.length !== siblingOnLeft.length) return false;
  let acc = leaf;
  for (let i = 0; i < proof.length; i++) {
    const sibling = proof[i]!;
    acc = siblingOnLeft[siblingOnLeft.length - 1 - i] ? nodeHash(sibling, acc) : nodeHash(acc, sibling);
  }
  return bytesEqual(acc, root);
}

export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSize(fromSize) || !isSize(toSize) || fromSize > toSize) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  if (fromSize === 0) return proof.length === 0 && bytesEqual(fromRoot, EMPTY_ROOT);
  if (fromSize === toSize) return proof.length === 0 && bytesEqual(fromRoot, toRoot);

  // The generator appends each level's hash after the deeper ones, so consume from the end, outermost first.
  let next = proof.length;
  const take = (): Uint8Array | undefined => (next > 0 ? proof[--next] : undefined);
  // Returns the hashes of the old and the new tree restricted to this range, or undefined if the proof is short.
  const replay = (m: number, n: number, wholeOldTree: boolean): { old: Uint8Array; new: Uint8Array } | undefined => {
    if (m === n) {
      if (wholeOldTree) return { old: fromRoot, new: fromRoot };
      const h = take();
      return h && { old: h, new: h };
    }
    const k = splitPoint(n);
    const sibling = take();
    if (!sibling) return undefined;
    if (m <= k) {
      const inner = replay(m, k, wholeOldTree);
      return inner && { old: inner.old, new: nodeHash(inner.new, sibling) };
    }
    const inner = replay(m - k, n - k, false);
    return inner && { old: nodeHash(sibling, inner.old), new: nodeHash(sibling, inner.new) };
  };
  const result = replay(fromSize, toSize, true);
  return result !== undefined && next === 0 && bytesEqual(result.old, fromRoot) && bytesEqual(result.new, toRoot);
}

function assertSize(n: number, what: string): void {
  if (!isSize(n)) throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
}
