import DataLoader from 'dataloader';
import type { Node } from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import type { NodeLoaders } from '../node-loaders.js';
import { plainNode } from '../values.js';
import type { OutputShape } from '../shapes.js';
import { addInfluence, noInfluences, type InfluenceRow, type createInfluenceLoader } from './influences.js';

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

type Loaders = NodeLoaders & { influences: ReturnType<typeof createInfluenceLoader> };

/** Loads outputs like `loaders.Output` and primes the model, influences and target-node loaders on the way. */
export function createOutputProvenanceLoader(graph: GraphStore, loaders: Loaders) {
  return new DataLoader<string, OutputShape | null>(async (ids) => {
    const rows = await graph.read<{ o: Node; m: Node | null; influences: InfluenceRow[] }>(outputProvenanceCypher, { ids: [...ids] });
    const byId = new Map<string, OutputShape>();
    for (const { o, m, influences } of rows) {
      const output = plainNode<OutputShape>(o);
      byId.set(output.id, output);
      loaders.Output.prime(output.id, output);
      if (m) loaders.Model.prime(output.modelId, plainNode(m));
      const lists = noInfluences();
      for (const row of influences) addInfluence(lists, row, loaders);
      loaders.influences.prime(output.id, lists);
    }
    return ids.map((id) => byId.get(id) ?? null);
  });
}
