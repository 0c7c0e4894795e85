import { ReadGroup } from '../core/read-group.js';
import type { GraphStore } from '../store/graph-store.js';
import {
  countEntriesOutside, latestCheckpoint, lockLogHead, logEntriesBetween, readLogHead, storeCheckpoint, subtreeHashes,
  unlockLogHead, writeLogEntries, writeLogEntry, type StoredCheckpoint,
} from '../store/log.js';
import type { Transaction } from '../store/transaction.js';
import { extensionProblem, removedEntriesProblem, verifiedCheckpoint, type LogAudit } from './audit.js';
import { toHex } from './bytes.js';
import { logOrigin, signCheckpoint } from './checkpoint.js';
import { rootFromFrontier } from './frontier.js';
import { LeafRechecker, type LeafRecheck } from './leaf-recheck.js';
import { checkTreeSize, headState, LogIntegrityError, planAppend, planAppends, subtreeBytes, type AppendedEntry, type TreeHead } from './log-tree.js';
import { buildProof, consistencyProofPlan, foldSubtrees, inclusionProofPlan, rootPlan, subtreeKey, subtreesNeeded, type SubtreeRef } from './merkle.js';
import { parseVerifierKey, type NoteSigner, type NoteVerifier } from './signed-note.js';
import { loadOrCreateSigningKey, type LogSigningKey } from './signing-key.js';

/**
 * The transparency log at work: the tree math of api/log/ over the storage of api/store/log.ts. Every function runs
 * in the caller's transaction (an event and its log entry commit together); `LogService` is the API's handle on the
 * signing key and the audit.
 */

/**
 * Appends one event as the next leaf, in the caller's transaction (call it inside the transaction that records the
 * event). Concurrent appends queue on the head lock, so indexes are dense and in commit order.
 */
export async function appendLogEntry(tx: Transaction, event: object): Promise<AppendedEntry> {
  const append = planAppend(headState(await lockLogHead(tx)), event);
  await writeLogEntry(tx, append);
  return { index: append.index, leafHash: append.leafHash, entry: append.entry };
}

/**
 * Appends several events as consecutive leaves in one tree update: one head lock, one statement, however many events.
 * What a batch of outputs recorded together uses (docs/architecture.md#outputs-in-parallel); the tree is the same as
 * appending them one by one.
 */
export async function appendLogEntries(tx: Transaction, events: readonly object[]): Promise<AppendedEntry[]> {
  return (await appendLogEntriesWith(tx, events, async () => undefined)).entries;
}

/**
 * appendLogEntries, and `alongside` the entries once their indexes are known: its statements are sent with the log's
 * (pipelined in the transaction) instead of after it: what recordOutput stores the outputs' log indexes with.
 */
export async function appendLogEntriesWith<T>(tx: Transaction, events: readonly object[], alongside: (entries: AppendedEntry[]) => Promise<T>): Promise<{ entries: AppendedEntry[]; alongside: T }> {
  if (events.length === 0) return { entries: [], alongside: await alongside([]) };
  const appends = planAppends(headState(await lockLogHead(tx)), events);
  const [, result] = await Promise.all([writeLogEntries(tx, appends), alongside(appends.entries)]);
  return { entries: appends.entries, alongside: result };
}

export async function treeHead(tx: Transaction): Promise<TreeHead> {
  const head = headState(await readLogHead(tx));
  return { size: head.size, rootHash: toHex(rootFromFrontier(head.frontier)) };
}

/** One query for every subtree hash a set of plans needs. */
async function readSubtrees(tx: Transaction, refs: SubtreeRef[]): Promise<Map<string, Uint8Array>> {
  return subtreeBytes(refs, await subtreeHashes(tx, refs.map(subtreeKey)));
}

