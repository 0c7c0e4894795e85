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
