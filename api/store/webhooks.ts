import type { Node } from 'neo4j-driver';
import { actorGuard, countGuarded, type Guard } from './actor-guard.js';
import type { GraphStore } from './graph-store.js';
import type { Transaction } from './transaction.js';
import { int, plainNode, toNumber } from './values.js';
import { PROPOSAL_NAMED_EVENT_ID, RECORD_USED_EVENT_ID, type ContributorEventShape, type NotificationKind } from './contributor-events.js';

/**
 * Webhook subscriptions and deliveries (docs/architecture.md#notifications):
 * `(:Contributor)-[:SUBSCRIBED]->(:WebhookSubscription)-[:DELIVERS]->(:WebhookDelivery)`. A delivery is one event for
 * one subscription; its id (`<subscription>/<event id>`) is unique, so finding an event twice enqueues it once.
 * `NotificationCursor` remembers how far the output scan has read.
 */
export type { NotificationKind } from './contributor-events.js';

export interface WebhookSubscriptionShape {
  id: string;
  contributorId: string;
  url: string;
  events: NotificationKind[];
  createdAt: string;
}

/** One event (the definition both channels share: store/contributor-events.ts) for one subscription, and its delivery state. */
export interface WebhookDeliveryShape extends ContributorEventShape {
  id: string;
  subscriptionId: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  nextAttemptAt?: string | null;
  lastAttemptAt?: string | null;
  lastStatusCode?: number | null;
  lastError?: string | null;
  deliveredAt?: string | null;
  createdAt: string;
}

/** Creates the subscription for the caller (who must have a Contributor node), behind the guard. */
export async function createSubscription(tx: Transaction, guard: Guard, s: { id: string; url: string; events: string[]; secret: string }): Promise<number> {
  return countGuarded(
    tx,
    guard,
    `${actorGuard('roles')}
     WITH actor WHERE actor IS NOT NULL
     CREATE (s:WebhookSubscription {id: $id, contributorId: actor.id, url: $url, events: $events, secret: $secret, active: true, createdAt: datetime.statement()})
     CREATE (actor)-[:SUBSCRIBED]->(s)
     RETURN count(s) AS created`,
    { ...s },
    'created',
  );
}

/** Deletes the caller's subscription and its deliveries; 0 when it is not theirs or not there. */
export async function deleteSubscription(tx: Transaction, s: { id: string; contributorId: string }): Promise<number> {
  const res = await tx.run(
    `MATCH (s:WebhookSubscription {id: $id}) WHERE s.contributorId = $contributorId
     OPTIONAL MATCH (s)-[:DELIVERS]->(d:WebhookDelivery)
     WITH s, collect(d) AS deliveries
     FOREACH (d IN deliveries | DETACH DELETE d)
     DETACH DELETE s
     RETURN count(*) AS deleted`,
    { ...s },
  );
  return toNumber(res.records[0]?.get('deleted') ?? 0);
}

export const subscriptionsOfCypher = `MATCH (:Contributor {id: $contributorId})-[:SUBSCRIBED]->(s:WebhookSubscription)
RETURN s ORDER BY s.createdAt, s.id`;

export async function subscriptionsOf(graph: GraphStore, contributorId: string): Promise<WebhookSubscriptionShape[]> {
  const rows = await graph.read<{ s: Node }>(subscriptionsOfCypher, { contributorId });
  return rows.map(({ s }) => {
    const { secret: _secret, ...shape } = plainNode<WebhookSubscriptionShape & { secret?: string }>(s);
    return shape;
  });
}

export const deliveriesOfCypher = `MATCH (:WebhookSubscription {id: $subscriptionId})-[:DELIVERS]->(d:WebhookDelivery)
WITH d ORDER BY d.createdAt DESC, d.id LIMIT $limit
RETURN d`;

export async function deliveriesOf(graph: GraphStore, subscriptionId: string, limit: number): Promise<WebhookDeliveryShape[]> {
  const rows = await graph.read<{ d: Node }>(deliveriesOfCypher, { subscriptionId, limit: int(limit) });
  return rows.map(({ d }) => plainNode<WebhookDeliveryShape>(d));
}

/**
 * The walk both enqueue scans share: the items of `label` created since the kind's cursor (less `lagMs`, so an item
 * whose transaction committed a little after a later one is still seen), at most `limit` per scan, oldest first, each
 * handed as `v` to `enqueue` (which returns `found`); the cursor then moves to the newest scanned.
 */
