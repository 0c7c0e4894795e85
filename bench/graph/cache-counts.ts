/** The Strata API's cache counters, scraped from its /metrics (docs/architecture.md#lookups-from-memory). */
export interface CacheCounts {
  provenance: { hits: number; misses: number };
  responses: { hits: number; misses: number };
}

export async function lookupCacheCounts(graphqlUrl: string): Promise<CacheCounts> {
  const text = await (await fetch(new URL('/metrics', graphqlUrl))).text();
  const sample = (name: string, result: string) => Number(new RegExp(`^${name}\\{result="${result}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    provenance: { hits: sample('strata_provenance_cache_lookups_total', 'hit'), misses: sample('strata_provenance_cache_lookups_total', 'miss') },
    responses: { hits: sample('strata_lookup_response_cache_lookups_total', 'hit'), misses: sample('strata_lookup_response_cache_lookups_total', 'miss') },
  };
}

/** Provenance reads sent to Neo4j and the queries they shared (docs/architecture.md#provenance-reads-in-batches). */
export async function provenanceReadCounts(graphqlUrl: string): Promise<{ reads: number; queries: number; direct: number }> {
  const text = await (await fetch(new URL('/metrics', graphqlUrl))).text();
  const sample = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { reads: sample('strata_provenance_reads_total'), queries: sample('strata_provenance_read_queries_total'), direct: sample('strata_direct_lookups_total{result="answered"}') };
}
