import type { GraphStore } from '../graph-store.js';

/** The validators each datanet's owner appointed, `(Contributor)-[:VALIDATES]->(Datanet)`, in id order. */
export const datanetValidatorsCypher = `UNWIND $ids AS id
MATCH (d:Datanet {id: id})
OPTIONAL MATCH (v:Contributor)-[:VALIDATES]->(d)
WITH id, v ORDER BY v.id
RETURN id, [x IN collect(v.id) WHERE x IS NOT NULL] AS validatorIds`;

export async function datanetValidators(graph: GraphStore, ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await graph.read<{ id: string; validatorIds: string[] }>(datanetValidatorsCypher, { ids: [...ids] });
  return new Map(rows.map((r) => [r.id, r.validatorIds]));
}