const scanSinceCursor = (kind: string, label: string, v: string, plural: string, enqueue: string) => `MERGE (cursor:NotificationCursor {id: '${kind}'})
  ON CREATE SET cursor.at = datetime.statement()
WITH cursor
CALL (cursor) {
  MATCH (${v}:${label}) WHERE ${v}.createdAt > cursor.at - duration({milliseconds: $lagMs})
  WITH ${v} ORDER BY ${v}.createdAt LIMIT $limit
  RETURN collect(${v}) AS ${plural}, max(${v}.createdAt) AS latest
}
CALL (${plural}) {
  UNWIND ${plural} AS ${v}
${enqueue}
}
FOREACH (_ IN CASE WHEN latest IS NOT NULL AND latest > cursor.at THEN [1] ELSE [] END | SET cursor.at = latest)
RETURN found`;

/** Enqueues RECORD_USED deliveries for outputs recorded since the cursor (re-finding one enqueues nothing). */
export const enqueueRecordUsedCypher = scanSinceCursor('RECORD_USED', 'Output', 'o', 'outputs', `  MATCH (o)-[i:INFLUENCED_BY]->(r:Record)<-[:CONTRIBUTED]-(c:Contributor)-[:SUBSCRIBED]->(s:WebhookSubscription)
  WHERE s.active AND 'RECORD_USED' IN s.events AND o.createdAt >= s.createdAt
  WITH o, c, s, r, i ORDER BY r.id
  WITH o, c, s, collect(r.id) AS recordIds, collect(i.share) AS shares
  WITH o, c, s, recordIds, shares, ${RECORD_USED_EVENT_ID} AS eventId
  MERGE (d:WebhookDelivery {id: s.id + '/' + eventId})
    ON CREATE SET d.eventId = eventId, d.kind = 'RECORD_USED', d.subscriptionId = s.id, d.outputId = o.id, d.contributorId = c.id,
      d.recordIds = recordIds, d.shares = shares, d.occurredAt = o.createdAt, d.status = 'PENDING', d.attempts = 0,
      d.nextAttemptAt = datetime.statement(), d.createdAt = datetime.statement()
  MERGE (s)-[:DELIVERS]->(d)
  RETURN count(d) AS found`);

export async function enqueueRecordUsed(tx: Transaction, options: { lagMs: number; limit: number }): Promise<number> {
  const res = await tx.run(enqueueRecordUsedCypher, { lagMs: int(options.lagMs), limit: int(options.limit) });
  return toNumber(res.records[0]?.get('found') ?? 0);
}

/** Claims up to `limit` due deliveries for `leaseMs` (another process skips them meanwhile), with where to send them. */
export const claimDueCypher = `MATCH (d:WebhookDelivery) WHERE d.nextAttemptAt <= datetime.statement() AND d.status = 'PENDING'
  AND (d.leaseUntil IS NULL OR d.leaseUntil < datetime.statement())
WITH d ORDER BY d.nextAttemptAt, d.id LIMIT $limit
MATCH (s:WebhookSubscription {id: d.subscriptionId})
SET d.leaseUntil = datetime.statement() + duration({milliseconds: $leaseMs})
RETURN d, s.url AS url, s.secret AS secret`;

export async function claimDue(tx: Transaction, options: { limit: number; leaseMs: number }): Promise<Array<{ delivery: WebhookDeliveryShape; url: string; secret: string }>> {
  const res = await tx.run(claimDueCypher, { limit: int(options.limit), leaseMs: int(options.leaseMs) });
  return res.records.map((r) => ({ delivery: plainNode<WebhookDeliveryShape>(r.get('d') as Node), url: String(r.get('url')), secret: String(r.get('secret')) }));
}

/** Records one attempt: DELIVERED, PENDING again after `retryInMs`, or FAILED for good. */
export const recordAttemptCypher = `MATCH (d:WebhookDelivery {id: $id})
SET d.attempts = d.attempts + 1, d.lastAttemptAt = datetime.statement(), d.lastStatusCode = $statusCode, d.lastError = $error,
  d.leaseUntil = null, d.status = $status,
  d.nextAttemptAt = CASE WHEN $status = 'PENDING' THEN datetime.statement() + duration({milliseconds: $retryInMs}) ELSE null END,
  d.deliveredAt = CASE WHEN $status = 'DELIVERED' THEN datetime.statement() ELSE d.deliveredAt END`;

export async function recordAttempt(
  tx: Transaction,
  attempt: { id: string; status: 'PENDING' | 'DELIVERED' | 'FAILED'; statusCode: number | null; error: string | null; retryInMs: number },
): Promise<void> {
  await tx.run(recordAttemptCypher, { ...attempt, statusCode: attempt.statusCode === null ? null : int(attempt.statusCode), retryInMs: int(attempt.retryInMs) });
}

