import type { GraphStore } from './graph-store.js';
import type { ManagedTransaction, Transaction } from './transaction.js';
import { strataError } from '../core/errors.js';
import { int, toNumber } from './values.js';

/**
 * Idempotent writes, enforced by the unique constraint on `IdempotencyKey.key` (schema/constraints.cypher), never by
 * a read-before-write:
 *
 * 1. The write's transaction first CREATEs `(:IdempotencyKey {key, scope, inputHash})`, with
 *    key = `<mutation>:<caller>:<client key>` (so two callers, or two mutations, never share a key).
 * 2. It does the work and stores the result on the key node (`result`, JSON), and commits both together.
 * 3. A concurrent call with the same key blocks on the constraint's index entry until the first commits, then fails
 *    with a constraint violation (a later call fails at once): it rolls back, having written nothing, reads the stored
 *    key node and returns the stored result if the input hash matches, or CONFLICT if it does not.
 *
 * A call that fails (bad input, FORBIDDEN, a store error) rolls back the key with everything else, so a retry runs
 * again.
 */
export interface IdempotentWrite<R> {
  /** The GraphQL mutation name: part of the scope, and named in a CONFLICT. */
  mutation: string;
  /** Who calls (a contributor id, or `admin-key`): part of the scope. */
  caller: string;
  /** The client's key. */
  idempotencyKey: string;
  /** Decides "same request": a replay with another hash is a CONFLICT. */
  inputHash: string;
  work: (tx: ManagedTransaction) => Promise<R>;
  /** What a replay returns (default: the result itself), e.g. without a secret shown only once. Must be JSON-safe. */
  replay?: (result: R) => R;
}

export const CONSTRAINT_VIOLATION = 'Neo.ClientError.Schema.ConstraintValidationFailed';

export function isConstraintViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === CONSTRAINT_VIOLATION;
}

class KeyAlreadyUsed extends Error {}

/** A key as stored: `<mutation>:<caller>:<client key>`, its scope and the input's hash. */
export interface IdempotencyClaim {
  key: string;
  scope: string;
  hash: string;
}

export function idempotencyClaim(call: Pick<IdempotentWrite<unknown>, 'mutation' | 'caller' | 'idempotencyKey' | 'inputHash'>): IdempotencyClaim {
  const scope = `${call.mutation}:${call.caller}`;
  return { key: `${scope}:${call.idempotencyKey}`, scope, hash: call.inputHash };
}

export const claimIdempotencyKeyCypher = 'CREATE (:IdempotencyKey {key: $key, scope: $scope, inputHash: $hash, createdAt: datetime.statement()})';
export const storeIdempotentResultCypher = 'MATCH (k:IdempotencyKey {key: $key}) SET k.result = $result';

/**
 * Claims the key in the caller's transaction; a key already used (or being used by a transaction not yet committed)
 * fails with a constraint violation, which fails the whole transaction: the caller retries through writeIdempotently,
 * which replays.
 */
export async function claimIdempotencyKey(tx: Transaction, claim: IdempotencyClaim): Promise<void> {
  await tx.run(claimIdempotencyKeyCypher, { key: claim.key, scope: claim.scope, hash: claim.hash });
}

/** Stores what a replay of the key returns (JSON), in the transaction that claimed it. */
export async function storeIdempotentResult(tx: Transaction, key: string, result: unknown): Promise<void> {
  await tx.run(storeIdempotentResultCypher, { key, result: JSON.stringify(result) });
}

export const claimIdempotencyKeysCypher = 'UNWIND $claims AS c CREATE (:IdempotencyKey {key: c.key, scope: c.scope, inputHash: c.hash, createdAt: datetime.statement()})';
export const storeIdempotentResultsCypher = 'UNWIND $rows AS row MATCH (k:IdempotencyKey {key: row.key}) SET k.result = row.result';

/**
 * claimIdempotencyKey for several keys in one statement (a group commit's outputs,
 * docs/architecture.md#outputs-in-parallel): any key already used fails the statement, and with it the transaction.
 */
