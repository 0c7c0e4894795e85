/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two shingle sets (duplicates inside an input are ignored).
 * This, not the MinHash estimate, decides whether two records are near-duplicates: LSH only proposes candidates.
 * Two empty sets are identical (1).
 */
export function jaccard<T extends string | number>(a: readonly T[], b: readonly T[]): number {
  return jaccardOfSets(new Set(a), new Set(b));
}

/** The same for sets already built (a caller comparing one set with many builds each once). */
export function jaccardOfSets<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
