import type { Node } from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { plainNode } from '../values.js';
import type { ModelShape, OutputShape } from '../shapes.js';
import { influencesFrom, type InfluenceRow, type OutputInfluences } from './influences.js';

/**
 * An output with its model and its stored attribution (INFLUENCED_BY edges with their datanet, adapter and
 * contributor nodes) in one query: a provenance lookup — the question the extension asks of every answer on a
 * page — then costs one round trip instead of three sequential ones.
 */
export const outputProvenanceCypher = `UNWIND $ids AS id
MATCH (o:Output {id: id})
OPTIONAL MATCH (m:Model {id: o.modelId})
CALL (o) {
  OPTIONAL MATCH (o)-[i:INFLUENCED_BY]->(x)
  RETURN collect(CASE WHEN x IS NULL THEN null ELSE
    {kind: labels(x)[0], targetId: x.id, share: i.share, node: CASE WHEN x:Record THEN null ELSE x END} END) AS influences
}
RETURN o, m, influences`;

export interface OutputProvenance extends OutputInfluences {
  output: OutputShape;
  model: ModelShape | null;
}

export async function outputProvenance(graph: GraphStore, outputIds: readonly string[]): Promise<Map<string, OutputProvenance>> {
  const rows = await graph.read<{ o: Node; m: Node | null; influences: InfluenceRow[] }>(outputProvenanceCypher, { ids: [...outputIds] });
  return new Map(
    rows.map(({ o, m, influences }) => {
      const output = plainNode<OutputShape>(o);
      return [output.id, { output, model: m ? plainNode<ModelShape>(m) : null, ...influencesFrom(influences) }];
    }),
  );
}

/** The most recent output with this content hash (ties: the smaller id); an index seek on Output.contentHash. */
export const latestOutputByHashCypher = 'MATCH (o:Output {contentHash: $hash}) RETURN o.id AS id ORDER BY o.createdAt DESC, o.id LIMIT 1';

export async function latestOutputIdByHash(graph: GraphStore, hash: string): Promise<string | null> {
  const rows = await graph.read<{ id: string }>(latestOutputByHashCypher, { hash });
  return rows[0]?.id ?? null;
}

/**
 * The most recent output with this words hash of this version (ties: the smaller id); an index seek on
 * Output.wordsHash. The version is in the hash's preimage too, so the filter only skips stale rows.
 */
export const latestOutputByWordsHashCypher =
  'MATCH (o:Output {wordsHash: $hash}) WHERE o.wordsHashVersion = $version RETURN o.id AS id ORDER BY o.createdAt DESC, o.id LIMIT 1';

export async function latestOutputIdByWordsHash(graph: GraphStore, hash: string, version: string): Promise<string | null> {
  const rows = await graph.read<{ id: string }>(latestOutputByWordsHashCypher, { hash, version });
  return rows[0]?.id ?? null;
}