export async function claimIdempotencyKeys(tx: Transaction, claims: readonly IdempotencyClaim[]): Promise<void> {
  if (claims.length === 0) return;
  await tx.run(claimIdempotencyKeysCypher, { claims: claims.map((c) => ({ key: c.key, scope: c.scope, hash: c.hash })) });
}

/** storeIdempotentResult for several keys in one statement. */
export async function storeIdempotentResults(tx: Transaction, results: ReadonlyArray<{ key: string; result: unknown }>): Promise<void> {
  if (results.length === 0) return;
  await tx.run(storeIdempotentResultsCypher, { rows: results.map((r) => ({ key: r.key, result: JSON.stringify(r.result) })) });
}

/** Runs one write transaction once per key: a repeat returns the first one's stored result. */
export async function writeIdempotently<R>(graph: GraphStore, call: IdempotentWrite<R>): Promise<R> {
  const claim = idempotencyClaim(call);
  const { key, hash } = claim;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await graph.write(async (tx) => {
        try {
          await claimIdempotencyKey(tx, claim);
        } catch (error) {
          if (isConstraintViolation(error)) throw new KeyAlreadyUsed();
          throw error;
        }
        const result = await call.work(tx);
        const stored = call.replay ? call.replay(result) : result;
        await storeIdempotentResult(tx, key, stored);
        return result;
      });
    } catch (error) {
      if (!(error instanceof KeyAlreadyUsed)) throw error;
    }
    // Read on the leader (a write session) so the committed key is visible even on a cluster.
    const stored = await graph.write(async (tx) => {
      const res = await tx.run('MATCH (k:IdempotencyKey {key: $key}) RETURN k.inputHash AS inputHash, k.result AS result', { key });
      return res.records[0]?.toObject() as { inputHash: string; result: string | null } | undefined;
    });
    // Gone again (expired and removed between the two transactions): try the write once more.
    if (!stored) continue;
    if (stored.inputHash !== hash) {
      throw strataError(
        'CONFLICT',
        `idempotencyKey "${call.idempotencyKey}" was already used for a different ${call.mutation} request; use a new key for a new request.`,
        { field: 'idempotencyKey' },
      );
    }
    if (stored.result == null) throw new Error(`The idempotency key ${key} has no stored result.`);
    return JSON.parse(stored.result) as R;
  }
  throw strataError('CONFLICT', `idempotencyKey "${call.idempotencyKey}" is contended; retry.`, { field: 'idempotencyKey' });
}

/** How many expired keys one transaction deletes: small transactions, so a sweep never holds many locks. */
const SWEEP_BATCH = 5_000;

/**
 * Deletes idempotency keys older than `ttlMs`. A key is honoured for at least that long; after it a retry with the
 * same key runs as a new request. Seeks on the createdAt range index (schema/constraints.cypher), in batches.
 */
export async function expireIdempotencyKeys(graph: GraphStore, ttlMs: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - ttlMs).toISOString();
  let removed = 0;
  for (;;) {
    const deleted = await graph.write(async (tx) => {
      const res = await tx.run(
        `MATCH (k:IdempotencyKey) WHERE k.createdAt < datetime($cutoff)
         WITH k LIMIT $batch DELETE k RETURN count(*) AS deleted`,
        { cutoff, batch: int(SWEEP_BATCH) },
      );
      return toNumber(res.records[0]!.get('deleted'));
    });
    removed += deleted;
    if (deleted < SWEEP_BATCH) return removed;
  }
}

/** Sweeps at start and then every `everyMs` in the background; `stop()` ends it (and waits for a running sweep). */
export function scheduleIdempotencyExpiry(
  graph: GraphStore,
  options: { ttlMs: number; everyMs?: number; log?: (line: string) => void },
): { stop(): Promise<void> } {
  const log = options.log ?? (() => {});
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = expireIdempotencyKeys(graph, options.ttlMs).then(
      (n) => { if (n > 0) log(`Expired ${n} idempotency key(s) older than ${options.ttlMs / 3_600_000} h.`); },
      (error: unknown) => log(`Idempotency key sweep failed (will retry): ${(error as Error).message}`),
    );
  };
  sweep();
  const timer = setInterval(sweep, options.everyMs ?? 3_600_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
