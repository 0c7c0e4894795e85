import type { AttributionShape } from '../attribution/attribution-shape.js';
import type { FeeRecipients } from '../rewards/split-fee.js';
import { field } from './properties.js';
import type { Transaction } from './transaction.js';
import type { Node } from 'neo4j-driver';
import type { OutputShape } from './shapes.js';
import { int, plainNode, toNumber } from './values.js';

/**
 * Outputs in Neo4j: (:Output)-[:GENERATED_BY]->(:Model), its attribution (method, version, coverage and evidence
 * spans on the node; one (:Output)-[:INFLUENCED_BY {share, method, methodVersion}]->() edge per credited datanet,
 * adapter, contributor and record) and its position in the transparency log. Every writer runs in the caller's
 * transaction, so an output and everything recorded with it commit together.
 */

/** The Output node's properties at creation: what createOutput and importOutputs both write. */
export function outputProperties(row: string, c: { modelId: string; createdAt: string }): string {
  const f = (name: string) => field(row, name);
  return `{id: ${f('id')}, contentHash: ${f('contentHash')}, wordsHash: ${f('wordsHash')}, wordsHashVersion: ${f('wordsHashVersion')}, text: ${f('text')}, prompt: ${f('prompt')}, modelId: ${c.modelId}, createdAt: ${c.createdAt}, fee: ${f('fee')}}`;
}

/**
 * The attribution's properties on the Output, as SET assignments: what storeAttribution and importOutputs both write.
 * `corpusAsOf` is epoch milliseconds (an integer).
 */
export function attributionAssignments(node: string, row: string): string {
  const f = (name: string) => field(row, name);
  return `${node}.attributionMethod = ${f('method')}, ${node}.attributionMethodVersion = ${f('methodVersion')}, ${node}.coverage = ${f('coverage')},
  ${node}.coverageByKind = ${f('coverageByKind')}, ${node}.attributionSpans = ${f('spans')}, ${node}.corpusRecords = ${f('corpusRecords')}, ${node}.corpusAsOf = datetime({epochMillis: ${f('corpusAsOf')}}),
  ${node}.embeddingModel = ${f('embeddingModel')}`;
}

/** The INFLUENCED_BY edge's properties. */
export function influenceProperties(c: { share: string; method: string; methodVersion: string }): string {
  return `{share: ${c.share}, method: ${c.method}, methodVersion: ${c.methodVersion}}`;
}

/**
 * Creates each output only when its actor may record outputs of the model: its owner, a contributor holding an admin
 * role, or the admin key (`row.envAdmin`). The check is in the statement, so it holds in the transaction that writes.
 * One statement for a whole group commit (docs/architecture.md#outputs-in-parallel); every row answers with what
 * happened to it, so a refused output needs no second look-up.
 */
export const createOutputsCypher = `UNWIND $rows AS row
OPTIONAL MATCH (m:Model {id: row.modelId})
OPTIONAL MATCH (actor:Contributor {id: row.actorId})
WITH row, m, coalesce(m IS NOT NULL AND (row.envAdmin OR (actor IS NOT NULL AND (m.ownerId = actor.id OR any(role IN coalesce(actor.roles, []) WHERE role IN $adminRoles)))), false) AS allowed
FOREACH (_ IN CASE WHEN allowed THEN [1] ELSE [] END |
  CREATE (o:Output ${outputProperties('row', { modelId: 'm.id', createdAt: 'datetime.statement()' })})
  CREATE (o)-[:GENERATED_BY]->(m))
RETURN row.id AS id, CASE WHEN m IS NULL THEN 'no-model' WHEN allowed THEN 'created' ELSE 'not-allowed' END AS status`;

/**
 * The rendering-proof hash of an output's words and the version it was computed with (null: the text has no words;
 * api/attribution/trace/words-hash.ts, docs/architecture.md#the-words-hash).
 */
export interface OutputWordsHash {
  wordsHash: string | null;
  wordsHashVersion: string;
}

export interface OutputToCreate extends OutputWordsHash {
  id: string;
  modelId: string;
  contentHash: string;
  text: string;
  prompt: string | null;
  /** Integer base units; stored as a decimal string (Neo4j integers stop at 2^63). */
  fee: bigint | null;
  /** The actor's parameters (actorId, envAdmin). */
  actor: { actorId: string | null; envAdmin: boolean };
}

