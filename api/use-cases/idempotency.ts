import { createHash } from 'node:crypto';
import { canonicalJson } from '../log/canonical-json.js';
import type { GraphStore } from '../store/graph-store.js';
import { writeIdempotently } from '../store/idempotency.js';
import type { ManagedTransaction } from '../store/transaction.js';
import { actorLabel, type Actor } from './actor.js';

/**
 * Every write use-case runs as one transaction, idempotent when the caller sends an `idempotencyKey`: a repeat with
 * the same key and input returns the first answer; with another input it is a CONFLICT (api/store/idempotency.ts has
 * how the key's unique constraint makes that safe). Without a key the write simply runs once per call.
 */
export interface WriteCall<R> {
  /** The GraphQL mutation name: part of the key's scope. */
  mutation: string;
  actor: Actor;
  idempotencyKey: string | null;
  /** The validated input; its hash decides "same request" (see stableJson). */
  input: unknown;
  work: (tx: ManagedTransaction) => Promise<R>;
  /** What a replay returns (default: the result itself), e.g. without a secret shown only once. Must be JSON-safe. */
  replay?: (result: R) => R;
}

export async function runWrite<R>(graph: GraphStore, call: WriteCall<R>): Promise<R> {
  if (!call.idempotencyKey) return graph.write(call.work);
  return writeIdempotently(graph, {
    mutation: call.mutation,
    caller: actorLabel(call.actor),
    idempotencyKey: call.idempotencyKey,
    inputHash: inputHash(call.input),
    work: call.work,
    ...(call.replay ? { replay: call.replay } : {}),
  });
}

/**
 * The common case: the input minus its `idempotencyKey` is what decides "same request", and it is what the work gets.
 */
export async function runInputWrite<I extends { idempotencyKey: string | null }, R>(
  graph: GraphStore,
  mutation: string,
  actor: Actor,
  input: I,
  work: (tx: ManagedTransaction, fields: Omit<I, 'idempotencyKey'>) => Promise<R>,
): Promise<R> {
  const { idempotencyKey, ...fields } = input;
  return runWrite(graph, { mutation, actor, idempotencyKey, input: fields, work: (tx) => work(tx, fields) });
}

/**
 * The input's canonical text: its JSON (bigints as decimal strings; undefined dropped as JSON drops it) in the
 * transparency log's RFC 8785 form, so Strata has one canonical JSON. For every input validation lets through this is
 * the same text the idempotency module's former sorted-keys JSON produced (same key order, same string and number
 * forms), so stored input hashes keep matching. Validated input has no lone surrogates, the one thing RFC 8785
 * refuses that JSON.stringify would escape.
 */
export function stableJson(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
  return canonicalJson(JSON.parse(json));
}

export function inputHash(input: unknown): string {
  return createHash('sha256').update(stableJson(input), 'utf8').digest('hex');
}
