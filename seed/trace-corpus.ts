/**
 * A bulk load of trace-corpus records (id, cluster, text) into Neo4j through the store's importers, for the full-text
 * candidate path's bench and test (docs/architecture.md#the-full-text-candidate-path): one contributor and datanet,
 * each record ACCEPTED at its own millisecond in the order given (the suffix index's document order), then each
 * record's canonical tokens written into the full-text index as a second, separately timed step.
 */
import type { CorpusRecord } from '../api/attribution/trace/corpus-index.js';
import { canonicalTokenText } from '../api/attribution/trace/candidate-corpus.js';
import { CURRENT_TRACE_METHOD } from '../api/attribution/trace/trace-method.js';
import { contentHash } from '../api/core/normalize.js';
import { importContributors } from '../api/store/contributors.js';
import { importDatanets } from '../api/store/datanets.js';
import type { GraphStore } from '../api/store/graph-store.js';
import { importClusters, importRecords, type ClusterImport } from '../api/store/records.js';
import { writeRecordTokens } from '../api/store/trace-fulltext.js';

const BATCH = 2000;
const CONTRIBUTOR = 'ctb_trace_corpus';
const DATANET = 'dn_trace_corpus';
/** Acceptance times start here, one millisecond apart. */
export const TRACE_CORPUS_EPOCH_MS = Date.UTC(2026, 0, 1);

export interface LoadProgress {
  (phase: 'records' | 'tokens', done: number, total: number): void;
}

/** The records (their graph: contributor, datanet, clusters, records). */
export async function loadTraceRecords(graph: GraphStore, records: readonly CorpusRecord[], progress?: LoadProgress): Promise<void> {
  const at = new Date(TRACE_CORPUS_EPOCH_MS).toISOString();
  await graph.write(async (tx) => {
    await importContributors(tx, [{ id: CONTRIBUTOR, handle: 'trace-corpus', roles: ['CONTRIBUTOR'], apiKeyHash: contentHash(CONTRIBUTOR), createdAt: at }]);
    await importDatanets(tx, [{ id: DATANET, name: 'Trace corpus', description: 'Synthetic trace corpus', domain: null, admission: 'OPEN', createdAt: at, ownerId: CONTRIBUTOR }]);
  });
  const seenClusters = new Set<string>();
  for (let start = 0; start < records.length; start += BATCH) {
    const batch = records.slice(start, start + BATCH);
    const clusters: ClusterImport[] = [];
    for (const r of batch) {
      if (seenClusters.has(r.clusterId)) continue;
      seenClusters.add(r.clusterId);
      clusters.push({ id: r.clusterId, contentHash: contentHash(r.text), shingles: [], ownerRecordId: r.recordId, bandHashes: null });
    }
    const rows = batch.map((r, k) => {
      const acceptedAt = new Date(TRACE_CORPUS_EPOCH_MS + start + k).toISOString();
      return {
        id: r.recordId, contentHash: contentHash(r.text), text: r.text, license: 'CC-BY-4.0', status: 'ACCEPTED' as const,
        submittedAt: acceptedAt, acceptedAt, datanetId: DATANET, contributorId: CONTRIBUTOR, clusterId: r.clusterId,
      };
    });
    await graph.write(async (tx) => {
      await importClusters(tx, clusters, 'trace-corpus');
      await importRecords(tx, rows);
    });
    progress?.('records', Math.min(records.length, start + BATCH), records.length);
  }
}

/** Their canonical tokens into the full-text index (the index's build: Lucene indexes each write as it commits). */
export async function loadTraceTokens(graph: GraphStore, records: readonly CorpusRecord[], progress?: LoadProgress): Promise<void> {
  for (let start = 0; start < records.length; start += BATCH) {
    const rows = records.slice(start, start + BATCH).map((r) => ({ id: r.recordId, canonicalTokens: canonicalTokenText(r.text, CURRENT_TRACE_METHOD) }));
    await graph.write((tx) => writeRecordTokens(tx, rows));
    progress?.('tokens', Math.min(records.length, start + BATCH), records.length);
  }
}
