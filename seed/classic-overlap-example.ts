/**
 * The textbook case for dataset-level Shapley: A and B duplicate each other, C is unique. Either of A or B alone
 * scores 0.6, both together still 0.6; C alone 0.3; C with any of them 0.9. Leave-one-out would give A and B nothing
 * (each is redundant given the other); Shapley gives A = B = C = 0.3: the duplicates split the value they provide,
 * and the unique dataset keeps its own.
 */
export const CLASSIC_OVERLAP_EXAMPLE = {
  datanets: ['A', 'B', 'C'],
  coalitionScores: [
    { datanetIds: [], score: 0 },
    { datanetIds: ['A'], score: 0.6 },
    { datanetIds: ['B'], score: 0.6 },
    { datanetIds: ['C'], score: 0.3 },
    { datanetIds: ['A', 'B'], score: 0.6 },
    { datanetIds: ['A', 'C'], score: 0.9 },
    { datanetIds: ['B', 'C'], score: 0.9 },
    { datanetIds: ['A', 'B', 'C'], score: 0.9 },
  ],
  shapley: { A: 0.3, B: 0.3, C: 0.3 },
} as const satisfies {
  datanets: readonly string[];
  coalitionScores: ReadonlyArray<{ datanetIds: readonly string[]; score: number }>;
  shapley: Readonly<Record<string, number>>;
};
