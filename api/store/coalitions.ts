import type { ManagedTransaction } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { actorParams, holdsRole, type Actor } from '../contributions/actor.js';
import { rolesFor } from '../core/roles.js';
import { runWrite } from '../contributions/idempotency.js';
import { fieldError, globalIdOf, idempotencyKeyField } from '../contributions/validation.js';
import { hashString32 } from '../dedup/hash32.js';
import type { GraphStore } from './graph-store.js';
import { plainValue } from './values.js';
import { badInput, forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { MissingCoalitionError, parseCoalitionScores, type CoalitionScore } from '../attribution/coalition-scores.js';
import { exactShapley, MAX_EXACT_PLAYERS, sampledShapley, type SampledPlayerValue } from '../attribution/shapley.js';
import { seededRandom, shuffled } from '../attribution/seeded-random.js';

/**
 * Dataset-level Shapley values from coalition scores a model's builder measured offline (e.g. the eval accuracy of the
 * model trained on each subset of its datanets). Stored per model, replaced by the next submission:
 *
 *   (:Model)-[:HAS_COALITION_SCORES]->(:CoalitionScores {modelId, datanetIds, scores (JSON), coalitionCount,
 *                                                         submittedBy, submittedAt})
 *
 * The players are the datanets named in the scores (each must be one the model's adapters were trained on), so a
 * builder can value a subset of them. Up to 15 players the values are exact and every non-empty coalition must be
 * scored (the empty one is 0 unless given). Beyond, they are Monte Carlo estimates over SAMPLED_PERMUTATIONS player
 * orders drawn from a seed fixed by the model id, with standard errors; every prefix of those orders must be scored,
 * and `coalitionsToScore` lists them. Values are recomputed from the stored table on every read (cheap), so they are
 * never out of step with it.
 */

export const SAMPLED_PERMUTATIONS = 200;
/** Large enough for 15 datanets (2^15 − 1 coalitions), bounded so one request stays small. */
export const MAX_COALITION_SCORES = 40_000;
export const MAX_COALITION_PLAYERS = 64;

export type ShapleyMethod = 'EXACT' | 'SAMPLED';

export interface DatanetShapleyShape {
  modelId: string;
  method: ShapleyMethod;
  values: SampledPlayerValue[];
  coalitionCount: number;
  /** Player orders sampled (SAMPLED only). */
  permutations: number | null;
  seed: number | null;
  /** v(all players) − v(∅): what the values add up to (exactly for EXACT, by construction for SAMPLED). */
  total: number;
  submittedBy: string | null;
  submittedAt: string;
}

export const shapleySeed = (modelId: string) => hashString32(`datanet-shapley:${modelId}`);

/** The player orders a SAMPLED computation walks, and so the coalitions it needs (every prefix). */
export function sampledOrders(players: readonly string[], seed: number, permutations = SAMPLED_PERMUTATIONS): string[][] {
  const random = seededRandom(seed);
  return Array.from({ length: permutations }, () => shuffled(players, random));
}

/** Coalitions whose scores a computation over these players needs, smallest first (the empty one is optional). */
export function coalitionsToScore(players: readonly string[], seed: number): { method: ShapleyMethod; coalitions: string[][]; permutations: number | null } {
  const sorted = [...players].sort();
  if (sorted.length <= MAX_EXACT_PLAYERS) {
    const coalitions: string[][] = [];
    for (let mask = 1; mask < 1 << sorted.length; mask++) coalitions.push(sorted.filter((_, i) => mask & (1 << i)));
    return { method: 'EXACT', coalitions: coalitions.sort((a, b) => a.length - b.length), permutations: null };
  }
  const seen = new Map<string, string[]>();
  for (const order of sampledOrders(sorted, seed)) {
    for (let k = 1; k <= order.length; k++) {
      const coalition = order.slice(0, k).sort();
      seen.set(coalition.join('\u0000'), coalition);
    }
  }
  return { method: 'SAMPLED', coalitions: [...seen.values()].sort((a, b) => a.length - b.length || (a.join() < b.join() ? -1 : 1)), permutations: SAMPLED_PERMUTATIONS };
}

/**
 * Shapley values of the stored table. Throws MissingCoalitionError (naming the coalition) when a score it needs is
 * absent and RangeError for a malformed table.
 */
export function shapleyFromTable(modelId: string, players: readonly string[], scores: readonly CoalitionScore[]): Omit<DatanetShapleyShape, 'submittedBy' | 'submittedAt'> {
  const sorted = [...players].sort();
  const table = parseCoalitionScores(sorted, scores);
  const all = (1n << BigInt(sorted.length)) - 1n;
  if (sorted.length <= MAX_EXACT_PLAYERS) {
    const missing = table.firstMissing();
    if (missing !== undefined) throw new MissingCoalitionError(missing);
    const values = exactShapley(sorted, (mask) => table.score(mask)).map((v) => ({ ...v, standardError: 0 }));
    return { modelId, method: 'EXACT', values, coalitionCount: scores.length, permutations: null, seed: null, total: table.score(all) - table.score(0) };
  }
  const seed = shapleySeed(modelId);
  const values = sampledShapley(sorted, (mask) => table.score(mask), { permutations: SAMPLED_PERMUTATIONS, seed });
  return { modelId, method: 'SAMPLED', values, coalitionCount: scores.length, permutations: SAMPLED_PERMUTATIONS, seed, total: table.score(all) - table.score(0) };
}

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

const describe = (ids: readonly string[]) => `{${ids.map((id) => encodeGlobalId('Datanet', id)).join(', ')}}`;

/** Who may submit: the model's owner, a builder of one of its adapters, or an admin. */
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

async function submitInTransaction(tx: ManagedTransaction, actor: Actor, input: Omit<SubmitCoalitionScoresInput, 'idempotencyKey'>) {
  const check = (
    await tx.run(
      `OPTIONAL MATCH (m:Model {id: $modelId})
       OPTIONAL MATCH (actor:Contributor {id: $actorId})
       CALL (m) { OPTIONAL MATCH (m)-[:USES]->(a:Adapter) RETURN collect(DISTINCT a.builderId) AS builders }
       CALL (m) { OPTIONAL MATCH (m)-[:USES]->(:Adapter)-[:TRAINED_ON]->(d:Datanet) RETURN collect(DISTINCT d.id) AS datanets }
       // Locks the model for the rest of the transaction: concurrent submissions for one model apply one after the other.
       FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | SET m.strataLock = true REMOVE m.strataLock)
       RETURN m IS NOT NULL AS exists, m.ownerId AS ownerId, builders, datanets, actor.roles AS roles`,
      { modelId: input.modelId, ...actorParams(actor) },
    )
  ).records[0]!;
  const gid = encodeGlobalId('Model', input.modelId);
  if (!check.get('exists')) throw fieldError(['modelId'], `names no model (${gid})`);
  const builders = (check.get('builders') as Array<string | null>).filter((b): b is string => b !== null);
  const allowed =
    holdsRole(actor, check.get('roles'), rolesFor('ADMIN')) ||
    (actor.contributorId !== null && (check.get('ownerId') === actor.contributorId || builders.includes(actor.contributorId)));
  if (!allowed) throw forbidden(`Only the owner of ${gid}, a builder of one of its adapters, or an admin may submit its coalition scores.`);

  const modelDatanets = new Set(check.get('datanets') as string[]);
  input.scores.forEach((entry, i) => {
    entry.datanetIds.forEach((id, j) => {
      if (!modelDatanets.has(id)) {
        throw fieldError(['scores', i, 'datanetIds', j], `(${encodeGlobalId('Datanet', id)}) is not a datanet this model was trained on (its datanets: ${describe([...modelDatanets].sort())})`);
      }
    });
  });
  const players = [...new Set(input.scores.flatMap((e) => e.datanetIds))].sort();
  if (players.length === 0) throw fieldError(['scores'], 'names no datanet: score at least one non-empty coalition');
  try {
    shapleyFromTable(input.modelId, players, input.scores);
  } catch (error) {
    if (error instanceof MissingCoalitionError) {
      const how =
        players.length <= MAX_EXACT_PLAYERS
          ? `exact Shapley over these ${players.length} datanets needs a score for every one of the ${2 ** players.length - 1} non-empty coalitions (the empty coalition is 0 unless given)`
          : `the sampled estimate over these ${players.length} datanets needs every coalition listed by Model.coalitionsToScore`;
      throw badInput(`scores has no score for the coalition ${describe(error.datanetIds)}: ${how}.`, 'scores');
    }
    if (error instanceof RangeError) throw badInput(`scores: ${error.message.replace(/datanet (\S+)/g, (_, id: string) => `datanet ${encodeGlobalId('Datanet', id)}`)}.`, 'scores');
    throw error;
  }

  await tx.run(
    `MATCH (m:Model {id: $modelId})
     MERGE (m)-[:HAS_COALITION_SCORES]->(t:CoalitionScores {modelId: $modelId})
     SET t.datanetIds = $players, t.scores = $scores, t.coalitionCount = $count, t.submittedBy = $actorId, t.submittedAt = datetime.statement()`,
    {
      modelId: input.modelId,
      players,
      scores: JSON.stringify(input.scores.map((e) => ({ datanetIds: [...e.datanetIds].sort(), score: e.score }))),
      count: neo4j.int(input.scores.length),
      actorId: actor.contributorId,
    },
  );
  return { modelId: input.modelId };
}

export interface StoredCoalitionScores {
  modelId: string;
  datanetIds: string[];
  scores: CoalitionScore[];
  submittedBy: string | null;
  submittedAt: string;
}

export async function storedCoalitionScores(graph: GraphStore, modelIds: readonly string[]): Promise<Map<string, StoredCoalitionScores>> {
  const rows = await graph.read<{ t: { properties: Record<string, unknown> } }>(
    'UNWIND $ids AS id MATCH (:Model {id: id})-[:HAS_COALITION_SCORES]->(t:CoalitionScores) RETURN t',
    { ids: [...modelIds] },
  );
  return new Map(
    rows.map(({ t }) => {
      const p = plainValue(t.properties) as Record<string, unknown>;
      const stored: StoredCoalitionScores = {
        modelId: String(p.modelId),
        datanetIds: (p.datanetIds as string[]) ?? [],
        scores: JSON.parse(String(p.scores)) as CoalitionScore[],
        submittedBy: p.submittedBy == null ? null : String(p.submittedBy),
        submittedAt: String(p.submittedAt),
      };
      return [stored.modelId, stored];
    }),
  );
}

/** The Shapley values of a model's stored table, or null when none was submitted. */
export function datanetShapleyOf(stored: StoredCoalitionScores): DatanetShapleyShape {
  try {
    return { ...shapleyFromTable(stored.modelId, stored.datanetIds, stored.scores), submittedBy: stored.submittedBy, submittedAt: stored.submittedAt };
  } catch (error) {
    if (error instanceof MissingCoalitionError) throw badInput(`The stored coalition scores of ${encodeGlobalId('Model', stored.modelId)} have no score for ${describe(error.datanetIds)}; submit a complete table.`);
    throw error;
  }
}
