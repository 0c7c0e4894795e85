import { builder } from '../builder.js';
import { mutationField } from '../mutation-field.js';
import { unauthenticated } from '../../core/errors.js';
import { actorOf } from '../../use-cases/actor.js';
import { NOTIFICATION_KINDS, subscribeWebhook, subscribeWebhookInput, unsubscribeWebhook, type SubscribeWebhookResult } from '../../use-cases/subscribe-webhook.js';
import { parseInput } from '../../use-cases/validation.js';
import { deliveriesOf, subscriptionsOf, type WebhookDeliveryShape, type WebhookSubscriptionShape } from '../../store/webhooks.js';
import { pageSize } from '../pagination.js';
import { encodeGlobalId } from '../../core/global-id.js';

/**
 * Webhook notifications (docs/architecture.md#notifications): a contributor's subscriptions and the state of every
 * delivery, visible only to the subscriber.
 */
export const NotificationKindEnum = builder.enumType('NotificationKind', {
  description:
    'RECORD_USED: a record of yours was credited in a recorded output. VALUE_DROPPED: your value for a model version dropped (the flag of Contributor.valueHistory at its default threshold). ' +
    'PROPOSAL_NAMED: a governance proposal names you (its subject is you, or a datanet you own). docs/architecture.md#notifications.',
  values: NOTIFICATION_KINDS,
});
const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description: 'PENDING: not yet delivered (retried with back-off); DELIVERED: a 2xx answer; FAILED: given up after the last retry.',
  values: ['PENDING', 'DELIVERED', 'FAILED'] as const,
});

const WebhookDeliveryRef = builder.objectRef<WebhookDeliveryShape>('WebhookDelivery').implement({
  fields: (t) => ({
    eventId: t.exposeString('eventId', { description: 'The same in every attempt: de-duplicate on it.' }),
    kind: t.field({ type: NotificationKindEnum, resolve: (d) => d.kind }),
    status: t.field({ type: DeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts'),
    output: t.id({ nullable: true, description: 'RECORD_USED: the output that credited your records.', resolve: (d) => (d.outputId ? encodeGlobalId('Output', d.outputId) : null) }),
    model: t.id({ nullable: true, description: 'VALUE_DROPPED: the model version your value dropped in.', resolve: (d) => (d.modelId ? encodeGlobalId('Model', d.modelId) : null) }),
    proposal: t.id({ nullable: true, description: 'PROPOSAL_NAMED: the proposal that names you.', resolve: (d) => (d.proposalId ? encodeGlobalId('Proposal', d.proposalId) : null) }),
    occurredAt: t.field({ type: 'DateTime', resolve: (d) => d.occurredAt }),
    lastAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.lastAttemptAt ?? null }),
    lastStatusCode: t.int({ nullable: true, resolve: (d) => d.lastStatusCode ?? null }),
    lastError: t.string({ nullable: true, resolve: (d) => d.lastError ?? null }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.nextAttemptAt ?? null }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.deliveredAt ?? null }),
  }),
});

const WebhookSubscriptionRef = builder.objectRef<WebhookSubscriptionShape>('WebhookSubscription').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    events: t.field({ type: [NotificationKindEnum], resolve: (s) => s.events }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    deliveries: t.field({
      type: [WebhookDeliveryRef],
      description: 'Newest first.',
      args: { first: t.arg.int({ defaultValue: 20 }) },
      resolve: (s, args, ctx) => deliveriesOf(ctx.graph, s.id, pageSize(args.first, 20)),
    }),
  }),
});

builder.queryField('myWebhookSubscriptions', (t) =>
  t.field({
    type: [WebhookSubscriptionRef],
    description: "The caller's webhook subscriptions and their deliveries (a contributor's key).",
    resolve: (_root, _args, ctx) => {
      if (ctx.viewer.contributorId === null) throw unauthenticated('myWebhookSubscriptions needs a contributor\'s API key.');
      return subscriptionsOf(ctx.graph, ctx.viewer.contributorId);
    },
  }),
);

mutationField('subscribeWebhook', {
  description: 'Contributors. Posts signed events about your contributions to `url`; returns the signing secret once.',
  scope: 'contributor',
  input: (t) => ({
    url: t.string({ required: true, description: 'http(s) URL that receives POSTs.' }),
    events: t.field({ type: [NotificationKindEnum], required: true }),
  }),
  run: (input, ctx): Promise<SubscribeWebhookResult> => subscribeWebhook(ctx.graph, actorOf(ctx.viewer), parseInput(subscribeWebhookInput, input)),
  payload: (t) => ({
    subscriptionId: t.id({ resolve: (r) => r.subscriptionId }),
    secret: t.string({
      nullable: true,
      description: 'HMAC-SHA256 key of the Strata-Signature header. Shown once (null on a replay).',
      resolve: (r) => r.secret,
    }),
  }),
});

mutationField('unsubscribeWebhook', {
  description: 'Deletes one of your webhook subscriptions and its deliveries.',
  scope: 'contributor',
  input: (t) => ({ subscriptionId: t.id({ required: true }) }),
  run: (input, ctx) => unsubscribeWebhook(ctx.graph, actorOf(ctx.viewer), String(input.subscriptionId)),
  payload: (t) => ({ subscriptionId: t.id({ resolve: (r) => r.subscriptionId }) }),
});
