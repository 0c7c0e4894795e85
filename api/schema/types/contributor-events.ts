import { builder } from '../builder.js';
import { conflict, unauthenticated } from '../../core/errors.js';
import { eventBody, type ProposalNamedBody, type RecordUsedBody, type ValueDroppedBody } from '../../notifications/contributor-event.js';
import { decodeEventCursor } from '../../notifications/event-cursor.js';
import type { StreamedEvent } from '../../notifications/notification-feed.js';
import { NOTIFICATION_KINDS } from '../../use-cases/subscribe-webhook.js';
import { NotificationKindEnum } from './webhooks.js';

/**
 * The event stream (docs/architecture.md#notifications): `subscription { contributorEvents }` over SSE at
 * /graphql/stream. Each event has the id, kind, time and payload its webhook delivery has (one definition:
 * notifications/contributor-event.ts), plus the cursor to resume after it.
 */
const UsedRecordRef = builder.objectRef<RecordUsedBody['records'][number]>('UsedRecord').implement({
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The Record (global id).' }),
    share: t.float({ nullable: true, description: 'Its share of the output.', resolve: (r) => r.share }),
  }),
});

const RecordUsedRef = builder.objectRef<RecordUsedBody>('RecordUsedEvent').implement({
  description: 'RECORD_USED: records of yours were credited in a recorded output.',
  fields: (t) => ({
    output: t.exposeID('output', { description: 'The Output (global id).' }),
    records: t.field({ type: [UsedRecordRef], resolve: (b) => b.records }),
  }),
});

const ValueDroppedRef = builder.objectRef<ValueDroppedBody>('ValueDroppedEvent').implement({
  description: 'VALUE_DROPPED: your mean share in a model version fell by more than the threshold from its previous version\'s.',
  fields: (t) => ({
    model: t.exposeID('model', { description: 'The model version (global id).' }),
    previousModel: t.id({ nullable: true, resolve: (b) => b.previousModel }),
    meanShare: t.float({ nullable: true, resolve: (b) => b.meanShare ?? null }),
    previousMeanShare: t.float({ nullable: true, resolve: (b) => b.previousMeanShare ?? null }),
    dropFromPrevious: t.float({ nullable: true, resolve: (b) => b.dropFromPrevious ?? null }),
    threshold: t.float({ nullable: true, resolve: (b) => b.threshold ?? null }),
  }),
});

const ProposalNamedRef = builder.objectRef<ProposalNamedBody>('ProposalNamedEvent').implement({
  description: 'PROPOSAL_NAMED: a governance proposal names you.',
  fields: (t) => ({
    proposal: t.exposeID('proposal', { description: 'The Proposal (global id).' }),
    proposalKind: t.string({ nullable: true, resolve: (b) => b.proposalKind }),
    role: t.string({ nullable: true, description: 'SUBJECT (it is about you) or DATANET_OWNER (about a datanet you own).', resolve: (b) => b.role }),
  }),
});

const ContributorEventPayload = builder.unionType('ContributorEventPayload', {
  types: [RecordUsedRef, ValueDroppedRef, ProposalNamedRef],
  resolveType: (body) => (body.kind === 'RECORD_USED' ? RecordUsedRef : body.kind === 'VALUE_DROPPED' ? ValueDroppedRef : ProposalNamedRef),
});

const ContributorEventRef = builder.objectRef<StreamedEvent>('ContributorEvent').implement({
  description: 'An event about your contributions, as its webhook delivery says it.',
  fields: (t) => ({
    id: t.id({ description: 'The event id, the same as the webhook delivery\'s (Strata-Event-Id): de-duplicate on it.', resolve: (s) => s.event.eventId }),
    kind: t.field({ type: NotificationKindEnum, resolve: (s) => s.event.kind }),
    occurredAt: t.field({ type: 'DateTime', resolve: (s) => s.event.occurredAt }),
    contributor: t.id({ description: 'You (global id).', resolve: (s) => eventBody(s.event).contributor }),
    cursor: t.string({ description: 'Subscribe again with `after:` this to resume after this event.', resolve: (s) => s.cursor }),
    payload: t.field({ type: ContributorEventPayload, resolve: (s) => eventBody(s.event) }),
  }),
});

/** Open streams per contributor (each holds a connection, and one value check a minute when it asks for VALUE_DROPPED). */
export const MAX_STREAMS_PER_CONTRIBUTOR = 5;

builder.subscriptionField('contributorEvents', (t) =>
  t.field({
    type: ContributorEventRef,
    description:
      "Events about the caller's contributions, as they happen (a contributor's key; over SSE at /graphql/stream). With `after` (an event's cursor), " +
      'first the events since then (from a minute before it: a client de-duplicates by id), then live ones. docs/architecture.md#notifications',
    args: {
      kinds: t.arg({ type: [NotificationKindEnum], required: false, description: 'Default: all kinds.' }),
      after: t.arg.string({ required: false }),
    },
    subscribe: (_root, args, ctx) => {
      if (ctx.viewer.contributorId === null) throw unauthenticated('contributorEvents needs a contributor\'s API key: send "Authorization: Bearer <key>".');
      if (!ctx.notifications) throw new Error('This server was built without an event feed.');
      const after = args.after == null ? null : decodeEventCursor(args.after);
      if (ctx.notifications.hub.count(ctx.viewer.contributorId) >= MAX_STREAMS_PER_CONTRIBUTOR) {
        throw conflict(`You have ${MAX_STREAMS_PER_CONTRIBUTOR} event streams open already: close one (each sees all your events).`);
      }
      const kinds = args.kinds && args.kinds.length > 0 ? [...new Set(args.kinds)] : [...NOTIFICATION_KINDS];
      return ctx.notifications.stream(ctx.viewer.contributorId, kinds, after);
    },
    resolve: (event) => event,
  }),
);
