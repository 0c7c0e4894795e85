import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../api/notifications/webhook-dispatcher.js';
import { verifyWebhookSignature } from '../../api/notifications/webhook-signature.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, M, member, passage, type Member } from './support/contributions.js';
import { resetGraph, testGraph } from './support/graph.js';

// Webhook notifications end to end: a receiver on loopback that fails the first delivery, the dispatcher's rounds run
// by hand (back-off shortened to zero), and what the subscriber sees of the delivery state through GraphQL.
const ADMIN = 'test-admin-key-webhooks';
let api: TestApi;
let contributor: Member;
let owner: Member;
let model: string;
let record: string;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingHttpHeaders; body: string; answered: number }> = [];
const rec = passage('hookone', 40);

const SUBSCRIPTIONS = `{ myWebhookSubscriptions { id url events deliveries { eventId kind status attempts output lastStatusCode lastError deliveredAt } } }`;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // The first delivery fails: the dispatcher must retry it.
      const answered = received.length === 0 ? 500 : 204;
      received.push({ headers: req.headers, body, answered });
      res.statusCode = answered;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/strata`;

  // No demo graph needed: an empty one is quicker to start from.
  await resetGraph();
  api = await startTestApi({ adminKey: ADMIN, seed: false });
  [contributor, owner] = (await Promise.all(['hook-contributor', 'hook-owner'].map((h) => member(api.url, ADMIN, h, ['CONTRIBUTOR'])))) as [Member, Member];
  const datanet = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Hooks', admission: 'OPEN' } }, ADMIN)).createDatanet.datanet.id;
  record = expectOk(await gql(api.url, M.submitRecords, { input: { datanetId: datanet, records: [{ text: rec, license: 'CC0-1.0' }] } }, contributor.key)).submitRecords.records[0].id;
  const base = expectOk(await gql(api.url, M.registerBaseModel, { input: { name: 'Hook Base', family: 'f' } }, ADMIN)).registerBaseModel.baseModel.id;
  const adapter = expectOk(await gql(api.url, M.registerAdapter, { input: { name: 'Hook LoRA', baseModelId: base, trainedOn: [datanet] } }, owner.key)).registerAdapter.adapter.id;
  model = expectOk(await gql(api.url, M.registerModel, { input: { name: 'Hook', version: '1', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }] } }, owner.key)).registerModel.model.id;
});
afterAll(async () => {
  await api.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('webhook notifications', () => {
  let secret: string;
  let output: string;
  const dispatcher = () => new WebhookDispatcher(testGraph(), { retryDelayMs: () => 0, timeoutMs: 5_000 });

  it('subscribes a contributor, showing the signing secret once', async () => {
    const doc = `mutation($input: SubscribeWebhookInput!) { subscribeWebhook(input: $input) { subscriptionId secret } }`;
    const input = { url: receiverUrl, events: ['RECORD_USED'], idempotencyKey: 'hook-sub-1' };
    const first = expectOk(await gql(api.url, doc, { input }, contributor.key)).subscribeWebhook;
    expect(first.secret).toMatch(/^whsec_/);
    secret = first.secret;
    const replay = expectOk(await gql(api.url, doc, { input }, contributor.key)).subscribeWebhook;
    expect(replay).toEqual({ subscriptionId: first.subscriptionId, secret: null });
    const bad = await gql(api.url, doc, { input: { url: 'ftp://example.org', events: ['RECORD_USED'] } }, contributor.key);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    const anonymous = await gql(api.url, doc, { input: { url: receiverUrl, events: ['RECORD_USED'] } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('delivers a signed RECORD_USED event exactly once per event id, after a forced failure and a retry', async () => {
    const text = `${rec.replace(/\.$/, '').split(' ').slice(0, 20).join(' ')}. Then something new entirely.`;
    output = expectOk(await gql(api.url, M.recordOutput, { input: { modelId: model, text } }, owner.key)).recordOutput.output.id;

    const first = await dispatcher().runOnce();
    expect(first).toMatchObject({ attempted: 1, delivered: 0 });
    let [subscription] = expectOk(await gql(api.url, SUBSCRIPTIONS, {}, contributor.key)).myWebhookSubscriptions;
    expect(subscription.deliveries).toEqual([
      expect.objectContaining({ kind: 'RECORD_USED', status: 'PENDING', attempts: 1, output, lastStatusCode: 500, lastError: 'HTTP 500', deliveredAt: null }),
    ]);

    const second = await dispatcher().runOnce();
    expect(second).toMatchObject({ attempted: 1, delivered: 1 });
    const third = await dispatcher().runOnce();
    expect(third).toMatchObject({ attempted: 0, delivered: 0 });
    [subscription] = expectOk(await gql(api.url, SUBSCRIPTIONS, {}, contributor.key)).myWebhookSubscriptions;
    expect(subscription.deliveries).toEqual([expect.objectContaining({ status: 'DELIVERED', attempts: 2, lastStatusCode: 204, lastError: null })]);

    // Two attempts of one event: the same id, each signed with the subscription's secret; one answered 2xx.
    expect(received.map((r) => r.answered)).toEqual([500, 204]);
    const eventIds = new Set(received.map((r) => r.headers['strata-event-id']));
    expect(eventIds).toEqual(new Set([subscription.deliveries[0].eventId]));
    for (const r of received) {
      expect(verifyWebhookSignature(secret, String(r.headers['strata-signature']), r.body, Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifyWebhookSignature('whsec_wrong', String(r.headers['strata-signature']), r.body, Math.floor(Date.now() / 1000))).toBe(false);
    }
    const body = JSON.parse(received[1]!.body);
    expect(body).toMatchObject({ id: subscription.deliveries[0].eventId, kind: 'RECORD_USED', contributor: contributor.id, output });
    expect(body.records).toEqual([{ id: record, share: 1 }]);
  });

  it('shows deliveries only to the subscriber, and unsubscribes', async () => {
    expect(expectOk(await gql(api.url, SUBSCRIPTIONS, {}, owner.key)).myWebhookSubscriptions).toEqual([]);
    const [subscription] = expectOk(await gql(api.url, SUBSCRIPTIONS, {}, contributor.key)).myWebhookSubscriptions;
    const doc = `mutation($input: UnsubscribeWebhookInput!) { unsubscribeWebhook(input: $input) { subscriptionId } }`;
    expect((await gql(api.url, doc, { input: { subscriptionId: subscription.id } }, owner.key)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expectOk(await gql(api.url, doc, { input: { subscriptionId: subscription.id } }, contributor.key));
    expect(expectOk(await gql(api.url, SUBSCRIPTIONS, {}, contributor.key)).myWebhookSubscriptions).toEqual([]);
  });
});