/** Audit path for leaf `index` in the tree of `treeSize` leaves (default: the current size), hex, bottom-up. */
export async function inclusionProofFor(tx: Transaction, index: number, treeSize?: number): Promise<string[]> {
  const head = headState(await readLogHead(tx));
  const size = treeSize ?? head.size;
  checkTreeSize(size, 'treeSize', head.size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
  }
  const plan = inclusionProofPlan(index, size);
  return buildProof(plan, await readSubtrees(tx, subtreesNeeded(plan))).map(toHex);
}

/**
 * Audit paths of several leaves to the current tree, from one head read and one subtree read: each proof is the one
 * inclusionProofFor(tx, index) gives. A leaf not in the tree gets the RangeError inclusionProofFor would throw.
 */
export async function currentInclusionProofs(tx: Transaction, indexes: readonly number[]): Promise<Map<number, string[] | RangeError>> {
  const head = headState(await readLogHead(tx));
  const plans = new Map<number, ReturnType<typeof inclusionProofPlan> | RangeError>();
  for (const index of indexes) {
    plans.set(index, Number.isSafeInteger(index) && index >= 0 && index < head.size
      ? inclusionProofPlan(index, head.size)
      : new RangeError(`leaf index ${index} is not in a tree of size ${head.size}`));
  }
  const refs = new Map<string, SubtreeRef>();
  for (const plan of plans.values()) if (!(plan instanceof RangeError)) for (const ref of subtreesNeeded(plan)) refs.set(subtreeKey(ref), ref);
  const subtrees = await readSubtrees(tx, [...refs.values()]);
  return new Map([...plans].map(([index, plan]) => [index, plan instanceof RangeError ? plan : buildProof(plan, subtrees).map(toHex)]));
}

/** Consistency proof between two sizes of this log, hex; reads only the LogSubtree nodes it needs, in one query. */
export async function consistencyProofFor(tx: Transaction, fromSize: number, toSize: number): Promise<string[]> {
  const head = headState(await readLogHead(tx));
  checkTreeSize(toSize, 'toSize', head.size);
  checkTreeSize(fromSize, 'fromSize', toSize);
  const plan = consistencyProofPlan(fromSize, toSize);
  return buildProof(plan, await readSubtrees(tx, subtreesNeeded(plan))).map(toHex);
}

/** Root of the log as it was at `size` leaves, from O(log n) stored subtrees. */
export async function rootAtSize(tx: Transaction, size: number): Promise<string> {
  const head = headState(await readLogHead(tx));
  checkTreeSize(size, 'size', head.size);
  const plan = rootPlan(size);
  return toHex(foldSubtrees(plan, await readSubtrees(tx, plan)));
}

const LEAF_PAGE = 5000;

/**
 * Rehashes every stored entry text, folds them into a fresh tree and compares with the head; also checks each
 * entry's stored leafHash and every stored perfect subtree, since proofs are served from those. Streams the leaves
 * in index pages, so memory stays O(page + log n). O(n): meant for start-up, audits and before signing.
 */
export async function recomputeRootFromLeaves(tx: Transaction): Promise<LeafRecheck> {
  const recheck = new LeafRechecker(headState(await readLogHead(tx)));
  for (let from = 0; from < recheck.size; from += LEAF_PAGE) {
    const to = Math.min(from + LEAF_PAGE, recheck.size);
    const completed = recheck.fold(await logEntriesBetween(tx, from, to), to);
    if (completed === null) break;
    recheck.compareSubtrees(completed, await subtreeHashes(tx, completed.map((c) => c.key)));
  }
  recheck.entriesOutside(await countEntriesOutside(tx, recheck.size));
  return recheck.result();
}

/**
 * Everything walk-back detection checks, without throwing: the stored leaves recompute to the head, and the latest
 * signed checkpoint (its signature checked with `verifier`) is a prefix of the current tree, by a consistency proof
 * served from the same stored subtrees clients get. Use it for /readyz and at start.
 */
