import type { CoalitionScore } from '../attribution/coalition-scores.js';
import type { StoredCoalitionScores } from '../attribution/datanet-shapley.js';
import type { GraphStore } from './graph-store.js';
import type { Transaction } from './transaction.js';
import { int, plainValue } from './values.js';

/**
 * A model's coalition scores, one table per model, replaced by the next submission:
 *
 *   (:Model)-[:HAS_COALITION_SCORES]->(:CoalitionScores {modelId, datanetIds, scores (JSON), coalitionCount,
 *                                                         submittedBy, submittedAt})
 */

/**
 * What deciding a submission needs, read in its write transaction: whether the model exists, its owner, the builders
 * of its adapters, the datanets they were trained on, and the actor's roles. It also locks the model for the rest of
 * the transaction, so concurrent submissions for one model apply one after the other.
 */
export const coalitionSubmissionCypher = `OPTIONAL MATCH (m:Model {id: $modelId})
OPTIONAL MATCH (actor:Contributor {id: $actorId})
CALL (m) { OPTIONAL MATCH (m)-[:USES]->(a:Adapter) RETURN collect(DISTINCT a.builderId) AS builders }
CALL (m) { OPTIONAL MATCH (m)-[:USES]->(:Adapter)-[:TRAINED_ON]->(d:Datanet) RETURN collect(DISTINCT d.id) AS datanets }
FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | SET m.strataLock = true REMOVE m.strataLock)
RETURN m IS NOT NULL AS exists, m.ownerId AS ownerId, builders, datanets, actor.roles AS roles`;

export interface CoalitionSubmissionContext {
  exists: boolean;
  ownerId: string | null;
  /** Builders of the model's adapters (adapters without a builder left out). */
  builders: string[];
  /** Datanets the model's adapters were trained on. */
  datanets: string[];
  /** The actor's stored roles, as stored (null without a node). */
  roles: unknown;
}

export async function lockModelForCoalitionScores(tx: Transaction, input: { modelId: string; actorId: string | null }): Promise<CoalitionSubmissionContext> {
  const row = (await tx.run(coalitionSubmissionCypher, { modelId: input.modelId, actorId: input.actorId })).records[0]!;
  return {
    exists: row.get('exists') as boolean,
    ownerId: (row.get('ownerId') as string | null) ?? null,
    builders: (row.get('builders') as Array<string | null>).filter((b): b is string => b !== null),
    datanets: row.get('datanets') as string[],
    roles: row.get('roles'),
  };
}

/** The table's write, given where its submission time comes from: shared by writeCoalitionScores and the seeds' import. */
const coalitionScoresCypher = (submittedAt: string) => `MATCH (m:Model {id: $modelId})
MERGE (m)-[:HAS_COALITION_SCORES]->(t:CoalitionScores {modelId: $modelId})
SET t.datanetIds = $players, t.scores = $scores, t.coalitionCount = $count, t.submittedBy = $actorId, t.submittedAt = ${submittedAt}`;

export const writeCoalitionScoresCypher = coalitionScoresCypher('datetime.statement()');
export const importCoalitionScoresCypher = coalitionScoresCypher('datetime($submittedAt)');

const coalitionParams = (input: { modelId: string; players: readonly string[]; scores: readonly CoalitionScore[]; submittedBy: string | null }) => ({
  modelId: input.modelId,
  players: [...input.players],
  scores: JSON.stringify(input.scores.map((e) => ({ datanetIds: [...e.datanetIds].sort(), score: e.score }))),
  count: int(input.scores.length),
  actorId: input.submittedBy,
});

/** Replaces the model's table; each entry's datanet ids are stored sorted. */
export async function writeCoalitionScores(
  tx: Transaction,
  input: { modelId: string; players: readonly string[]; scores: readonly CoalitionScore[]; submittedBy: string | null },
): Promise<void> {
  await tx.run(writeCoalitionScoresCypher, coalitionParams(input));
}

/** Bulk import (seeds): a model's table as writeCoalitionScores stores it, submitted at a given time (ISO-8601). */
export async function importCoalitionScores(
  tx: Transaction,
  input: { modelId: string; players: readonly string[]; scores: readonly CoalitionScore[]; submittedBy: string | null; submittedAt: string },
): Promise<void> {
  await tx.run(importCoalitionScoresCypher, { ...coalitionParams(input), submittedAt: input.submittedAt });
}

export const storedCoalitionScoresCypher = 'UNWIND $ids AS id MATCH (:Model {id: id})-[:HAS_COALITION_SCORES]->(t:CoalitionScores) RETURN t';

/** The stored tables of these models, by model id (models without one are absent). */
export async function storedCoalitionScores(graph: GraphStore, modelIds: readonly string[]): Promise<Map<string, StoredCoalitionScores>> {
  const rows = await graph.read<{ t: { properties: Record<string, unknown> } }>(storedCoalitionScoresCypher, { ids: [...modelIds] });
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