/** 'created', or why not: the model does not exist, or the actor may not record its outputs. */
export type CreateOutputResult = 'created' | 'no-model' | 'not-allowed';

/** Creates the outputs (one statement); answers for each, in order. `adminRoles`: the roles that count as admin. */
export async function createOutputs(tx: Transaction, input: { outputs: readonly OutputToCreate[]; adminRoles: readonly string[] }): Promise<CreateOutputResult[]> {
  if (input.outputs.length === 0) return [];
  const rows = input.outputs.map((o) => ({
    id: o.id,
    modelId: o.modelId,
    actorId: o.actor.actorId,
    envAdmin: o.actor.envAdmin,
    contentHash: o.contentHash,
    wordsHash: o.wordsHash,
    wordsHashVersion: o.wordsHashVersion,
    text: o.text,
    prompt: o.prompt,
    fee: o.fee === null ? null : o.fee.toString(),
  }));
  const res = await tx.run(createOutputsCypher, { adminRoles: [...input.adminRoles], rows });
  const status = new Map(res.records.map((r) => [r.get('id') as string, r.get('status') as CreateOutputResult]));
  return input.outputs.map((o) => status.get(o.id) ?? 'no-model');
}

/**
 * The stored form of an attribution (the seeds write the same, `importOutputs`): on the Output the method, its version,
 * the coverage and the evidence spans (JSON). Plus what makes it reproducible later: the size and time of the corpus
 * it was computed over (`corpusRecords`, `corpusAsOf`).
 */
export const storeAttributionsCypher = `UNWIND $rows AS row
MATCH (o:Output {id: row.outputId})
SET ${attributionAssignments('o', 'row')}`;

export const INFLUENCE_LABELS = ['Datanet', 'Adapter', 'Contributor', 'Record'] as const;

/** One statement per label for all the outputs, each an index seek per id (a label in a parameter would defeat the index). */
export const storeInfluencesCypher = (label: (typeof INFLUENCE_LABELS)[number]) => `UNWIND $rows AS row
MATCH (o:Output {id: row.outputId})
MATCH (x:${label} {id: row.id})
CREATE (o)-[:INFLUENCED_BY ${influenceProperties({ share: 'row.share', method: 'row.method', methodVersion: 'row.methodVersion' })}]->(x)
RETURN count(*) AS linked`;

export function influenceRows(a: AttributionShape, label: (typeof INFLUENCE_LABELS)[number]) {
  const list = { Datanet: a.datanets, Adapter: a.adapters, Contributor: a.contributors, Record: a.records }[label];
  return list.map((s) => ({ id: s.id, share: s.share }));
}

export interface AttributionToStore {
  outputId: string;
  attribution: AttributionShape;
  corpus: { records: number; asOfMs: number };
}

/**
 * Stores outputs' attributions: their properties on the Output nodes (one statement) and one INFLUENCED_BY edge per
 * share (one statement per label that has shares), however many outputs.
 */
export async function storeAttributions(tx: Transaction, inputs: readonly AttributionToStore[]): Promise<void> {
  if (inputs.length === 0) return;
  // The properties' statement and the edges' are sent together (pipelined in the transaction, run in this order).
  const properties = tx.run(storeAttributionsCypher, {
    rows: inputs.map(({ outputId, attribution: a, corpus }) => ({
      outputId,
      method: a.method,
      methodVersion: a.methodVersion,
      coverage: a.coverage,
      coverageByKind: JSON.stringify(a.coverageByKind ?? []),
      spans: JSON.stringify(a.spans),
      corpusRecords: int(corpus.records),
      corpusAsOf: int(corpus.asOfMs),
      // The paraphrase tier's model, when it took part (null removes nothing: the property is simply absent).
      embeddingModel: a.embeddingModel ?? null,
    })),
  });
  const edges = INFLUENCE_LABELS.map(async (label) => {
    const rows = inputs.flatMap(({ outputId, attribution: a }) =>
      influenceRows(a, label).map((s) => ({ outputId, ...s, method: a.method, methodVersion: a.methodVersion })),
    );
    if (rows.length === 0) return;
    const res = await tx.run(storeInfluencesCypher(label), { rows });
    const linked = toNumber(res.records[0]?.get('linked') ?? 0);
    // A credited node missing here means a broken graph (nodes are never deleted): refuse rather than store less.
    if (linked !== rows.length) {
      const outputs = [...new Set(rows.map((r) => r.outputId))].join(', ');
      throw new Error(`Attribution of output ${outputs}: linked ${linked} of ${rows.length} ${label} influences.`);
    }
  });
  await Promise.all([properties, ...edges]);
}

