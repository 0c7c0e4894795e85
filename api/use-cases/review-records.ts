import type { ManagedTransaction } from 'neo4j-driver';
import { z } from 'zod';
import type { GraphStore } from '../store/graph-store.js';
import { forbidden, strataError } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { actorParams, holdsRole, type Actor } from './actor.js';
import { rolesFor } from '../core/roles.js';
import { runWrite } from './idempotency.js';
import { lockNodes } from '../store/records.js';
import { distinctList, fieldError, globalIdOf, idempotencyKeyField, optional, textField } from './validation.js';

export const MAX_RECORDS_PER_REVIEW = 1000;

export const reviewRecordsInput = z.object({
  recordIds: distinctList(globalIdOf('Record'), { min: 1, max: MAX_RECORDS_PER_REVIEW, what: 'record ids' }),
  verdict: z.enum(['ACCEPT', 'REJECT']),
  reason: optional(textField({ maxBytes: 4096 })),
  idempotencyKey: idempotencyKeyField,
});
export type ReviewRecordsInput = z.output<typeof reviewRecordsInput>;

export interface ReviewRecordsResult {
  /** Local ids of the reviewed records, in input order. */
  recordIds: string[];
}

const REVIEW_ROLES = rolesFor('VALIDATOR');

/**
 * The record state machine: PENDING → ACCEPTED or PENDING → REJECTED, nothing else, by a validator who did not
 * contribute the record. All records of a call move together or none does. Accepting sets acceptedAt and, when the
 * record's content cluster has no owner yet, makes the record its owner (the first accepted record owns a cluster).
 */
export async function reviewRecords(graph: GraphStore, actor: Actor, input: ReviewRecordsInput): Promise<ReviewRecordsResult> {
  if (!actor.contributorId) {
    throw forbidden('reviewRecords records who reviewed: call it with a validator\'s API key (the STRATA_ADMIN_KEY has no contributor identity).');
  }
  return runWrite(graph, {
    mutation: 'reviewRecords',
    actor,
    idempotencyKey: input.idempotencyKey,
    input: { recordIds: input.recordIds, verdict: input.verdict, reason: input.reason },
    work: (tx) => reviewInTransaction(tx, actor, input),
  });
}

async function reviewInTransaction(tx: ManagedTransaction, actor: Actor, input: ReviewRecordsInput): Promise<ReviewRecordsResult> {
  const ids = input.recordIds;
  const params = { ...actorParams(actor), ids, roles: REVIEW_ROLES };

  // Unknown ids are bad input, named by position. Then lock the records' datanets: reviews of one datanet's records
  // (and its adapters' snapshots) are serialised, so the guard below reads the committed status.
  const found = await tx.run(
    'UNWIND range(0, size($ids) - 1) AS i OPTIONAL MATCH (r:Record {id: $ids[i]}) RETURN i, r.datanetId AS datanetId, r.clusterId AS clusterId',
    params,
  );
  const datanets = new Set<string>();
  const clusters = new Set<string>();
  for (const row of found.records) {
    const datanetId = row.get('datanetId') as string | null;
    const i = Number(row.get('i'));
    if (!datanetId) throw fieldError(['recordIds', i], `names no record (${encodeGlobalId('Record', ids[i]!)})`);
    datanets.add(datanetId);
    if (row.get('clusterId')) clusters.add(row.get('clusterId') as string);
  }
  await lockNodes(tx, 'Datanet', datanets);

  // Friendly refusals first (the datanets are locked, so what this reads stays true until commit); the guard in the
  // write below is the authoritative check.
  await refuseIfNotReviewable(tx, actor, ids);

  // Acceptances of one content cluster are serialised too, before acceptedAt is taken: the record that owns a cluster
  // is then always the one accepted first, also when copies in different datanets are accepted at the same moment.
  if (input.verdict === 'ACCEPT') await lockNodes(tx, 'ContentCluster', clusters);

  const status = input.verdict === 'ACCEPT' ? 'ACCEPTED' : 'REJECTED';
  const reviewed = await tx.run(
    `MATCH (v:Contributor {id: $actorId}) WHERE any(role IN coalesce(v.roles, []) WHERE role IN $roles)
     WITH v, datetime.statement() AS now
     UNWIND $ids AS id
     MATCH (r:Record {id: id}) WHERE r.status = 'PENDING' AND r.contributorId <> v.id
     SET r.status = $status, r.acceptedAt = CASE WHEN $status = 'ACCEPTED' THEN now END
     CREATE (v)-[rv:REVIEWED {verdict: $verdict, at: now}]->(r)
     SET rv.reason = $reason
     RETURN count(r) AS reviewed`,
    { ...params, status, verdict: input.verdict, reason: input.reason },
  );
  if (Number(reviewed.records[0]?.get('reviewed') ?? 0) !== ids.length) {
    throw forbidden('The review was refused (the key\'s roles changed during the request); nothing was reviewed.');
  }

  if (status === 'ACCEPTED') {
    // First accepted owns; in input order within the call. The SET reads what it writes, so the cluster is locked first.
    await tx.run(
      `UNWIND $ids AS id
       MATCH (r:Record {id: id})-[:MEMBER_OF]->(cl:ContentCluster)
       SET cl.ownerRecordId = coalesce(cl.ownerRecordId, r.id)`,
      { ids },
    );
  }
  return { recordIds: ids };
}

/** Says why a review would be refused: the first reason, by input position. */
async function refuseIfNotReviewable(tx: ManagedTransaction, actor: Actor, ids: string[]): Promise<void> {
  const rows = await tx.run(
    `OPTIONAL MATCH (v:Contributor {id: $actorId})
     WITH v UNWIND range(0, size($ids) - 1) AS i
     MATCH (r:Record {id: $ids[i]})
     RETURN i, v.roles AS roles, r.status AS status, r.contributorId AS contributorId ORDER BY i`,
    { ...actorParams(actor), ids },
  );
  for (const row of rows.records) {
    const i = Number(row.get('i'));
    const gid = encodeGlobalId('Record', ids[i]!);
    if (!holdsRole(actor, row.get('roles'), REVIEW_ROLES)) throw forbidden('Only validators may review records.');
    if (row.get('contributorId') === actor.contributorId) {
      throw strataError('FORBIDDEN', `recordIds.${i} (${gid}) is your own record; a validator never reviews their own records. Nothing was reviewed.`, { field: `recordIds.${i}`, index: i });
    }
    if (row.get('status') !== 'PENDING') {
      throw strataError(
        'CONFLICT',
        `recordIds.${i} (${gid}) is already ${row.get('status')}; reviews only move PENDING records (to ACCEPTED or REJECTED). Nothing was reviewed.`,
        { field: `recordIds.${i}`, index: i },
      );
    }
  }
}
