import DataLoader from 'dataloader';
import type { GraphStore } from '../graph-store.js';
import type { AttributionShape, ShareShape } from '../../attribution/attribution-shape.js';
import type { OutputShape } from '../shapes.js';

/** All INFLUENCED_BY edges of many outputs in one query (the stored attribution, per DESIGN.md). */
export const influencesCypher = `UNWIND $ids AS id
MATCH (o:Output {id: id})-[i:INFLUENCED_BY]->(x)
RETURN id, labels(x)[0] AS kind, x.id AS targetId, i.share AS share`;

type Influences = Record<'Datanet' | 'Adapter' | 'Contributor' | 'Record', ShareShape[]>;

export function createInfluenceLoader(graph: GraphStore) {
  return new DataLoader<string, Influences>(async (ids) => {
    const rows = await graph.read(influencesCypher, { ids: [...ids] });
    const byOutput = new Map<string, Influences>(ids.map((id) => [id, { Datanet: [], Adapter: [], Contributor: [], Record: [] }]));
    for (const row of rows) {
      const lists = byOutput.get(String(row.id));
      const kind = String(row.kind) as keyof Influences;
      lists?.[kind]?.push({ id: String(row.targetId), share: Number(row.share) });
    }
    return ids.map((id) => byOutput.get(id)!);
  });
}

const byShareThenId = (a: ShareShape, b: ShareShape) => b.share - a.share || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Rebuilds the attribution of a stored output from its node properties and its edges; null if none was stored. */
export function storedAttribution(output: OutputShape, influences: Influences): AttributionShape | null {
  if (!output.attributionMethod) return null;
  return {
    method: output.attributionMethod,
    methodVersion: output.attributionMethodVersion ?? 'unknown',
    coverage: output.coverage ?? 0,
    datanets: [...influences.Datanet].sort(byShareThenId),
    adapters: [...influences.Adapter].sort(byShareThenId),
    contributors: [...influences.Contributor].sort(byShareThenId),
    records: [...influences.Record].sort(byShareThenId),
    spans: output.attributionSpans ? JSON.parse(output.attributionSpans) : [],
  };
}
