import { addCredit, toShares, type Share } from './shares.js';

/** Identifies the credit-split algorithm; stored on every INFLUENCED_BY edge so an attribution can be recomputed. */
export const OWEN_SPLIT_METHOD = 'owen-coverage';
export const OWEN_SPLIT_VERSION = 1;

/** One output token covered by at least one kept span. */
export interface CoveredToken {
  /** Surprisal −log p(token) > 0: rare tokens carry more evidence than common ones. */
  weight: number;
  /** Clusters whose kept spans cover this token (duplicates ignored; empty = not covered). */
  clusterIds: string[];
}

export interface ReachPath {
  adapterId: string;
  datanetId: string;
}

/** How the model being attributed sees one content cluster. */
export interface ClusterReach {
  clusterId: string;
  /** The cluster's first accepted record: the only record of the cluster that earns credit. */
  ownerRecordId: string;
  ownerContributorId: string;
  /**
   * The (adapter, datanet) pairs through which the model sees the cluster's representative record: the earliest
   * accepted member eligible for this model, normally the owner record (see `clusterReachFromMembers`). Later copies
   * add no paths; that is what keeps copies from moving anyone's credit. Empty: the model cannot have learned the
   * cluster, so it explains nothing.
   */
  paths: ReachPath[];
}

export interface SplitInput {
  tokens: CoveredToken[];
  /** All tokens of the output, covered or not. */
  totalTokens: number;
  clusters: ReadonlyMap<string, ClusterReach> | readonly ClusterReach[];
}

export interface CreditSplit {
  /** Fraction of the output's tokens explained by at least one cluster the model reaches. */
  coverage: number;
  adapters: Share[];
  datanets: Share[];
  contributors: Share[];
  records: Share[];
}

/*
 * Why this is the Owen value.
 *
 * Players are the access paths ℓ = (adapter, datanet, contributor, cluster) for which the model sees `cluster`, owned by
 * `contributor`, through `datanet` and `adapter`. They are nested in a levels structure: adapters ⊃ datanets ⊃
 * contributors ⊃ paths. The coverage game is v(S) = Σ_t w_t · [some path in S covers token t]: additive over tokens,
 * and each v_t is the "at least one" game of the set L_t of paths covering t.
 *
 * The Owen value, in the multilevel form of Winter (1989), averages a player's marginal contribution over the orders
 * in which every union at every level arrives contiguously, choosing uniformly at each level. In v_t a path adds w_t
 * exactly when it is the first member of L_t to arrive. In such a random order the first covering adapter is uniform
 * over the adapters that hold a covering path (1/|A_t|); within it, the first covering datanet is uniform over the
 * covering datanets under that adapter (1/|D_t,a|); then contributors (1/|C_t,a,d|); then that contributor's covering
 * clusters there (1/|K_t,a,d,c|). So each covering path gets w_t times the product of those fractions, and the value
 * is linear in the game, so summing over tokens gives the value of v. Paths that cover nothing are null players and
 * get 0. A test compares this closed form against the enumeration of all nested orders.
 *
 * Consequences the tests check: uploading a cluster that covers nothing (volume) changes nobody's credit; since only the
 * owner is on a cluster's paths, copies earn nothing; symmetric players get equal credit.
 */
export function splitCredit(input: SplitInput): CreditSplit {
  const clusters = indexClusters(input.clusters);
  validateTotals(input);

  const adapters = new Map<string, number>();
  const datanets = new Map<string, number>();
  const contributors = new Map<string, number>();
  const records = new Map<string, number>();
  let coveredTokens = 0;

  input.tokens.forEach((token, index) => {
    // A token listed with no covering cluster is simply uncovered; its weight is irrelevant.
    if (token.clusterIds.length === 0) return;
    if (!(Number.isFinite(token.weight) && token.weight > 0)) {
      throw new RangeError(`tokens[${index}].weight must be a finite number > 0 (surprisal), got ${token.weight}`);
    }
    const tree = coveringTree(token.clusterIds, clusters, index);
    if (tree.size === 0) return;
    coveredTokens++;

    const perAdapter = token.weight / tree.size;
    for (const [adapterId, datanetsOfAdapter] of tree) {
      addCredit(adapters, adapterId, perAdapter);
      const perDatanet = perAdapter / datanetsOfAdapter.size;
      for (const [datanetId, owners] of datanetsOfAdapter) {
        addCredit(datanets, datanetId, perDatanet);
        const perContributor = perDatanet / owners.size;
        for (const [contributorId, ownedClusters] of owners) {
          addCredit(contributors, contributorId, perContributor);
          const perCluster = perContributor / ownedClusters.length;
          for (const cluster of ownedClusters) addCredit(records, cluster.ownerRecordId, perCluster);
        }
      }
    }
  });

  return {
    coverage: input.totalTokens === 0 ? 0 : coveredTokens / input.totalTokens,
    adapters: toShares(adapters),
    datanets: toShares(datanets),
    contributors: toShares(contributors),
    records: toShares(records),
  };
}

/** adapter → datanet → owner contributor → covering clusters present there, for one token. */
type CoveringTree = Map<string, Map<string, Map<string, ClusterReach[]>>>;

function coveringTree(
  clusterIds: readonly string[],
  clusters: ReadonlyMap<string, ClusterReach>,
  tokenIndex: number,
): CoveringTree {
  const tree: CoveringTree = new Map();
  for (const clusterId of new Set(clusterIds)) {
    const cluster = clusters.get(clusterId);
    if (cluster === undefined) {
      throw new RangeError(`tokens[${tokenIndex}] is covered by cluster ${clusterId}, which is not in clusters`);
    }
    // A cluster listed twice under the same (adapter, datanet) is still one player there.
    for (const path of uniquePaths(cluster.paths)) {
      const byDatanet = getOrCreate(tree, path.adapterId, () => new Map<string, Map<string, ClusterReach[]>>());
      const byOwner = getOrCreate(byDatanet, path.datanetId, () => new Map<string, ClusterReach[]>());
      getOrCreate(byOwner, cluster.ownerContributorId, () => []).push(cluster);
    }
  }
  return tree;
}

function uniquePaths(paths: readonly ReachPath[]): ReachPath[] {
  const seen = new Map<string, ReachPath>();
  for (const path of paths) seen.set(JSON.stringify([path.adapterId, path.datanetId]), path);
  return [...seen.values()];
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function indexClusters(clusters: SplitInput['clusters']): ReadonlyMap<string, ClusterReach> {
  if (clusters instanceof Map) {
    for (const [key, cluster] of clusters) {
      if (key !== cluster.clusterId) throw new RangeError(`clusters map key ${key} holds cluster ${cluster.clusterId}`);
    }
    return clusters;
  }
  const byId = new Map<string, ClusterReach>();
  for (const cluster of clusters as readonly ClusterReach[]) {
    if (byId.has(cluster.clusterId)) throw new RangeError(`cluster ${cluster.clusterId} is listed twice`);
    byId.set(cluster.clusterId, cluster);
  }
  return byId;
}

function validateTotals(input: SplitInput): void {
  const { totalTokens, tokens } = input;
  if (!Number.isSafeInteger(totalTokens) || totalTokens < 0) {
    throw new RangeError(`totalTokens must be a non-negative integer, got ${totalTokens}`);
  }
  if (tokens.length > totalTokens) {
    throw new RangeError(`${tokens.length} covered tokens cannot exceed totalTokens (${totalTokens})`);
  }
}