/** One output's attribution (a correction replacing one): storeAttributions of one. */
export async function storeAttribution(tx: Transaction, input: AttributionToStore): Promise<void> {
  await storeAttributions(tx, [input]);
}

/**
 * Who each fee split pays, read in the transaction: model owner, builders of the credited adapters, validators of the
 * credited records. One statement for all the outputs of a group commit; `row.i` says whose row it is.
 */
export const feeRecipientsCypher = `UNWIND $rows AS row
MATCH (m:Model {id: row.modelId})
CALL (m, row) {
  OPTIONAL MATCH (m)-[:USES]->(a:Adapter) WHERE a.id IN row.adapterIds
  RETURN collect({adapterId: a.id, builderId: a.builderId}) AS adapters
}
CALL (row) {
  OPTIONAL MATCH (v:Contributor)-[rv:REVIEWED]->(r:Record) WHERE r.id IN row.recordIds AND rv.verdict = 'ACCEPT'
  RETURN collect(DISTINCT v.id) AS validators
}
RETURN row.i AS i, m.ownerId AS ownerId, adapters, validators`;

export interface FeeRecipientsQuery {
  modelId: string;
  adapterIds: readonly string[];
  recordIds: readonly string[];
}

/** The recipients of fees on model outputs, in order; null where the model is gone. */
export async function feeRecipientsOf(tx: Transaction, inputs: readonly FeeRecipientsQuery[]): Promise<Array<FeeRecipients | null>> {
  if (inputs.length === 0) return [];
  const rows = inputs.map((q, i) => ({ i: int(i), modelId: q.modelId, adapterIds: [...q.adapterIds], recordIds: [...q.recordIds] }));
  const res = await tx.run(feeRecipientsCypher, { rows });
  const found: Array<FeeRecipients | null> = inputs.map(() => null);
  for (const row of res.records) {
    const adapters = row.get('adapters') as Array<{ adapterId: string | null; builderId: string | null }>;
    found[toNumber(row.get('i'))] = {
      ownerId: (row.get('ownerId') as string | null) ?? null,
      builders: adapters.filter((x) => x.adapterId !== null).map((x) => ({ adapterId: x.adapterId!, builderId: x.builderId ?? null })),
      validatorIds: row.get('validators') as string[],
    };
  }
  return found;
}

/** The recipients of a fee on one model output; null when the model is gone. */
export async function feeRecipients(tx: Transaction, input: FeeRecipientsQuery): Promise<FeeRecipients | null> {
  return (await feeRecipientsOf(tx, [input]))[0]!;
}

export const setOutputLogIndexCypher = 'MATCH (o:Output {id: $id}) SET o.logIndex = $index';

/** Records where the output's attribution event sits in the transparency log. */
export async function setOutputLogIndex(tx: Transaction, outputId: string, logIndex: number): Promise<void> {
  await tx.run(setOutputLogIndexCypher, { id: outputId, index: int(logIndex) });
}

export const setOutputLogIndexesCypher = 'UNWIND $rows AS row MATCH (o:Output {id: row.id}) SET o.logIndex = row.index RETURN o';

/**
 * The same for a group commit's outputs, in one statement (docs/architecture.md#outputs-in-parallel). Answers the
 * outputs as written, complete (the last write of the transaction touches them): what the Output loader would read
 * after the commit, so the mutation's payload needs no read of its own.
 */
export async function setOutputLogIndexes(tx: Transaction, rows: ReadonlyArray<{ outputId: string; logIndex: number }>): Promise<Map<string, OutputShape>> {
  if (rows.length === 0) return new Map();
  const result = await tx.run(setOutputLogIndexesCypher, { rows: rows.map((r) => ({ id: r.outputId, index: int(r.logIndex) })) });
  return new Map(result.records.map((r) => {
    const output = plainNode<OutputShape>(r.get('o') as Node);
    return [output.id, output];
  }));
}

/**
 * An output as a seed imports it, with its attribution: creation time (ISO-8601) given, the fee as a decimal string
 * (null: none paid), the spans as JSON, and the corpus the attribution was computed over (`corpusAsOf` in epoch ms).
 */
