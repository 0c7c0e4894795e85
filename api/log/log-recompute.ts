import { toHex } from './bytes.js';
import { appendToFrontier, rootFromFrontier } from './frontier.js';
import { leafHash, subtreeKey } from './merkle.js';
import { int, toNumber } from '../store/values.js';
import { readLogHead, utf8, type LogTx } from '../store/log.js';

/**
 * Walk-back detection from the leaves: the stored entry texts are the evidence, everything else (leaf hashes,
 * subtrees, the head) is derived from them and must agree.
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

const PAGE = 5000;
const MAX_PROBLEMS = 20;

/**
 * Rehashes every stored entry text, folds them into a fresh tree and compares with the head; also checks each
 * entry's stored leafHash and every stored perfect subtree, since proofs are served from those. Streams the leaves
 * in index pages, so memory stays O(page + log n). O(n): meant for start-up, audits and before signing.
 */
export async function recomputeRootFromLeaves(tx: LogTx): Promise<LeafRecheck> {
  const head = await readLogHead(tx);
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
      const index = toNumber(r.get('index'), 'LogEntry.index');
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
  const extraCount = toNumber(extra.records[0]!.get('n'), 'count');
  if (extraCount > 0) note(`${extraCount} entries lie outside the head's size ${head.size}`);

  const headRoot = toHex(rootFromFrontier(head.frontier));
  const recomputedRoot = complete ? toHex(rootFromFrontier(frontier)) : '';
  if (complete && recomputedRoot !== headRoot) {
    note(`stored leaves recompute to root ${recomputedRoot} but the head says ${headRoot}`);
  }
  return { ok: problems.length === 0, size: head.size, headRoot, recomputedRoot, leavesRead: expected, problems };
}
