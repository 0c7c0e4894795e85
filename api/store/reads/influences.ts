import type { Node } from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { exactOnlyCoverage, type AttributionShape } from '../../attribution/attribution-shape.js';
import { compareShares, type Share } from '../../attribution/shares.js';
import type { OutputShape } from '../shapes.js';
import { plainNode } from '../values.js';

/**
 * All INFLUENCED_BY edges of many outputs in one query (the stored attribution). The small target nodes (datanets,
 * adapters, contributors) come along, so a provenance lookup needs no further round trip for them; records (whose
 * text can be long) are loaded only if asked for.
 */
export const influencesCypher = `UNWIND $ids AS id
MATCH (o:Output {id: id})-[i:INFLUENCED_BY]->(x)
RETURN id, labels(x)[0] AS kind, x.id AS targetId, i.share AS share, CASE WHEN x:Record THEN null ELSE x END AS node`;

export type Influences = Record<'Datanet' | 'Adapter' | 'Contributor' | 'Record', Share[]>;

/** One INFLUENCED_BY edge as both influence queries return it. */
export interface InfluenceRow {
  kind: string;
  targetId: string;
  share: unknown;
  node: Node | null;
}

/** An output's influences by kind, and the target nodes that came with them (all but records). */
export interface OutputInfluences {
  influences: Influences;
  targets: Array<{ kind: 'Datanet' | 'Adapter' | 'Contributor'; id: string; node: object }>;
}

export const noInfluences = (): Influences => ({ Datanet: [], Adapter: [], Contributor: [], Record: [] });

export function influencesFrom(rows: readonly InfluenceRow[]): OutputInfluences {
  const out: OutputInfluences = { influences: noInfluences(), targets: [] };
  for (const row of rows) {
    const kind = String(row.kind) as keyof Influences;
    const id = String(row.targetId);
    if (row.node && kind !== 'Record') out.targets.push({ kind, id, node: plainNode(row.node) });
    out.influences[kind]?.push({ id, share: Number(row.share) });
  }
  return out;
}

export async function influencesByOutput(graph: GraphStore, outputIds: readonly string[]): Promise<Map<string, OutputInfluences>> {
  const rows = await graph.read<InfluenceRow & { id: string }>(influencesCypher, { ids: [...outputIds] });
  const byOutput = new Map<string, InfluenceRow[]>(outputIds.map((id) => [id, []]));
  for (const row of rows) byOutput.get(String(row.id))?.push(row);
  return new Map([...byOutput].map(([id, edges]) => [id, influencesFrom(edges)]));
}

/** Rebuilds the attribution of a stored output from its node properties and its edges; null if none was stored. */
export function storedAttribution(output: OutputShape, influences: Influences): AttributionShape | null {
  if (!output.attributionMethod) return null;
  return {
    method: output.attributionMethod,
    methodVersion: output.attributionMethodVersion ?? 'unknown',
    ...(output.embeddingModel ? { embeddingModel: output.embeddingModel } : {}),
    coverage: output.coverage ?? 0,
    // Stored before evidence tiers: everything covered was EXACT.
    coverageByKind: output.coverageByKind ? JSON.parse(output.coverageByKind) : exactOnlyCoverage(output.coverage ?? 0),
    datanets: [...influences.Datanet].sort(compareShares),
    adapters: [...influences.Adapter].sort(compareShares),
    contributors: [...influences.Contributor].sort(compareShares),
    records: [...influences.Record].sort(compareShares),
    spans: output.attributionSpans ? JSON.parse(output.attributionSpans) : [],
  };
}
