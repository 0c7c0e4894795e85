import type { ManagedTransaction } from 'neo4j-driver';
import { z } from 'zod';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import { CorpusService, type CorpusState } from '../corpus/corpus-service.js';
import { modelTraining } from '../store/corpus.js';
import { storeOutputAttribution } from '../store/outputs.js';
import type { GraphStore } from '../store/graph-store.js';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { contentHash, normalizeText } from '../core/normalize.js';
import { actorParams, type Actor } from '../contributions/actor.js';
import { rolesFor } from '../core/roles.js';
import { runWrite } from '../contributions/idempotency.js';
import { newLocalId } from '../contributions/ids.js';
import { fieldError, globalIdOf, idempotencyKeyField, optional, textField } from '../contributions/validation.js';

export const recordOutputInput = z.object({
  modelId: globalIdOf('Model'),
  text: textField(),
  /** An empty prompt is the same as none. */
  prompt: optional(textField({ allowEmpty: true })).transform((p) => (p == null || normalizeText(p) === '' ? null : p)),
  fee: optional(z.bigint().refine((fee) => fee >= 0n, 'must not be negative (integer base units)')),
  idempotencyKey: idempotencyKeyField,
});
export type RecordOutputInput = z.output<typeof recordOutputInput>;

export interface RecordOutputResult {
  outputId: string;
}

/** The attribution engine, as recordOutput needs it (ctx.corpus in the API). */
export type OutputAttributor = Pick<CorpusService, 'attributeWithCorpus'>;

/**
 * Records an output of a model. Allowed for the model's owner (their inference service holds their key) and for
 * admins; anyone else is FORBIDDEN. The output is stored with its contentHash (DESIGN.md normalisation), its prompt and
 * fee (BigInt, integer base units, stored as a decimal string), its attribution, its payouts and its log entry, in one
 * transaction.
 *
 * The attribution is computed first, outside the write transaction: the trace runs on the in-memory corpus index and
 * needs only the model's training snapshots, which never change once registered. `engine` defaults to a fresh
 * in-memory corpus (it loads every accepted record: for scripts and tests, not for the API, which passes ctx.corpus).
 */
export async function recordOutput(graph: GraphStore, actor: Actor, input: RecordOutputInput, engine?: OutputAttributor): Promise<RecordOutputResult> {
  const { idempotencyKey, ...fields } = input;
  const training = await modelTraining(graph, fields.modelId);
  if (training === null) throw fieldError(['modelId'], `names no model (${encodeGlobalId('Model', fields.modelId)})`);
  const corpus = engine ?? new CorpusService(graph, { file: null });
  const computed = await corpus.attributeWithCorpus(fields.text, { training, prompt: fields.prompt });
  return runWrite(graph, {
    mutation: 'recordOutput',
    actor,
    idempotencyKey,
    input: fields,
    work: (tx) => recordOutputInTransaction(tx, { actor, ...fields, ...computed }),
  });
}

export interface OutputToRecord {
  actor: Actor;
  /** Local id of the model. */
  modelId: string;
  text: string;
  prompt: string | null;
  fee: bigint | null;
  /** Computed by the engine for this text and model (see recordOutput). */
  attribution: AttributionShape;
  /** The corpus the attribution was computed over, stored so it can be recomputed (verifyAttribution). */
  corpus: CorpusState;
}

/**
 * The whole write of one output, inside the caller's transaction: the output node and its GENERATED_BY edge, then its
 * attribution (INFLUENCED_BY edges), payouts and transparency-log entry, so they commit together or not at all.
 */
export async function recordOutputInTransaction(tx: ManagedTransaction, input: OutputToRecord): Promise<RecordOutputResult> {
  const id = newLocalId('out');
  const hash = contentHash(input.text);
  const created = await tx.run(
    `OPTIONAL MATCH (actor:Contributor {id: $actorId})
     MATCH (m:Model {id: $modelId})
     WITH m, actor
     WHERE $envAdmin OR (actor IS NOT NULL AND (m.ownerId = actor.id OR any(role IN coalesce(actor.roles, []) WHERE role IN $adminRoles)))
     CREATE (o:Output {id: $id, contentHash: $contentHash, text: $text, prompt: $prompt, modelId: m.id, createdAt: datetime.statement(), fee: $fee})
     CREATE (o)-[:GENERATED_BY]->(m)
     RETURN o.id AS id`,
    {
      ...actorParams(input.actor),
      adminRoles: rolesFor('ADMIN'),
      id,
      modelId: input.modelId,
      contentHash: hash,
      text: input.text,
      prompt: input.prompt,
      fee: input.fee === null ? null : input.fee.toString(),
    },
  );
  if (created.records.length === 0) {
    const exists = await tx.run('MATCH (m:Model {id: $modelId}) RETURN m.id AS id', { modelId: input.modelId });
    if (exists.records.length === 0) throw fieldError(['modelId'], `names no model (${encodeGlobalId('Model', input.modelId)})`);
    throw forbidden(`Only the model's owner (or an admin) may record its outputs (${encodeGlobalId('Model', input.modelId)}).`);
  }

  // The attribution, its payouts and its log entry, in this same transaction: all of it commits or none.
  await storeOutputAttribution(tx, { outputId: id, contentHash: hash, modelId: input.modelId, attribution: input.attribution, corpus: input.corpus, fee: input.fee });

  return { outputId: id };
}
