import { actorGuard, countGuarded, type Guard } from './actor-guard.js';
import type { Transaction } from './transaction.js';

/**
 * OpenLineage runs and their events (docs/architecture.md#openlineage-ingest): `(:LineageRun {runId})` with one
 * `(:LineageEvent {key})` per event it was sent, and `(:LineageRun)-[:REGISTERED]->(:Adapter)` when its COMPLETE
 * event registered one. `LineageEvent.key` (runId/eventType) is unique-constrained: it is what makes a repeated event
 * a replay, for good (unlike idempotency keys, event keys never expire), and two concurrent copies cannot both commit.
 */

/** What a repeat of an event must be compared with: the stored copy of the same key, and who owns the run. */
export interface StoredEvent {
  payloadHash: string;
  adapterId: string | null;
}

export const storedEventCypher = `OPTIONAL MATCH (e:LineageEvent {key: $key})
OPTIONAL MATCH (run:LineageRun {runId: $runId})
RETURN e.payloadHash AS payloadHash, e.adapterId AS adapterId, e IS NOT NULL AS exists, run.submittedBy AS runOwner`;

export async function storedEvent(tx: Transaction, key: string, runId: string): Promise<{ event: StoredEvent | null; runOwner: string | null }> {
  const row = (await tx.run(storedEventCypher, { key, runId })).records[0]!;
  return {
    event: row.get('exists') === true ? { payloadHash: String(row.get('payloadHash')), adapterId: (row.get('adapterId') as string | null) ?? null } : null,
    runOwner: (row.get('runOwner') as string | null) ?? null,
  };
}

export interface NewLineageEvent {
  key: string;
  runId: string;
  eventType: string;
  eventTime: string;
  jobNamespace: string;
  jobName: string;
  producer: string;
  schemaURL: string;
  /** The event as posted, canonical JSON (RFC 8785), and its SHA-256. */
  payload: string;
  payloadHash: string;
  /** Who posts: a contributor id, or `admin-key`. A run belongs to whoever sent its first event. */
  submittedBy: string;
}

/**
 * Creates the event behind the guard, and its run when this is the run's first event. 0 means the guard refused or
 * the run belongs to someone else, and nothing was written; a constraint violation means a concurrent copy won.
 */
export async function createLineageEvent(tx: Transaction, guard: Guard, event: NewLineageEvent): Promise<number> {
  return countGuarded(
    tx,
    guard,
    `${actorGuard('roles')}
     MERGE (run:LineageRun {runId: $runId})
       ON CREATE SET run.jobNamespace = $jobNamespace, run.jobName = $jobName, run.submittedBy = $submittedBy, run.createdAt = datetime.statement()
     WITH run WHERE run.submittedBy = $submittedBy
     CREATE (e:LineageEvent {key: $key, runId: $runId, eventType: $eventType, eventTime: datetime($eventTime), producer: $producer,
       schemaURL: $schemaURL, payload: $payload, payloadHash: $payloadHash, receivedAt: datetime.statement()})
     CREATE (run)-[:HAD_EVENT]->(e)
     RETURN count(e) AS created`,
    { ...event },
    'created',
  );
}

/** Links a run to the adapter its COMPLETE event registered, and keeps the training metadata on the adapter. */
export async function linkRegisteredAdapter(tx: Transaction, link: { key: string; runId: string; adapterId: string; trainingMetadata: string }): Promise<void> {
  await tx.run(
    `MATCH (run:LineageRun {runId: $runId})
     MATCH (e:LineageEvent {key: $key})
     MATCH (a:Adapter {id: $adapterId})
     SET e.adapterId = a.id, run.adapterId = a.id, a.trainingRunId = run.runId, a.trainingMetadata = $trainingMetadata
     CREATE (run)-[:REGISTERED]->(a)`,
    { ...link },
  );
}
