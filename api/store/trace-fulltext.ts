import type { PhraseAnswer, PhraseQuery } from '../attribution/trace/phrase-search.js';
import type { CandidateRecord } from '../attribution/trace/candidate-corpus.js';
import type { GraphStore } from './graph-store.js';
import type { Transaction } from './transaction.js';
import { int, toNumber } from './values.js';

/**
 * The full-text candidate path's statements (docs/architecture.md#the-full-text-candidate-path): each accepted record's
 * canonical tokens, space-joined, in `Record.canonicalTokens`, under a Lucene full-text index with the whitespace
 * analyzer (schema/constraints.cypher: `record_canonical_tokens`), so a quoted phrase of canonical tokens matches
 * exactly the records holding those words in that order. Every member of a Neo4j cluster holds the index.
 */

export const RECORD_TOKENS_INDEX = 'record_canonical_tokens';

/** What the index holds for one accepted record. */
export interface RecordTokens {
  id: string;
  canonicalTokens: string;
}

// Only accepted records carry the property: a record that is not accepted is never a candidate.
export const writeRecordTokensCypher = `UNWIND $rows AS row
MATCH (r:Record {id: row.id}) WHERE r.status = 'ACCEPTED'
SET r.canonicalTokens = row.canonicalTokens`;

/** Puts accepted records' canonical tokens in the full-text index (in the caller's transaction). */
export async function writeRecordTokens(tx: Transaction, rows: readonly RecordTokens[]): Promise<void> {
  if (rows.length > 0) await tx.run(writeRecordTokensCypher, { rows });
}

/** A phrase query in Lucene syntax: the words quoted, `"` and `\` escaped (the whitespace analyzer keeps the rest). */
export function phraseQuery(phrase: string): string {
  return `"${phrase.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

// One round trip for a round of the plan: per phrase, the accepted records holding it (up to its limit), their
// distinct clusters, and their ids when few clusters hold it (a common phrase's ids are never needed).
export const phraseHoldersCypher = `UNWIND $phrases AS phrase
CALL {
  WITH phrase
  CALL db.index.fulltext.queryNodes('${RECORD_TOKENS_INDEX}', phrase.query, {limit: phrase.limit}) YIELD node
  WHERE node.status = 'ACCEPTED'
  RETURN count(node) AS records, count(DISTINCT node.clusterId) AS clusters, collect(node.id) AS ids
}
RETURN phrase.phrase AS phrase, phrase.limit AS lim, records, clusters,
  CASE WHEN clusters <= $commonClusters THEN ids ELSE [] END AS recordIds`;

/** Answers one round of phrase queries (phrase-search.ts). */
export async function phraseHolders(graph: GraphStore, queries: readonly PhraseQuery[], commonClusters: number): Promise<Map<string, PhraseAnswer>> {
  const phrases = queries.map((q) => ({ phrase: q.phrase, query: phraseQuery(q.phrase), limit: int(q.limit) }));
  const rows = await graph.read(phraseHoldersCypher, { phrases, commonClusters: int(commonClusters) });
  const answers = new Map<string, PhraseAnswer>();
  for (const row of rows) {
    const records = toNumber(row.records);
    answers.set(String(row.phrase), {
      records,
      clusters: toNumber(row.clusters),
      recordIds: (row.recordIds as unknown[]).map(String),
      complete: records < toNumber(row.lim),
    });
  }
  return answers;
}

export const candidateRecordsCypher = `UNWIND $ids AS id
MATCH (r:Record {id: id}) WHERE r.status = 'ACCEPTED'
RETURN r.id AS recordId, r.clusterId AS clusterId, r.canonicalTokens AS tokens, r.acceptedAt.epochMillis AS acceptedAtMs`;

/** The candidates' tokens and acceptance times (the local index's document order). */
export async function candidateRecords(graph: GraphStore, ids: readonly string[]): Promise<CandidateRecord[]> {
  if (ids.length === 0) return [];
  const rows = await graph.read(candidateRecordsCypher, { ids });
  return rows.map((r) => ({ recordId: String(r.recordId), clusterId: String(r.clusterId), tokens: String(r.tokens ?? ''), acceptedAtMs: toNumber(r.acceptedAtMs) }));
}

/** Where a walk over accepted records in acceptance order stands: the last record read (its acceptedAt as Neo4j sent it). */
export interface AcceptanceCursor {
  acceptedAt: unknown;
  recordId: string;
}

/** Before the first accepted record. */
export const ACCEPTANCE_START: AcceptanceCursor = { acceptedAt: null, recordId: '' };

// Keyset pagination on (acceptedAt, id): a range seek on the acceptedAt index, no skip. The cursor's acceptedAt is the
// stored value itself (sub-millisecond precision kept), so no record is read twice or skipped.
export const recordTokensAfterCypher = `MATCH (r:Record) WHERE r.acceptedAt >= coalesce($afterAt, datetime({epochMillis: 0})) AND r.status = 'ACCEPTED'
  AND ($afterAt IS NULL OR r.acceptedAt > $afterAt OR r.id > $afterId)
RETURN r.id AS recordId, r.acceptedAt AS acceptedAt, coalesce(r.canonicalTokens, '') AS tokens
ORDER BY r.acceptedAt, r.id LIMIT $limit`;

/** Up to `limit` accepted records' canonical tokens after `cursor`, in acceptance order: what the corpus-wide unigram model is counted from. */
export async function recordTokensAfter(graph: GraphStore, cursor: AcceptanceCursor, limit: number): Promise<{ tokens: string[]; cursor: AcceptanceCursor }> {
  const rows = await graph.read(recordTokensAfterCypher, { afterAt: cursor.acceptedAt, afterId: cursor.recordId, limit: int(limit) });
  const last = rows.at(-1);
  return { tokens: rows.map((r) => String(r.tokens)), cursor: last ? { acceptedAt: last.acceptedAt, recordId: String(last.recordId) } : cursor };
}
