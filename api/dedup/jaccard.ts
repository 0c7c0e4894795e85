/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two shingle sets (duplicates inside an input are ignored).
 * This, not the MinHash estimate, decides whether two records are near-duplicates: LSH only proposes candidates.
 * Two empty sets are identical (1).
 */
export function jaccard<T extends string | number>(a: readonly T[], b: readonly T[]): number {
  return jaccardOfSets(new Set(a), new Set(b));
}

/**
 * The same for two ascending arrays of distinct numbers (a fingerprint's shingles are stored that way), by one merge
 * walk instead of two hash sets: near-duplicate checks compare each new record with every candidate. An input that
 * is not strictly ascending is measured the general way, so the answer never depends on how it was stored.
 */
export function jaccardOfSorted(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if ((i > 0 && x <= a[i - 1]!) || (j > 0 && y <= b[j - 1]!)) return jaccard(a, b);
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  // The tails were not compared with each other, but must still be ascending for the count of distinct items to hold.
  for (; i < a.length; i++) if (i > 0 && a[i]! <= a[i - 1]!) return jaccard(a, b);
  for (; j < b.length; j++) if (j > 0 && b[j]! <= b[j - 1]!) return jaccard(a, b);
  return shared / (a.length + b.length - shared);
}

/** The same for sets already built (a caller comparing one set with many builds each once). */
export function jaccardOfSets<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