export interface OutputImport extends OutputWordsHash {
  id: string;
  modelId: string;
  contentHash: string;
  text: string;
  prompt: string | null;
  fee: string | null;
  createdAt: string;
  method: string;
  methodVersion: string;
  coverage: number;
  /** JSON of KindCoverage[]. */
  coverageByKind: string;
  spans: string;
  corpusRecords: number;
  corpusAsOf: number;
}

export const importOutputsCypher = `UNWIND $rows AS row
MATCH (m:Model {id: row.modelId})
CREATE (o:Output ${outputProperties('row', { modelId: 'm.id', createdAt: 'datetime(row.createdAt)' })})
SET ${attributionAssignments('o', 'row')}
CREATE (o)-[:GENERATED_BY]->(m)`;

/** Bulk import (seeds): outputs with their attribution properties and GENERATED_BY edges (influences: importInfluences). */
export async function importOutputs(tx: Transaction, rows: readonly OutputImport[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.run(importOutputsCypher, { rows: rows.map((o) => ({ ...o, corpusRecords: int(o.corpusRecords), corpusAsOf: int(o.corpusAsOf) })) });
}

/** One credited node of an imported output's attribution. */
export interface InfluenceImport {
  outputId: string;
  id: string;
  share: number;
}

export const importInfluencesCypher = (label: (typeof INFLUENCE_LABELS)[number]) => `UNWIND $rows AS row
MATCH (o:Output {id: row.outputId})
MATCH (x:${label} {id: row.id})
CREATE (o)-[:INFLUENCED_BY ${influenceProperties({ share: 'row.share', method: 'o.attributionMethod', methodVersion: 'o.attributionMethodVersion' })}]->(x)
RETURN count(*) AS linked`;

/** Bulk import (seeds): INFLUENCED_BY edges of stored outputs, one statement per label; throws when a node is missing. */
export async function importInfluences(tx: Transaction, influences: { [L in (typeof INFLUENCE_LABELS)[number]]: readonly InfluenceImport[] }): Promise<void> {
  for (const label of INFLUENCE_LABELS) {
    const rows = influences[label];
    if (rows.length === 0) continue;
    const res = await tx.run(importInfluencesCypher(label), { rows });
    const linked = toNumber(res.records[0]?.get('linked') ?? 0);
    if (linked !== rows.length) throw new Error(`importInfluences: linked ${linked} of ${rows.length} ${label} influences.`);
  }
}

/** The influence rows of an attribution, per label, for importInfluences. */
export function influencesOf(outputId: string, a: AttributionShape): { [L in (typeof INFLUENCE_LABELS)[number]]: InfluenceImport[] } {
  const per = (label: (typeof INFLUENCE_LABELS)[number]) => influenceRows(a, label).map((s) => ({ outputId, ...s }));
  return { Datanet: per('Datanet'), Adapter: per('Adapter'), Contributor: per('Contributor'), Record: per('Record') };
}

/**
 * Outputs whose words hash is missing or from another version (written before the words hash existed, or before the
 * tokenizer changed): one batch of them, for the backfill at start (api/use-cases/backfill-words-hashes.ts). A label
 * scan with a filter, run once per start until nothing is left, never on a request path.
 */
export const staleWordsHashesCypher = `MATCH (o:Output)
WHERE o.wordsHashVersion IS NULL OR o.wordsHashVersion <> $version
RETURN o.id AS id, o.text AS text
ORDER BY o.id
LIMIT $limit`;

export async function staleWordsHashes(tx: Transaction, version: string, limit: number): Promise<Array<{ id: string; text: string }>> {
  const res = await tx.run(staleWordsHashesCypher, { version, limit: int(limit) });
  return res.records.map((r) => ({ id: r.get('id') as string, text: (r.get('text') as string | null) ?? '' }));
}

export const setWordsHashesCypher = `UNWIND $rows AS row
MATCH (o:Output {id: row.id})
SET o.wordsHash = row.wordsHash, o.wordsHashVersion = $version`;

/** Writes recomputed words hashes (one batch, by id). */
export async function setWordsHashes(tx: Transaction, version: string, rows: ReadonlyArray<{ id: string; wordsHash: string | null }>): Promise<void> {
  if (rows.length === 0) return;
  await tx.run(setWordsHashesCypher, { version, rows: rows.map((r) => ({ id: r.id, wordsHash: r.wordsHash })) });
}
