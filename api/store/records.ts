import type { ManagedTransaction } from 'neo4j-driver';

/**
 * Takes the write lock on existing nodes until the transaction ends, without changing them (a property set and removed
 * in the same statement). Reads that follow in the same transaction then see every write committed before the lock,
 * and no other writer can change the nodes until this one commits. Ids are locked in sorted order so two writers
 * locking overlapping sets cannot deadlock each other (and Neo4j's deadlock detection plus the driver's retry cover
 * what ordering cannot).
 */
export async function lockNodes(tx: ManagedTransaction, label: 'Datanet' | 'Record' | 'ContentCluster', ids: Iterable<string>): Promise<void> {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length === 0) return;
  await tx.run(`UNWIND $ids AS id MATCH (n:${label} {id: id}) SET n.strataLock = true REMOVE n.strataLock`, { ids: sorted });
}

/**
 * Creates (if missing) and locks the LSH band nodes of the given keys. Two transactions ingesting near-duplicate texts
 * share at least one band key (with probability ≈ 1 − 5·10⁻⁸ at Jaccard 0.8), so the second waits for the first and
 * then finds its cluster: concurrent near-duplicates cannot start two clusters. Bands no cluster ends up using are
 * removed again by `dropUnusedBands`.
 */
export async function lockBands(tx: ManagedTransaction, keys: Iterable<string>): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await tx.run('UNWIND $keys AS key MERGE (b:LshBand {key: key}) SET b.strataLock = true REMOVE b.strataLock', { keys: sorted });
}

export async function dropUnusedBands(tx: ManagedTransaction, keys: Iterable<string>): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await tx.run('UNWIND $keys AS key MATCH (b:LshBand {key: key}) WHERE NOT EXISTS { (b)<-[:HAS_BAND]-() } DELETE b', { keys: sorted });
}
