import { stableHash32 } from './text.js';
import type { CorpusContributor } from './types.js';

/** Fictional contributors of the demo. */
export const CONTRIBUTORS: readonly CorpusContributor[] = [
  { key: 'amara', handle: 'amara' },
  { key: 'bo', handle: 'bo' },
  { key: 'chen', handle: 'chen' },
  { key: 'dmitri', handle: 'dmitri' },
  { key: 'esi', handle: 'esi' },
  { key: 'farah', handle: 'farah' },
  { key: 'goran', handle: 'goran' },
  { key: 'hana', handle: 'hana' },
];

export type ContributorKey = 'amara' | 'bo' | 'chen' | 'dmitri' | 'esi' | 'farah' | 'goran' | 'hana';

/**
 * Who contributes to which datanet, and how much (relative weights). Skewed on purpose: amara brings a large share of
 * three datanets, while chen and farah are the legal glossary's main contributors.
 */
export const CONTRIBUTOR_WEIGHTS: Readonly<Record<string, ReadonlyArray<readonly [ContributorKey, number]>>> = {
  licenses: [
    ['amara', 6],
    ['bo', 2],
    ['chen', 1],
    ['dmitri', 1],
  ],
  factbook: [
    ['amara', 4],
    ['esi', 3],
    ['farah', 2],
    ['dmitri', 1],
  ],
  wordnet: [
    ['hana', 4],
    ['amara', 3],
    ['goran', 2],
    ['bo', 1],
  ],
  'legal-glossary': [
    ['chen', 3],
    ['farah', 2],
  ],
};

/** Deterministic weighted choice from the record key (no PRNG state: adding a record moves no other record). */
export function assignContributor(datanetKey: string, recordKey: string): ContributorKey {
  const weights = CONTRIBUTOR_WEIGHTS[datanetKey];
  if (!weights || weights.length === 0) throw new Error(`no contributor weights for datanet ${datanetKey}`);
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let ticket = stableHash32(recordKey) % total;
  for (const [contributor, weight] of weights) {
    if (ticket < weight) return contributor;
    ticket -= weight;
  }
  throw new Error('unreachable');
}
