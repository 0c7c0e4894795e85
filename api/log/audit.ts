import { fromHexHash } from './bytes.js';
import { parseAndVerifyCheckpoint } from './checkpoint.js';
import type { LeafRecheck } from './leaf-recheck.js';
import type { TreeHead } from './log-tree.js';
import { verifyConsistency } from './merkle.js';
import type { NoteVerifier } from './signed-note.js';

/**
 * The walk-back audit's judgements, pure: does the latest stored checkpoint verify with the log's key and agree with
 * its own node, and is the current tree an extension of it. log-service.ts reads what they judge.
 */

export interface LogAudit {
  ok: boolean;
  head: TreeHead;
  leaves: LeafRecheck;
  /** The latest signed checkpoint, as its verified note says. */
  checkpoint: { size: number; rootHash: string } | null;
  problems: string[];
}

/** The latest checkpoint as its signed note says, or null (with the problem) when the note does not verify. */
export function verifiedCheckpoint(
  stored: { size: number; rootHash: string; note: string },
  key: NoteVerifier,
): { checkpoint: { size: number; rootHash: string } | null; problems: string[] } {
  try {
    const cp = parseAndVerifyCheckpoint(stored.note, key);
    const problems =
      cp.size !== stored.size || cp.rootHash !== stored.rootHash
        ? [`checkpoint node for size ${stored.size} disagrees with its own signed note (size ${cp.size})`]
        : [];
    return { checkpoint: { size: cp.size, rootHash: cp.rootHash }, problems };
  } catch (e) {
    return { checkpoint: null, problems: [`latest checkpoint (size ${stored.size}) does not verify with the log key: ${(e as Error).message}`] };
  }
}

/** A checkpoint larger than the tree means entries were removed: no proof can help. */
export function removedEntriesProblem(checkpoint: { size: number }, head: TreeHead): string | null {
  return checkpoint.size > head.size
    ? `the log has ${head.size} entries but a checkpoint was signed at size ${checkpoint.size}: entries were removed`
    : null;
}

/** Checks the consistency proof (hex, from the stored subtrees) from the checkpoint to the current tree. */
export function extensionProblem(checkpoint: { size: number; rootHash: string }, head: TreeHead, proofHex: readonly string[]): string | null {
  const proof = proofHex.map((h) => fromHexHash(h));
  return verifyConsistency(checkpoint.size, head.size, fromHexHash(checkpoint.rootHash), fromHexHash(head.rootHash), proof)
    ? null
    : `the current tree (size ${head.size}) is not an extension of the checkpoint signed at size ${checkpoint.size}: history was rewritten`;
}
