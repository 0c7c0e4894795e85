import type { GraphStore } from './graph-store.js';
import { int, plainValue } from './values.js';

/**
 * Events about a contributor's contributions, read from what the write path stored (docs/architecture.md#notifications).
 * One definition serves both channels: the webhook scan (store/webhooks.ts) stores these fields on each
 * WebhookDelivery, and the event stream reads them here, so an event has the same id and payload on both.
 */
export type NotificationKind = 'RECORD_USED' | 'VALUE_DROPPED' | 'PROPOSAL_NAMED';

export interface ContributorEventShape {
  /** `record-used:<output>:<contributor>`, `value-dropped:<model>:<contributor>`, `proposal-named:<proposal>:<contributor>`. */
  eventId: string;
  kind: NotificationKind;
  contributorId: string;
  /** RECORD_USED: the output and the records of the contributor's it credited, with their shares. */
  outputId?: string | null;
  recordIds?: string[] | null;
  shares?: number[] | null;
  /** VALUE_DROPPED: the model version, its previous version, and the numbers behind the flag (JSON). */
  modelId?: string | null;
  /** PROPOSAL_NAMED: the proposal, its kind, and how it names the contributor (SUBJECT or DATANET_OWNER). */
  proposalId?: string | null;
  proposalKind?: string | null;
  role?: string | null;
  /** Kind-specific numbers, as JSON (VALUE_DROPPED). */
  payload?: string | null;
  /** ISO-8601, milliseconds (as the webhook body says it). */
  occurredAt: string;
}

/** An event read for the stream, with the exact instant it happened (Neo4j's nanoseconds): where a cursor resumes. */
export interface StoredContributorEvent extends ContributorEventShape {
  at: string;
}

/** The event ids, as Cypher over `o` (output) / `p` (proposal) and `c` (contributor); the webhook scan uses the same. */
export const RECORD_USED_EVENT_ID = `'record-used:' + o.id + ':' + c.id`;
export const PROPOSAL_NAMED_EVENT_ID = `'proposal-named:' + p.id + ':' + c.id`;

/** A position in a contributor's events: after the event `eventId` that happened at `at` (exact instant). */
export interface EventPosition {
  at: string;
  eventId: string;
}

/**
 * RECORD_USED events of one contributor after a position, oldest first: anchored on the contributor, through their
 * records to the outputs that credited them. `$contributorIds` (the live path) names the contributors listening.
 */
const recordUsedRows = `WITH o, c, r, i ORDER BY r.id
WITH o, c, collect(r.id) AS recordIds, collect(i.share) AS shares
WITH o, c, recordIds, shares, ${RECORD_USED_EVENT_ID} AS eventId`;

const recordUsedReturn = `RETURN {eventId: eventId, kind: 'RECORD_USED', contributorId: c.id, outputId: o.id, recordIds: recordIds, shares: shares,
  occurredAt: o.createdAt, at: toString(o.createdAt)} AS event`;

export const recordUsedSinceCypher = `MATCH (c:Contributor {id: $contributorId})-[:CONTRIBUTED]->(r:Record)<-[i:INFLUENCED_BY]-(o:Output)
WHERE o.createdAt >= datetime($at)
${recordUsedRows}
WHERE o.createdAt > datetime($at) OR eventId > $eventId
${recordUsedReturn}
ORDER BY o.createdAt, eventId
LIMIT $limit`;

export const recordUsedOfOutputCypher = `MATCH (o:Output {id: $outputId})-[i:INFLUENCED_BY]->(r:Record)<-[:CONTRIBUTED]-(c:Contributor)
WHERE c.id IN $contributorIds
${recordUsedRows}
${recordUsedReturn}
ORDER BY eventId`;

/**
 * PROPOSAL_NAMED events: proposals whose subject is the contributor (SUBJECT) or a datanet they own (DATANET_OWNER),
 * as the webhook scan finds them; after a position by a range seek on Proposal.createdAt.
 */
const proposalNamedRows = `CALL (p) {
  MATCH (c:Contributor {id: p.subjectId}) RETURN c, 'SUBJECT' AS role
  UNION
  MATCH (dn:Datanet {id: p.subjectId}) MATCH (c:Contributor {id: dn.ownerId}) RETURN c, 'DATANET_OWNER' AS role
}`;

const proposalNamedReturn = `RETURN {eventId: eventId, kind: 'PROPOSAL_NAMED', contributorId: c.id, proposalId: p.id, proposalKind: p.kind, role: role,
  occurredAt: p.createdAt, at: toString(p.createdAt)} AS event`;

export const proposalNamedSinceCypher = `MATCH (p:Proposal) WHERE p.createdAt >= datetime($at)
${proposalNamedRows}
WITH p, c, role, ${PROPOSAL_NAMED_EVENT_ID} AS eventId
WHERE c.id = $contributorId AND (p.createdAt > datetime($at) OR eventId > $eventId)
${proposalNamedReturn}
ORDER BY p.createdAt, eventId
LIMIT $limit`;

export const proposalNamedOfProposalCypher = `MATCH (p:Proposal {id: $proposalId})
${proposalNamedRows}
WITH p, c, role, ${PROPOSAL_NAMED_EVENT_ID} AS eventId
WHERE c.id IN $contributorIds
${proposalNamedReturn}
ORDER BY eventId`;

async function events(graph: GraphStore, cypher: string, params: Record<string, unknown>): Promise<StoredContributorEvent[]> {
  const rows = await graph.read<{ event: unknown }>(cypher, params);
  return rows.map((r) => plainValue(r.event) as StoredContributorEvent);
}

/** At most `limit` events of `kind` for the contributor after `after`, oldest first. */
export function contributorEventsAfter(
  graph: GraphStore,
  kind: 'RECORD_USED' | 'PROPOSAL_NAMED',
  contributorId: string,
  after: EventPosition,
  limit: number,
): Promise<StoredContributorEvent[]> {
  const cypher = kind === 'RECORD_USED' ? recordUsedSinceCypher : proposalNamedSinceCypher;
  return events(graph, cypher, { contributorId, at: after.at, eventId: after.eventId, limit: int(limit) });
}

/** The RECORD_USED events one recorded output makes, for the contributors named (those listening). */
export function recordUsedEventsOfOutput(graph: GraphStore, outputId: string, contributorIds: string[]): Promise<StoredContributorEvent[]> {
  return events(graph, recordUsedOfOutputCypher, { outputId, contributorIds });
}

/** The PROPOSAL_NAMED events one created proposal makes, for the contributors named (those listening). */
export function proposalNamedEventsOfProposal(graph: GraphStore, proposalId: string, contributorIds: string[]): Promise<StoredContributorEvent[]> {
  return events(graph, proposalNamedOfProposalCypher, { proposalId, contributorIds });
}
