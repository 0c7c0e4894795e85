import { z } from 'zod';
import { MissingCoalitionError } from '../attribution/coalition-scores.js';
import { describeDatanets, MAX_COALITION_PLAYERS, MAX_COALITION_SCORES, shapleyFromTable } from '../attribution/datanet-shapley.js';
import { MAX_EXACT_PLAYERS } from '../attribution/shapley.js';
import { badInput, forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { rolesFor } from '../core/roles.js';
import { lockModelForCoalitionScores, writeCoalitionScores } from '../store/coalitions.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Transaction } from '../store/transaction.js';
import { holdsRole, type Actor } from './actor.js';
import { runWrite } from './idempotency.js';
import { fieldError, globalIdOf, idempotencyKeyField } from './validation.js';

export const submitCoalitionScoresInput = z.object({
  modelId: globalIdOf('Model'),
  scores: z
    .array(
      z.object({
        datanetIds: z.array(globalIdOf('Datanet')).max(MAX_COALITION_PLAYERS, `names at most ${MAX_COALITION_PLAYERS} datanets`),
        score: z.number().refine((s) => Number.isFinite(s), 'must be a finite number'),
      }),
    )
    .min(1, 'needs at least one coalition score')
    .max(MAX_COALITION_SCORES, `takes at most ${MAX_COALITION_SCORES} coalition scores`),
  idempotencyKey: idempotencyKeyField,
});
export type SubmitCoalitionScoresInput = z.output<typeof submitCoalitionScoresInput>;

/**
 * Stores a model's coalition scores (replacing earlier ones), from which Model.datanetShapley is computed. Who may
 * submit: the model's owner, a builder of one of its adapters, or an admin. In one transaction, with the model
 * locked: check who asks, check every datanet is one the model was trained on, check the table is complete enough to
 * compute the values from, write it.
 */
export async function submitCoalitionScores(graph: GraphStore, actor: Actor, input: SubmitCoalitionScoresInput): Promise<{ modelId: string }> {
  const { idempotencyKey, ...fields } = input;
  return runWrite(graph, {
    mutation: 'submitCoalitionScores',
    actor,
    idempotencyKey,
    input: fields,
    work: (tx) => submitInTransaction(tx, actor, fields),
  });
}

async function submitInTransaction(tx: Transaction, actor: Actor, input: Omit<SubmitCoalitionScoresInput, 'idempotencyKey'>) {
  const model = await lockModelForCoalitionScores(tx, { modelId: input.modelId, actorId: actor.contributorId });
  const gid = encodeGlobalId('Model', input.modelId);
  if (!model.exists) throw fieldError(['modelId'], `names no model (${gid})`);
  const allowed =
    holdsRole(actor, model.roles, rolesFor('ADMIN')) ||
    (actor.contributorId !== null && (model.ownerId === actor.contributorId || model.builders.includes(actor.contributorId)));
  if (!allowed) throw forbidden(`Only the owner of ${gid}, a builder of one of its adapters, or an admin may submit its coalition scores.`);

  const modelDatanets = new Set(model.datanets);
  input.scores.forEach((entry, i) => {
    entry.datanetIds.forEach((id, j) => {
      if (!modelDatanets.has(id)) {
        throw fieldError(['scores', i, 'datanetIds', j], `(${encodeGlobalId('Datanet', id)}) is not a datanet this model was trained on (its datanets: ${describeDatanets([...modelDatanets].sort())})`);
      }
    });
  });
  const players = [...new Set(input.scores.flatMap((e) => e.datanetIds))].sort();
  if (players.length === 0) throw fieldError(['scores'], 'names no datanet: score at least one non-empty coalition');
  checkComputable(input.modelId, players, input.scores);

  await writeCoalitionScores(tx, { modelId: input.modelId, players, scores: input.scores, submittedBy: actor.contributorId });
  return { modelId: input.modelId };
}

/** Refuses a table the values cannot be computed from, naming the missing coalition. */
function checkComputable(modelId: string, players: string[], scores: SubmitCoalitionScoresInput['scores']): void {
  try {
    shapleyFromTable(modelId, players, scores);
  } catch (error) {
    if (error instanceof MissingCoalitionError) {
      const how =
        players.length <= MAX_EXACT_PLAYERS
          ? `exact Shapley over these ${players.length} datanets needs a score for every one of the ${2 ** players.length - 1} non-empty coalitions (the empty coalition is 0 unless given)`
          : `the sampled estimate over these ${players.length} datanets needs every coalition listed by Model.coalitionsToScore`;
      throw badInput(`scores has no score for the coalition ${describeDatanets(error.datanetIds)}: ${how}.`, 'scores');
    }
    if (error instanceof RangeError) throw badInput(`scores: ${error.message.replace(/datanet (\S+)/g, (_, id: string) => `datanet ${encodeGlobalId('Datanet', id)}`)}.`, 'scores');
    throw error;
  }
}
