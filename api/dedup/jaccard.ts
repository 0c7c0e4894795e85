/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two shingle sets (duplicates inside an input are ignored).
 * This, not the MinHash estimate, decides whether two records are near-duplicates: LSH only proposes candidates.
 * Two empty sets are identical (1).
 */
export function jaccard<T extends string | number>(a: readonly T[], b: readonly T[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  if (setA.size === 0 && setB.size === 0) return 1;
  let shared = 0;
  for (const item of setA) if (setB.has(item)) shared++;
  return shared / (setA.size + setB.size - shared);
}
