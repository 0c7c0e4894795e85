import { fromHexHash } from './bytes.js';
import { parseAndVerifyCheckpoint, signCheckpoint } from './checkpoint.js';
import { verifyConsistency } from './merkle.js';
import { int, toNumber } from '../store/values.js';
import { recomputeRootFromLeaves, type LeafRecheck } from './log-recompute.js';
import { LOG_HEAD_ID, LogIntegrityError, consistencyProofFor, lockLogHead, type LogTx, type TreeHead } from '../store/log.js';
import { parseVerifierKey, type NoteSigner, type NoteVerifier } from './signed-note.js';

/**
 * Signed checkpoints, stored as (:LogCheckpoint {size, rootHash, note, signedAt}), and the audit that guards them:
 * the log only signs a tree whose leaves recompute to its head and which extends the last tree it signed.
 */

export interface StoredCheckpoint {
  size: number;
  rootHash: string;
  note: string;
  /** ISO-8601. */
  signedAt: string;
}

export async function latestCheckpoint(tx: LogTx): Promise<StoredCheckpoint | null> {
  const result = await tx.run(
    `MATCH (c:LogCheckpoint)
     RETURN c.size AS size, c.rootHash AS rootHash, c.note AS note, toString(c.signedAt) AS signedAt
     ORDER BY c.size DESC LIMIT 1`,
  );
  const r = result.records[0];
  return r
    ? { size: toNumber(r.get('size'), 'LogCheckpoint.size'), rootHash: r.get('rootHash'), note: r.get('note'), signedAt: r.get('signedAt') }
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
  await lockLogHead(tx);
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