export async function auditLog(tx: Transaction, verifier: NoteVerifier | string): Promise<LogAudit> {
  const key = typeof verifier === 'string' ? parseVerifierKey(verifier) : verifier;
  const leaves = await recomputeRootFromLeaves(tx);
  const head: TreeHead = { size: leaves.size, rootHash: leaves.headRoot };
  const problems = [...leaves.problems];
  const stored = await latestCheckpoint(tx);
  const verified = stored ? verifiedCheckpoint(stored, key) : { checkpoint: null, problems: [] };
  problems.push(...verified.problems);
  const checkpoint = verified.checkpoint;
  if (checkpoint) {
    const removed = removedEntriesProblem(checkpoint, head);
    if (removed) {
      problems.push(removed);
    } else {
      try {
        const problem = extensionProblem(checkpoint, head, await consistencyProofFor(tx, checkpoint.size, head.size));
        if (problem) problems.push(problem);
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
export async function signNewCheckpoint(tx: Transaction, key: NoteSigner, origin: string): Promise<StoredCheckpoint & { created: boolean }> {
  await lockLogHead(tx);
  const audit = await auditLog(tx, key);
  if (!audit.ok) throw new LogIntegrityError('refusing to sign a checkpoint', audit.problems);
  const { size, rootHash } = audit.head;
  if (audit.checkpoint && audit.checkpoint.size === size) {
    await unlockLogHead(tx);
    return { ...(await latestCheckpoint(tx))!, created: false };
  }
  const note = signCheckpoint({ origin, size, rootHash }, key);
  const signedAt = await storeCheckpoint(tx, { size, rootHash, note });
  return { size, rootHash, note, signedAt, created: true };
}

/**
 * The API's handle on the transparency log: the signing key, checkpoints signed when the tree has grown, and the
 * walk-back audit (stored leaves recompute to the head, the head extends the last signed checkpoint), cached briefly
 * because it reads every leaf.
 */
export class LogService {
  readonly key: LogSigningKey;
  readonly origin: string;
  private lastAudit: { at: number; result: LogAudit } | null = null;
  /** Proofs to the current tree asked for together share their reads (docs/architecture.md#outputs-in-parallel). */
  private readonly proofs: ReadGroup<number, string[] | RangeError>;

  private readonly auditTtlMs: number;

  /** auditTtlMs: how long an audit result is reused (it reads every leaf); 0 audits on every call. */
  constructor(private readonly graph: GraphStore, options: { keyFile: string | null; env?: NodeJS.ProcessEnv; auditTtlMs?: number }) {
    this.auditTtlMs = options.auditTtlMs ?? 30_000;
    this.proofs = new ReadGroup((indexes) => this.graph.readTx((tx) => currentInclusionProofs(tx, indexes)));
    const env = options.env ?? process.env;
    this.origin = logOrigin(env);
    this.key = loadOrCreateSigningKey({ env: env.STRATA_LOG_SIGNING_KEY, ...(options.keyFile ? { file: options.keyFile } : {}), name: this.origin });
  }

  /** The latest checkpoint covering the whole tree, signing a new one only when entries were appended since. */
  async checkpoint(): Promise<StoredCheckpoint> {
    const current = await this.graph.readTx(async (tx) => ({ head: await treeHead(tx), latest: await latestCheckpoint(tx) }));
    if (current.latest && current.latest.size === current.head.size) return current.latest;
    return this.graph.write((tx) => signNewCheckpoint(tx, this.key, this.origin));
  }

  /**
   * The audit path of leaf `index` to the current tree, as inclusionProofFor answers it; requests arriving together
   * (the payloads of a group commit's outputs) read the head and the subtrees once for all of them.
   */
  async inclusionProof(index: number): Promise<string[]> {
    const proof = await this.proofs.load(index);
    if (proof instanceof RangeError) throw proof;
    return proof;
  }

  async audit(options: { fresh?: boolean } = {}): Promise<LogAudit> {
    if (!options.fresh && this.lastAudit && Date.now() - this.lastAudit.at < this.auditTtlMs) return this.lastAudit.result;
    const result = await this.graph.readTx((tx) => auditLog(tx, this.key));
    this.lastAudit = { at: Date.now(), result };
    return result;
  }
}
