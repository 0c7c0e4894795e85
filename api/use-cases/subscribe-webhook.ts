import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { forbidden, notFound } from '../core/errors.js';
import { rolesFor } from '../core/roles.js';
import type { GraphStore } from '../store/graph-store.js';
import { createSubscription, deleteSubscription } from '../store/webhooks.js';
import type { Actor } from './actor.js';
import { runWrite } from './idempotency.js';
import { distinctList, idempotencyKeyField } from './validation.js';

/**
 * A contributor subscribes a webhook to events about their contributions (docs/architecture.md#notifications). The
 * signing secret is returned once; deliveries are signed with it (api/notifications/webhook-signature.ts).
 */
export const NOTIFICATION_KINDS = ['RECORD_USED', 'VALUE_DROPPED', 'PROPOSAL_NAMED'] as const;

export const subscribeWebhookInput = z.object({
  url: z
    .string()
    .max(2048, 'is longer than 2048 characters')
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
      } catch {
        return false;
      }
    }, 'must be an http(s) URL without credentials'),
  events: distinctList(z.enum(NOTIFICATION_KINDS), { min: 1, max: NOTIFICATION_KINDS.length, what: 'event kinds' }),
  idempotencyKey: idempotencyKeyField,
});
export type SubscribeWebhookInput = z.output<typeof subscribeWebhookInput>;

export interface SubscribeWebhookResult {
  subscriptionId: string;
  secret: string | null;
}

const SUBSCRIBER_ROLES = rolesFor('CONTRIBUTOR');

export async function subscribeWebhook(graph: GraphStore, actor: Actor, input: SubscribeWebhookInput): Promise<SubscribeWebhookResult> {
  if (actor.contributorId === null) throw forbidden('Subscriptions belong to a contributor; the admin key has none.');
  const { idempotencyKey, ...fields } = input;
  return runWrite<SubscribeWebhookResult>(graph, {
    mutation: 'subscribeWebhook',
    actor,
    idempotencyKey,
    input: fields,
    work: async (tx) => {
      const id = `whs_${randomBytes(10).toString('hex')}`;
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      const created = await createSubscription(tx, { actor, roles: SUBSCRIBER_ROLES }, { id, url: fields.url, events: [...fields.events], secret });
      if (created !== 1) throw forbidden('Only contributors may subscribe; nothing was written.');
      return { subscriptionId: id, secret };
    },
    // The secret is shown once: a replay (whose result is stored with the idempotency key) does not carry it.
    replay: (result) => ({ ...result, secret: null }),
  });
}

export async function unsubscribeWebhook(graph: GraphStore, actor: Actor, subscriptionId: string): Promise<{ subscriptionId: string }> {
  const deleted = await graph.write((tx) => deleteSubscription(tx, { id: subscriptionId, contributorId: actor.contributorId ?? '' }));
  if (deleted === 0) throw notFound(`You have no webhook subscription ${subscriptionId}.`);
  return { subscriptionId };
}
