import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../api/notifications/webhook-dispatcher.js';
import { verifyWebhookSignature } from '../../api/notifications/webhook-signature.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, M, member, passage, type Member } from './support/contributions.js';
import { resetGraph, testGraph } from './support/graph.js';

// The other notification kinds (docs/architecture.md#notifications): VALUE_DROPPED, when a contributor's mean share
// falls in a model's next version (Contributor.valueHistory's flag), and PROPOSAL_NAMED, when a proposal's subject is
// them or a datanet they own. A real HTTP receiver on loopback fails the first attempt of every event; the
// dispatcher's rounds are run by hand with the back-off shortened to zero.
const ADMIN = 'test-admin-key-notifications';
let api: TestApi;
let writer: Member;
let other: Member;
let owner: Member;
let proposer: Member;
let writerNet: string;
let v1: string;
let v2: string;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingHttpHeaders; body: string; answered: number }> = [];
const writerText = passage('notifywriter', 40);
const otherText = passage('notifyother', 40);
const quote = (text: string) => `${text.split(' ').slice(0, 20).join(' ')}. And more words of the model.`;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // The first attempt of every event fails: each must be retried, and delivered once.
      const id = String(req.headers['strata-event-id']);
      const answered = received.some((r) => r.headers['strata-event-id'] === id) ? 204 : 503;
      received.push({ headers: req.headers, body, answered });
      res.statusCode = answered;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/strata/events`;

  await resetGraph();
  api = await startTestApi({ adminKey: ADMIN, seed: false });
  [writer, other, owner, proposer] = (await Promise.all(
    ['notify-writer', 'notify-other', 'notify-owner', 'notify-proposer'].map((h) => member(api.url, ADMIN, h, ['CONTRIBUTOR'])),
  )) as [Member, Member, Member, Member];
  // The writer creates (and so owns) the datanet their record is in.
  writerNet = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Notify writer', admission: 'OPEN' } }, writer.key)).createDatanet.datanet.id;
  const otherNet = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Notify other', admission: 'OPEN' } }, other.key)).createDatanet.datanet.id;
  await gql(api.url, M.submitRecords, { input: { datanetId: writerNet, records: [{ text: writerText, license: 'CC0-1.0' }] } }, writer.key);
  await gql(api.url, M.submitRecords, { input: { datanetId: otherNet, records: [{ text: otherText, license: 'CC0-1.0' }] } }, other.key);
  const base = expectOk(await gql(api.url, M.registerBaseModel, { input: { name: 'Notify Base', family: 'f' } }, ADMIN)).registerBaseModel.baseModel.id;
  const adapter = expectOk(await gql(api.url, M.registerAdapter, { input: { name: 'Notify LoRA', baseModelId: base, trainedOn: [writerNet, otherNet] } }, owner.key)).registerAdapter.adapter.id;
  v1 = expectOk(await gql(api.url, M.registerModel, { input: { name: 'Notify', version: '1', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }] } }, owner.key)).registerModel.model.id;
  v2 = expectOk(await gql(api.url, M.registerModel, { input: { name: 'Notify', version: '2', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }], previousVersionId: v1 } }, owner.key)).registerModel.model.id;
});
afterAll(async () => {
  await api.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const SUBSCRIPTIONS = `{ myWebhookSubscriptions { events deliveries { eventId kind status attempts output model proposal lastStatusCode deliveredAt } } }`;

describe('value-drop and proposal notifications', () => {
  let secret: string;
  const dispatcher = () => new WebhookDispatcher(testGraph(), { retryDelayMs: () => 0, timeoutMs: 5_000, valueCheckIntervalMs: 0 });

  it('subscribes to the new kinds', async () => {
    const doc = `mutation($input: SubscribeWebhookInput!) { subscribeWebhook(input: $input) { subscriptionId secret } }`;
    secret = expectOk(await gql(api.url, doc, { input: { url: receiverUrl, events: ['VALUE_DROPPED', 'PROPOSAL_NAMED'] } }, writer.key)).subscribeWebhook.secret;
    expect(secret).toMatch(/^whsec_/);
  });

  it('delivers each event signed, exactly once per event id, after a forced failure and a retry', async () => {
    // Version 1 quotes the writer's record, version 2 only the other one: the writer's mean share drops to 0.
    await gql(api.url, M.recordOutput, { input: { modelId: v1, text: quote(writerText) } }, owner.key);
    await gql(api.url, M.recordOutput, { input: { modelId: v2, text: quote(otherText) } }, owner.key);
    const history = expectOk(await gql(api.url, `query($id: ID!) { contributor(id: $id) { valueHistory { model { id } meanShare flagged } } }`, { id: writer.id })).contributor.valueHistory;
    expect(history.find((h: { model: { id: string } }) => h.model.id === v2)).toMatchObject({ meanShare: 0, flagged: true });
    // Two proposals name the writer: a sanction of them, the eligibility of the datanet they own. One names nobody.
    const create = `mutation($input: CreateProposalInput!) { createProposal(input: $input) { proposal { id } } }`;
    const propose = async (input: Record<string, unknown>) => expectOk(await gql(api.url, create, { input: { rationale: 'Because.', ...input } }, proposer.key)).createProposal.proposal.id as string;
    const sanction = await propose({ kind: 'CONTRIBUTOR_SANCTION', title: 'Sanction the writer', subjectId: writer.id });
    const eligibility = await propose({ kind: 'DATANET_ELIGIBILITY', title: 'Suspend the writer\'s datanet', subjectId: writerNet });
    await propose({ kind: 'CONTRIBUTOR_SANCTION', title: 'Sanction someone else', subjectId: other.id });

    const first = await dispatcher().runOnce();
    expect(first).toMatchObject({ enqueued: 3, attempted: 3, delivered: 0 });
    const second = await dispatcher().runOnce();
    expect(second).toMatchObject({ enqueued: 0, attempted: 3, delivered: 3 });
    const third = await dispatcher().runOnce();
    expect(third).toMatchObject({ enqueued: 0, attempted: 0, delivered: 0 });

    // Every request is signed with the subscription's secret over its exact body.
    for (const r of received) expect(verifyWebhookSignature(secret, String(r.headers['strata-signature']), r.body, Math.floor(Date.now() / 1000))).toBe(true);
    const delivered = received.filter((r) => r.answered === 204);
    const ids = delivered.map((r) => String(r.headers['strata-event-id']));
    expect(new Set(ids).size).toBe(3);
    expect(received).toHaveLength(6);
    const bodies = Object.fromEntries(delivered.map((r) => { const b = JSON.parse(r.body); return [b.kind === 'VALUE_DROPPED' ? 'drop' : b.proposal, b]; }));
    expect(bodies.drop).toMatchObject({ kind: 'VALUE_DROPPED', contributor: writer.id, model: v2, previousModel: v1, meanShare: 0, dropFromPrevious: 1, threshold: 0.25 });
    expect(bodies.drop.previousMeanShare).toBeGreaterThan(0);
    expect(bodies[sanction]).toMatchObject({ kind: 'PROPOSAL_NAMED', contributor: writer.id, proposalKind: 'CONTRIBUTOR_SANCTION', role: 'SUBJECT' });
    expect(bodies[eligibility]).toMatchObject({ kind: 'PROPOSAL_NAMED', contributor: writer.id, proposalKind: 'DATANET_ELIGIBILITY', role: 'DATANET_OWNER' });
    for (const b of Object.values(bodies) as Array<{ id: string }>) expect(ids).toContain(b.id);

    // The subscriber sees the delivery state.
    const [subscription] = expectOk(await gql(api.url, SUBSCRIPTIONS, {}, writer.key)).myWebhookSubscriptions;
    expect(subscription.deliveries).toHaveLength(3);
    for (const d of subscription.deliveries) expect(d).toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatusCode: 204, output: null });
    expect(subscription.deliveries.find((d: { kind: string }) => d.kind === 'VALUE_DROPPED').model).toBe(v2);
    expect(subscription.deliveries.filter((d: { proposal: string | null }) => d.proposal !== null).map((d: { proposal: string }) => d.proposal).sort()).toEqual([sanction, eligibility].sort());
  });
});