/**
 * Enqueues PROPOSAL_NAMED deliveries for proposals created since the cursor: a proposal names a contributor when its
 * subject is them (a sanction) or a datanet they own (its eligibility).
 */
export const enqueueProposalNamedCypher = scanSinceCursor('PROPOSAL_NAMED', 'Proposal', 'p', 'proposals', `  CALL (p) {
    MATCH (c:Contributor {id: p.subjectId}) RETURN c, 'SUBJECT' AS role
    UNION
    MATCH (dn:Datanet {id: p.subjectId}) MATCH (c:Contributor {id: dn.ownerId}) RETURN c, 'DATANET_OWNER' AS role
  }
  MATCH (c)-[:SUBSCRIBED]->(s:WebhookSubscription)
  WHERE s.active AND 'PROPOSAL_NAMED' IN s.events AND p.createdAt >= s.createdAt
  WITH p, c, s, role, ${PROPOSAL_NAMED_EVENT_ID} AS eventId
  OPTIONAL MATCH (known:WebhookDelivery {id: s.id + '/' + eventId})
  MERGE (d:WebhookDelivery {id: s.id + '/' + eventId})
    ON CREATE SET d.eventId = eventId, d.kind = 'PROPOSAL_NAMED', d.subscriptionId = s.id, d.contributorId = c.id,
      d.proposalId = p.id, d.proposalKind = p.kind, d.role = role, d.occurredAt = p.createdAt, d.status = 'PENDING', d.attempts = 0,
      d.nextAttemptAt = datetime.statement(), d.createdAt = datetime.statement()
  MERGE (s)-[:DELIVERS]->(d)
  RETURN count(CASE WHEN known IS NULL THEN d END) AS found`);

/** How many PROPOSAL_NAMED deliveries were new (found again: not counted, not enqueued twice). */
export async function enqueueProposalNamed(tx: Transaction, options: { lagMs: number; limit: number }): Promise<number> {
  const res = await tx.run(enqueueProposalNamedCypher, { lagMs: int(options.lagMs), limit: int(options.limit) });
  return toNumber(res.records[0]?.get('found') ?? 0);
}

/** Subscriptions to VALUE_DROPPED with their contributor: whose value history the dispatcher checks. */
export const valueDropSubscriptionsCypher = `MATCH (c:Contributor)-[:SUBSCRIBED]->(s:WebhookSubscription)
WHERE s.active AND 'VALUE_DROPPED' IN s.events
RETURN s.id AS subscriptionId, c.id AS contributorId
ORDER BY s.id
LIMIT $limit`;

export async function valueDropSubscriptions(graph: GraphStore, limit: number): Promise<Array<{ subscriptionId: string; contributorId: string }>> {
  const rows = await graph.read<{ subscriptionId: string; contributorId: string }>(valueDropSubscriptionsCypher, { limit: int(limit) });
  return rows.map((r) => ({ subscriptionId: r.subscriptionId, contributorId: r.contributorId }));
}

/**
 * Enqueues VALUE_DROPPED deliveries, one per subscription and flagged model version (event id
 * `value-dropped:<model>:<contributor>`): found again in later scans, enqueued once.
 */
export const enqueueValueDroppedCypher = `UNWIND $rows AS row
MATCH (s:WebhookSubscription {id: row.subscriptionId})
WITH s, row, 'value-dropped:' + row.modelId + ':' + row.contributorId AS eventId
OPTIONAL MATCH (known:WebhookDelivery {id: s.id + '/' + eventId})
MERGE (d:WebhookDelivery {id: s.id + '/' + eventId})
  ON CREATE SET d.eventId = eventId, d.kind = 'VALUE_DROPPED', d.subscriptionId = s.id, d.contributorId = row.contributorId,
    d.modelId = row.modelId, d.payload = row.payload, d.occurredAt = datetime.statement(), d.status = 'PENDING', d.attempts = 0,
    d.nextAttemptAt = datetime.statement(), d.createdAt = datetime.statement()
MERGE (s)-[:DELIVERS]->(d)
RETURN count(CASE WHEN known IS NULL THEN d END) AS found`;

/** How many VALUE_DROPPED deliveries were new. */
export async function enqueueValueDropped(
  tx: Transaction,
  rows: ReadonlyArray<{ subscriptionId: string; contributorId: string; modelId: string; payload: string }>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await tx.run(enqueueValueDroppedCypher, { rows: rows.map((r) => ({ ...r })) });
  return toNumber(res.records[0]?.get('found') ?? 0);
}
