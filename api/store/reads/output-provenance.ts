import type { Node } from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { plainNode } from '../values.js';
import type { ModelShape, OutputShape } from '../shapes.js';
import { influencesFrom, type InfluenceRow, type OutputInfluences } from './influences.js';
import { WORDS_HASH_VERSION } from '../../attribution/trace/words-hash.js';

/**
 * An output with its model and its stored attribution (INFLUENCED_BY edges with their datanet, adapter and
 * contributor nodes) in one query: a provenance lookup — the question the extension asks of every answer on a
 * page — then costs one round trip instead of three sequential ones. `PROVENANCE_OF_O` is the part after the output
 * `o` is found, shared by the reads by id and by hash.
 */
const PROVENANCE_OF_O = `OPTIONAL MATCH (m:Model {id: o.modelId})
CALL (o) {
  OPTIONAL MATCH (o)-[i:INFLUENCED_BY]->(x)
  RETURN collect(CASE WHEN x IS NULL THEN null ELSE
    {kind: labels(x)[0], targetId: x.id, share: i.share, node: CASE WHEN x:Record THEN null ELSE x END} END) AS influences
}`;

export const outputProvenanceCypher = `UNWIND $ids AS id
MATCH (o:Output {id: id})
${PROVENANCE_OF_O}
RETURN o, m, influences`;

export interface OutputProvenance extends OutputInfluences {
  output: OutputShape;
  model: ModelShape | null;
}

interface ProvenanceRow {
  o: Node;
  m: Node | null;
  influences: InfluenceRow[];
}

function provenanceOf({ o, m, influences }: ProvenanceRow): OutputProvenance {
  return { output: plainNode<OutputShape>(o), model: m ? plainNode<ModelShape>(m) : null, ...influencesFrom(influences) };
}

async function outputProvenance(graph: GraphStore, outputIds: readonly string[]): Promise<Map<string, OutputProvenance>> {
  const rows = await graph.read<ProvenanceRow>(outputProvenanceCypher, { ids: [...outputIds] });
  return new Map(
    rows.map((row) => {
      const provenance = provenanceOf(row);
      return [provenance.output.id, provenance];
    }),
  );
}

/**
 * The most recent output with a content hash, or with a words hash of this version (ties: the smaller id; an index
 * seek on the hash, the version only skips stale rows), with its provenance in the same query: a lookup by text is
 * one round trip, not two (the hash's output, then its provenance).
 */
const newestOutputOf = (match: string) => `UNWIND $hashes AS hash
CALL (hash) {
  ${match}
  RETURN o ORDER BY o.createdAt DESC, o.id LIMIT 1
}
${PROVENANCE_OF_O}
RETURN hash, o, m, influences`;

export const outputProvenanceByContentHashCypher = newestOutputOf('MATCH (o:Output {contentHash: hash})');
export const outputProvenanceByWordsHashCypher = newestOutputOf('MATCH (o:Output {wordsHash: hash}) WHERE o.wordsHashVersion = $version');

/** What a provenance read is keyed by: the output's id, or the content hash or words hash of its text. */
export type ProvenanceKey = 'id' | OutputHashKey;

/** The hashes of an output's text a lookup may name it by. */
export type OutputHashKey = 'contentHash' | 'wordsHash';

/**
 * The provenance of the outputs these keys name, keyed as asked (a key that names no output is absent). By words
 * hash, the hashes of this version of the words hash (`WORDS_HASH_VERSION`).
 */
export async function provenanceBy(graph: GraphStore, by: ProvenanceKey, keys: readonly string[]): Promise<Map<string, OutputProvenance>> {
  if (by === 'id') return outputProvenance(graph, keys);
  const rows = await graph.read<ProvenanceRow & { hash: string }>(
    by === 'contentHash' ? outputProvenanceByContentHashCypher : outputProvenanceByWordsHashCypher,
    by === 'contentHash' ? { hashes: [...keys] } : { hashes: [...keys], version: WORDS_HASH_VERSION },
  );
  return new Map(rows.map((row) => [row.hash, provenanceOf(row)]));
}
