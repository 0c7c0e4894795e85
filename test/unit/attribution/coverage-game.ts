// Test helpers for the credit split: random coverage games and a brute-force Owen value to check the closed form.
import fc from 'fast-check';
import type { ClusterReach, CoveredToken, SplitInput } from '../../../api/attribution/owen-split.js';

export interface Game {
  tokens: CoveredToken[];
  totalTokens: number;
  clusters: ClusterReach[];
}

const ADAPTERS = ['a0', 'a1', 'a2'];
const DATANETS = ['d0', 'd1', 'd2', 'd3'];
const CONTRIBUTORS = ['c0', 'c1', 'c2', 'c3'];

export const surprisal = fc.double({ min: 0.01, max: 20, noNaN: true });

/** A random game: up to `maxClusters` clusters, each reached through a random set of (adapter, datanet) pairs. */
export function gameArbitrary(options: { maxClusters: number; maxPaths: number; maxTokens: number }): fc.Arbitrary<Game> {
  const path = fc.record({ adapterId: fc.constantFrom(...ADAPTERS), datanetId: fc.constantFrom(...DATANETS) });
  const cluster = fc.record({
    ownerContributorId: fc.constantFrom(...CONTRIBUTORS),
    paths: fc.array(path, { maxLength: options.maxPaths }),
  });
  return fc
    .array(cluster, { minLength: 1, maxLength: options.maxClusters })
    .chain((specs) => {
      const clusters: ClusterReach[] = specs.map((spec, i) => ({
        clusterId: `k${i}`,
        ownerRecordId: `r${i}`,
        ownerContributorId: spec.ownerContributorId,
        paths: spec.paths,
      }));
      const token = fc.record({
        weight: surprisal,
        clusterIds: fc.subarray(clusters.map((c) => c.clusterId)),
      });
      return fc
        .tuple(fc.array(token, { maxLength: options.maxTokens }), fc.nat({ max: 20 }))
        .map(([tokens, uncovered]) => ({ tokens, totalTokens: tokens.length + uncovered, clusters }));
    });
}

export function asInput(game: Game): SplitInput {
  return { tokens: game.tokens, totalTokens: game.totalTokens, clusters: game.clusters };
}

/** One player of the levels structure: an access path to a cluster. */
interface Leaf {
  adapterId: string;
  datanetId: string;
  contributorId: string;
  cluster: ClusterReach;
}

function* permutations<T>(items: T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i]!, ...tail];
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

/** All orders of the leaves consistent with adapter ⊃ datanet ⊃ contributor ⊃ leaf. */
function* levelOrders(leaves: Leaf[]): Generator<Leaf[]> {
  const orderLevel = function* (items: Leaf[], depth: number): Generator<Leaf[]> {
    if (depth === 3) {
      yield* permutations(items);
      return;
    }
    const key = [(l: Leaf) => l.adapterId, (l: Leaf) => l.datanetId, (l: Leaf) => l.contributorId][depth]!;
    const groups = groupBy(items, key);
    for (const groupOrder of permutations(groups)) {
      // Each group is ordered independently: the Cartesian product of their inner orders.
      const inner = groupOrder.map((group) => [...orderLevel(group, depth + 1)]);
      yield* product(inner);
    }
  };
  yield* orderLevel(leaves, 0);
}

function* product<T>(choices: T[][][]): Generator<T[]> {
  const [first, ...rest] = choices;
  if (first === undefined) {
    yield [];
    return;
  }
  for (const head of first) for (const tail of product(rest)) yield [...head, ...tail];
}

export function leafCount(game: Game): number {
  return leavesOf(game).length;
}

function leavesOf(game: Game): Leaf[] {
  const leaves: Leaf[] = [];
  for (const cluster of game.clusters) {
    const seen = new Set<string>();
    for (const path of cluster.paths) {
      const key = `${path.adapterId}/${path.datanetId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      leaves.push({ adapterId: path.adapterId, datanetId: path.datanetId, contributorId: cluster.ownerContributorId, cluster });
    }
  }
  return leaves;
}

/**
 * The Owen (Winter levels-structure) value of the coverage game by definition: the average over all nested orders
 * of each leaf's marginal contribution, aggregated to adapters, datanets, contributors and owner records.
 */
export function bruteForceOwen(game: Game): Record<'adapters' | 'datanets' | 'contributors' | 'records', Map<string, number>> {
  const leaves = leavesOf(game);
  const value = new Map<Leaf, number>(leaves.map((l) => [l, 0]));
  let orders = 0;
  for (const order of levelOrders(leaves)) {
    orders++;
    for (const token of game.tokens) {
      const first = order.find((leaf) => token.clusterIds.includes(leaf.cluster.clusterId));
      if (first !== undefined) value.set(first, value.get(first)! + token.weight);
    }
  }
  const totals = { adapters: new Map<string, number>(), datanets: new Map<string, number>(), contributors: new Map<string, number>(), records: new Map<string, number>() };
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const [leaf, v] of value) {
    add(totals.adapters, leaf.adapterId, v / orders);
    add(totals.datanets, leaf.datanetId, v / orders);
    add(totals.contributors, leaf.contributorId, v / orders);
    add(totals.records, leaf.cluster.ownerRecordId, v / orders);
  }
  return totals;
}
