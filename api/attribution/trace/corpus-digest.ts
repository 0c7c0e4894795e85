/**
 * Corpus digest: how the API decides whether a persisted index still matches Neo4j. It depends only on the
 * SET of record ids (sorted before hashing), so the API can compute it from an unordered Cypher result and compare
 * without loading the index's texts. Format: `<count>:<sha256 hex of the sorted ids, newline-joined>`.
 */
import { createHash } from 'node:crypto';

export function corpusDigest(recordIds: Iterable<string>): string {
  const ids = [...new Set(recordIds)].sort();
  const hash = createHash('sha256');
  for (const id of ids) hash.update(id, 'utf8').update('\n');
  return `${ids.length}:${hash.digest('hex')}`;
}
