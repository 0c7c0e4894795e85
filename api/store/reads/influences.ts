import DataLoader from 'dataloader';
import type { GraphStore } from '../graph-store.js';
import type { AttributionShape } from '../../attribution/attribution-shape.js';
import { compareShares, type Share as ShareShape } from '../../attribution/shares.js';
import type { Node } from 'neo4j-driver';
import type { OutputShape } from '../shapes.js';
import type { NodeLoaders } from '../node-loaders.js';
import { plainNode } from '../values.js';

/**
 * All INFLUENCED_BY edges of many outputs in one query (the stored attribution, per DESIGN.md). The small target
 * nodes (datanets, adapters, contributors) come along and prime their loaders, so a provenance lookup needs no
 * further round trip for them; records (whose text can be long) are loaded only if asked for.
 */
export const influencesCypher = `UNWIND $ids AS id
MATCH (o:Output {id: id})-[i:INFLUENCED_BY]->(x)
RETURN id, labels(x)[0] AS kind, x.id AS targetId, i.share AS share, CASE WHEN x:Record THEN null ELSE x END AS node`;

export type Influences = Record<'Datanet' | 'Adapter' | 'Contributor' | 'Record', ShareShape[]>;
type Primable = Pick<NodeLoaders, 'Datanet' | 'Adapter' | 'Contributor'>;

/** One row per INFLUENCED_BY edge, as both influence queries return them. */
export interface InfluenceRow {
  kind: string;
  targetId: string;
  share: unknown;
  node: Node | null;
}

export const noInfluences = (): Influences => ({ Datanet: [], Adapter: [], Contributor: [], Record: [] });

/** Adds one edge to an output's influences and primes the loader of its (small) target node. */
export function addInfluence(into: Influences, row: InfluenceRow, prime?: Primable): void {
  const kind = String(row.kind) as keyof Influences;
  if (prime && row.node && kind !== 'Record') prime[kind].prime(String(row.targetId), plainNode(row.node));
  into[kind]?.push({ id: String(row.targetId), share: Number(row.share) });
}

export function createInfluenceLoader(graph: GraphStore, prime?: Primable) {
  return new DataLoader<string, Influences>(async (ids) => {
    const rows = await graph.read<InfluenceRow & { id: string }>(influencesCypher, { ids: [...ids] });
    const byOutput = new Map<string, Influences>(ids.map((id) => [id, noInfluences()]));
    for (const row of rows) {
      const lists = byOutput.get(String(row.id));
      if (lists) addInfluence(lists, row, prime);
    }
    return ids.map((id) => byOutput.get(id)!);
  });
}

/** Rebuilds the attribution of a stored output from its node properties and its edges; null if none was stored. */
export function storedAttribution(output: OutputShape, influences: Influences): AttributionShape | null {
  if (!output.attributionMethod) return null;
  return {
    method: output.attributionMethod,
    methodVersion: output.attributionMethodVersion ?? 'unknown',
    coverage: output.coverage ?? 0,
    datanets: [...influences.Datanet].sort(compareShares),
    adapters: [...influences.Adapter].sort(compareShares),
    contributors: [...influences.Contributor].sort(compareShares),
    records: [...influences.Record].sort(compareShares),
    spans: output.attributionSpans ? JSON.parse(output.attributionSpans) : [],
  };
}
