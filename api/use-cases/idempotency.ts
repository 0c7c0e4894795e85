import { createHash } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import type { GraphStore } from '../store/graph-store.js';
import { strataError } from '../core/errors.js';
import { actorLabel, type Actor } from './actor.js';

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
 * again. Without a key the write simply runs once per call.
 */

export interface WriteCall<R> {
  /** The GraphQL mutation name: part of the scope. */
  mutation: string;
  actor: Actor;
  idempotencyKey: string | null;
  /** The validated input; its hash decides "same request" (see stableJson). */
  input: unknown;
  work: (tx: ManagedTransaction) => Promise<R>;
  /** What a replay returns (default: the result itself), e.g. without a secret shown only once. Must be JSON-safe. */
  replay?: (result: R) => R;
}

export const CONSTRAINT_VIOLATION = 'Neo.ClientError.Schema.ConstraintValidationFailed';

export function isConstraintViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === CONSTRAINT_VIOLATION;
}

export function idempotencyScope(mutation: string, actor: Actor): string {
  return `${mutation}:${actorLabel(actor)}`;
}

/** JSON with object keys sorted at every level and bigints as decimal strings: equal inputs, equal text. */
export function stableJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

export function inputHash(input: unknown): string {
  return createHash('sha256').update(stableJson(input), 'utf8').digest('hex');
}

class KeyAlreadyUsed extends Error {}

/** Runs one write transaction, idempotently when the call carries a key. */
export async function runWrite<R>(graph: GraphStore, call: WriteCall<R>): Promise<R> {
  if (!call.idempotencyKey) return graph.write(call.work);
  const scope = idempotencyScope(call.mutation, call.actor);
  const key = `${scope}:${call.idempotencyKey}`;
  const hash = inputHash(call.input);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await graph.write(async (tx) => {
        try {
          await tx.run('CREATE (:IdempotencyKey {key: $key, scope: $scope, inputHash: $hash, createdAt: datetime.statement()})', { key, scope, hash });
        } catch (error) {
          if (isConstraintViolation(error)) throw new KeyAlreadyUsed();
          throw error;
        }
        const result = await call.work(tx);
        const stored = call.replay ? call.replay(result) : result;
        await tx.run('MATCH (k:IdempotencyKey {key: $key}) SET k.result = $result', { key, result: JSON.stringify(stored) });
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
