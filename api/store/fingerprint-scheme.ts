import type { GraphStore } from './graph-store.js';

/**
 * The graph remembers which fingerprint scheme its content clusters' signatures and LSH bands were computed with
 * (one `FingerprintScheme` node, set by the first Strata that starts on it). A Strata with another scheme would
 * compare incompatible signatures and silently miss near-duplicates, so it refuses to start instead. `version` is
 * the running Strata's `FINGERPRINT_VERSION` (api/dedup/fingerprint.ts).
 */
export async function checkFingerprintScheme(graph: GraphStore, version: string): Promise<void> {
  const stored = await graph.write(async (tx) => {
    const res = await tx.run(
      `MERGE (s:FingerprintScheme {id: 'content-clusters'})
       ON CREATE SET s.version = $version, s.since = datetime.statement()
       RETURN s.version AS version`,
      { version },
    );
    return String(res.records[0]!.get('version'));
  });
  if (stored !== version) {
    throw new Error(
      `This graph's content clusters were fingerprinted with "${stored}" but this Strata computes "${version}": ` +
        'near-duplicate detection would silently miss. Run the Strata version that matches the graph, or re-fingerprint ' +
        'every ContentCluster (signature and lshBands) and set FingerprintScheme.version.',
    );
  }
}
