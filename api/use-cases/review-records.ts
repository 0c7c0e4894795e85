import { z } from 'zod';
import { forbidden, strataError } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { rolesFor } from '../core/roles.js';
import type { GraphStore } from '../store/graph-store.js';
import * as records from '../store/records.js';
import type { Transaction } from '../store/transaction.js';
import { holdsRole, type Actor } from './actor.js';
import { firstAcceptedOwners } from './dedup-plan.js';
import { runInputWrite } from './idempotency.js';
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

/** Validators review any datanet's records; a datanet's owner may also appoint validators for its own records. */
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
  return runInputWrite(graph, 'reviewRecords', actor, input, (tx, review) => reviewInTransaction(tx, actor, review));
}

async function reviewInTransaction(tx: Transaction, actor: Actor, review: Omit<ReviewRecordsInput, 'idempotencyKey'>): Promise<ReviewRecordsResult> {
  const ids = review.recordIds;

  // Unknown ids are bad input, named by position. Then lock the records' datanets: reviews of one datanet's records
  // (and its adapters' snapshots) are serialised, so the guard below reads the committed status.
  const places = await records.recordPlaces(tx, ids);
  const unknown = places.findIndex((p) => p.datanetId === null);
  if (unknown >= 0) throw fieldError(['recordIds', unknown], `names no record (${encodeGlobalId('Record', ids[unknown]!)})`);
  await records.lockNodes(tx, 'Datanet', places.map((p) => p.datanetId!));

  // Friendly refusals first (the datanets are locked, so what this reads stays true until commit); the guard in the
  // write below is the authoritative check.
  refuseIfNotReviewable(actor, ids, await records.reviewFacts(tx, actor, ids));

  // Acceptances of one content cluster are serialised too, before acceptedAt is taken: the record that owns a cluster
  // is then always the one accepted first, also when copies in different datanets are accepted at the same moment.
  const accepting = review.verdict === 'ACCEPT';
  if (accepting) await records.lockNodes(tx, 'ContentCluster', places.flatMap((p) => (p.clusterId ? [p.clusterId] : [])));

  const reviewed = await records.reviewRecords(tx, { actor, roles: REVIEW_ROLES }, {
    ids,
    status: accepting ? 'ACCEPTED' : 'REJECTED',
    verdict: review.verdict,
    reason: review.reason,
  });
  if (reviewed !== ids.length) {
    throw forbidden('The review was refused (the key\'s roles changed during the request); nothing was reviewed.');
  }
  // In input order within the call.
  if (accepting) await records.claimClusterOwners(tx, firstAcceptedOwners(ids.map((recordId, i) => ({ recordId, clusterId: places[i]!.clusterId }))));
  return { recordIds: ids };
}

/** Says why a review would be refused: the first reason, by input position. */
function refuseIfNotReviewable(actor: Actor, ids: readonly string[], facts: readonly records.ReviewFacts[]): void {
  for (const fact of facts) {
    const i = fact.index;
    const gid = encodeGlobalId('Record', ids[i]!);
    if (!fact.appointed && !holdsRole(actor, fact.callerRoles, REVIEW_ROLES)) throw forbidden('Only validators (or the validators a datanet\'s owner appointed) may review records.');
    if (fact.contributorId === actor.contributorId) {
      throw strataError('FORBIDDEN', `recordIds.${i} (${gid}) is your own record; a validator never reviews their own records. Nothing was reviewed.`, { field: `recordIds.${i}`, index: i });
    }
    if (fact.status !== 'PENDING') {
      throw strataError(
        'CONFLICT',
        `recordIds.${i} (${gid}) is already ${fact.status}; reviews only move PENDING records (to ACCEPTED or REJECTED). Nothing was reviewed.`,
        { field: `recordIds.${i}`, index: i },
      );
    }
  }
}
