import { toHex } from './bytes.js';
import { appendToFrontier, rootFromFrontier } from './frontier.js';
import { leafHash, subtreeKey } from './merkle.js';
import { utf8, type HeadState } from './log-tree.js';

/**
 * Walk-back detection from the leaves: the stored entry texts are the evidence, everything else (leaf hashes,
 * subtrees, the head) is derived from them and must agree. The comparison only: log-service.ts feeds it the stored
 * entries page by page, and the stored subtrees each page completes.
 */

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

/** A stored entry as read: its text and leafHash are evidence, so they arrive unchecked. */
export interface StoredLeaf {
  index: number;
  leafHash: unknown;
  entry: unknown;
}

const MAX_PROBLEMS = 20;

/** Rehashes entries in index order into a fresh tree; memory stays O(log n) besides the page being read. */
export class LeafRechecker {
  private frontier: Uint8Array[] = [];
  private expected = 0;
  private complete = true;
  private readonly problems: string[] = [];

  constructor(private readonly head: HeadState) {}

  get size(): number {
    return this.head.size;
  }

  private note(problem: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
    else if (this.problems.length === MAX_PROBLEMS) this.problems.push('… more problems not listed');
  }

  /**
   * Folds the stored entries of indexes [from, to) in. Returns the perfect subtrees they completed (whose stored
   * hashes `compareSubtrees` then checks), or null when entries are missing: nothing after a gap can be folded
   * meaningfully, the missing range is the finding.
   */
  fold(rows: readonly StoredLeaf[], to: number): Array<{ key: string; hash: string }> | null {
    const completed: Array<{ key: string; hash: string }> = [];
    for (const r of rows) {
      if (r.index !== this.expected) {
        this.note(`entries ${this.expected}..${r.index - 1} are missing`);
        this.complete = false;
        return null;
      }
      const computed = leafHash(utf8(typeof r.entry === 'string' ? r.entry : ''));
      if (typeof r.entry !== 'string') this.note(`entry ${r.index} has no text`);
      if (toHex(computed) !== r.leafHash) {
        this.note(`entry ${r.index} was edited: its text hashes to ${toHex(computed)} but its leafHash is ${String(r.leafHash)}`);
      }
      const step = appendToFrontier(this.frontier, r.index, computed);
      this.frontier = step.frontier;
      for (const s of step.completed) completed.push({ key: subtreeKey(s), hash: toHex(s.hash) });
      this.expected += 1;
    }
    if (this.expected !== to) {
      this.note(`entries ${this.expected}..${to - 1} are missing`);
      this.complete = false;
      return null;
    }
    return completed;
  }

  /** Proofs are served from the stored subtrees, so each must equal what the leaves give. */
  compareSubtrees(completed: ReadonlyArray<{ key: string; hash: string }>, stored: ReadonlyMap<string, string>): void {
    for (const c of completed) {
      const got = stored.get(c.key);
      if (got !== c.hash) this.note(`stored subtree ${c.key} is ${got ?? 'missing'}, the leaves give ${c.hash}`);
    }
  }

  /** Entries stored outside [0, size) are not in the tree the head describes. */
  entriesOutside(count: number): void {
    if (count > 0) this.note(`${count} entries lie outside the head's size ${this.head.size}`);
  }

  result(): LeafRecheck {
    const headRoot = toHex(rootFromFrontier(this.head.frontier));
    const recomputedRoot = this.complete ? toHex(rootFromFrontier(this.frontier)) : '';
    if (this.complete && recomputedRoot !== headRoot) {
      this.note(`stored leaves recompute to root ${recomputedRoot} but the head says ${headRoot}`);
    }
    return { ok: this.problems.length === 0, size: this.head.size, headRoot, recomputedRoot, leavesRead: this.expected, problems: [...this.problems] };
  }
}
