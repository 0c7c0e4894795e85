import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type ExecutionResult } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../api/notifications/webhook-dispatcher.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, M, member, passage, type Member } from './support/contributions.js';
import { resetGraph, testGraph } from './support/graph.js';

// The GraphQL event stream over SSE, end to end: the real server on the real Neo4j, graphql-sse's own client with
// Node's fetch. Each event must carry the id its webhook delivery carries (docs/architecture.md#notifications).
const ADMIN = 'test-admin-key-event-stream';
const EVENT = `subscription($kinds: [NotificationKind!], $after: String) {
  contributorEvents(kinds: $kinds, after: $after) {
    id kind occurredAt contributor cursor
    payload {
      __typename
      ... on RecordUsedEvent { output records { id share } }
      ... on ProposalNamedEvent { proposal proposalKind role }
      ... on ValueDroppedEvent { model previousModel meanShare dropFromPrevious threshold }
    }
  }
}`;

interface Streamed {
  id: string;
  kind: string;
  occurredAt: string;
  contributor: string;
  cursor: string;
  payload: Record<string, any>;
}

interface OpenStream {
  results: Array<ExecutionResult<{ contributorEvents: Streamed }, unknown>>;
  events(): Streamed[];
  failures: unknown[];
  connected: Promise<void>;
  done: Promise<void>;
  dispose(): void;
}

let api: TestApi;
let alice: Member;
let bob: Member;
let owner: Member;
let model: string;
let aliceRecord: string;
let bobRecord: string;
let receiver: Server;
let receiverUrl: string;
const hooks: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
const aliceText = passage('streamalice', 40);
const bobText = passage('streambob', 40);
const words = (text: string, n: number) => text.replace(/\.$/, '').split(' ').slice(0, n).join(' ');

function open(key: string | undefined, variables: Record<string, unknown> = {}): OpenStream {
  const client = createClient({
    url: `${api.baseUrl}/graphql/stream`,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    fetchFn: fetch,
    retryAttempts: 0,
  });
  const results: OpenStream['results'] = [];
  const failures: unknown[] = [];
  let connected!: () => void;
  let done!: () => void;
  const stream: OpenStream = {
    results,
    failures,
    events: () => results.flatMap((r) => (r.data?.contributorEvents ? [r.data.contributorEvents] : [])),
    connected: new Promise((resolve) => (connected = resolve)),
    done: new Promise((resolve) => (done = resolve)),
    dispose: () => {},
  };
  stream.dispose = client.subscribe<{ contributorEvents: Streamed }>(
    { query: EVENT, variables },
    {
      next: (r) => void results.push(r),
      error: (e) => {
        failures.push(e);
        done();
      },
      complete: () => done(),
    },
    { connected: () => connected() },
  );
  // A refused subscription never connects: let the waiters go on and the test look at `failures`.
  void stream.done.then(() => connected());
  return stream;
}

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function recordOutput(text: string): Promise<string> {
  const id = expectOk(await gql(api.url, M.recordOutput, { input: { modelId: model, text } }, owner.key)).recordOutput.output.id as string;
  // The publication reads the events after the commit, off the request: wait for it rather than guess a delay.
  await api.notifications.settled();
  return id;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  await resetGraph();
  api = await startTestApi({ adminKey: ADMIN, seed: false, notifications: { valueCheckIntervalMs: 60_000 } });
  [alice, bob, owner] = (await Promise.all(['sse-alice', 'sse-bob', 'sse-owner'].map((h) => member(api.url, ADMIN, h, ['CONTRIBUTOR'])))) as [Member, Member, Member];
  const datanet = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Streams', admission: 'OPEN' } }, ADMIN)).createDatanet.datanet.id;
  aliceRecord = expectOk(await gql(api.url, M.submitRecords, { input: { datanetId: datanet, records: [{ text: aliceText, license: 'CC0-1.0' }] } }, alice.key)).submitRecords.records[0].id;
  bobRecord = expectOk(await gql(api.url, M.submitRecords, { input: { datanetId: datanet, records: [{ text: bobText, license: 'CC0-1.0' }] } }, bob.key)).submitRecords.records[0].id;
  const base = expectOk(await gql(api.url, M.registerBaseModel, { input: { name: 'Stream Base', family: 'f' } }, ADMIN)).registerBaseModel.baseModel.id;
  const adapter = expectOk(await gql(api.url, M.registerAdapter, { input: { name: 'Stream LoRA', baseModelId: base, trainedOn: [datanet] } }, owner.key)).registerAdapter.adapter.id;
  model = expectOk(await gql(api.url, M.registerModel, { input: { name: 'Stream', version: '1', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }] } }, owner.key)).registerModel.model.id;
  const subscribe = `mutation($input: SubscribeWebhookInput!) { subscribeWebhook(input: $input) { subscriptionId } }`;
  expectOk(await gql(api.url, subscribe, { input: { url: receiverUrl, events: ['RECORD_USED', 'PROPOSAL_NAMED'] } }, alice.key));
});

afterAll(async () => {
  await api?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('contributorEvents over SSE', () => {
  let lastCursor: string;
  let firstOutput: string;

  it('streams a RECORD_USED event once, with the id and payload the webhook delivery has; only to its contributor', async () => {
    const aliceStream = open(alice.key, { kinds: ['RECORD_USED'] });
    const bobStream = open(bob.key, { kinds: ['RECORD_USED'] });
    await Promise.all([aliceStream.connected, bobStream.connected]);

    // One output that uses both contributors' records: each hears only of their own.
    firstOutput = await recordOutput(`${words(aliceText, 20)}. ${words(bobText, 20)}. And nothing else at all.`);
    await until('Alice\'s event', () => aliceStream.events().length >= 1);
    await until('Bob\'s event', () => bobStream.events().length >= 1);

    // The webhook's delivery of the same event.
    await new WebhookDispatcher(testGraph(), { retryDelayMs: () => 0, valueCheckIntervalMs: 3_600_000 }).runOnce();
    expect(hooks).toHaveLength(1);
    const hook = JSON.parse(hooks[0]!.body);

    const [event] = aliceStream.events();
    expect(event).toMatchObject({ id: hook.id, kind: 'RECORD_USED', contributor: alice.id, occurredAt: hook.occurredAt });
    expect(hooks[0]!.headers['strata-event-id']).toBe(event!.id);
    expect(event!.payload).toEqual({ __typename: 'RecordUsedEvent', output: firstOutput, records: hook.records });
    expect(event!.payload.records).toEqual([{ id: aliceRecord, share: expect.any(Number) }]);

    const [bobEvent] = bobStream.events();
    expect(bobEvent).toMatchObject({ kind: 'RECORD_USED', contributor: bob.id });
    expect(bobEvent!.payload.records).toEqual([{ id: bobRecord, share: expect.any(Number) }]);
    expect(bobEvent!.id).not.toBe(event!.id);

    // Once: nothing more arrives on either stream (the publication has settled; give the sockets a moment).
    await new Promise((r) => setTimeout(r, 300));
    expect(aliceStream.events()).toHaveLength(1);
    expect(bobStream.events()).toHaveLength(1);
    expect(aliceStream.failures).toEqual([]);
    lastCursor = event!.cursor;
    aliceStream.dispose();
    bobStream.dispose();
  });

  it('replays a missed event when resumed with `after`, then goes on live', async () => {
    // Recorded while Alice is away.
    const missed = await recordOutput(`${words(aliceText, 25)}. Written while nobody listened.`);
    const resumed = open(alice.key, { kinds: ['RECORD_USED'], after: lastCursor });
    await until('the replayed event', () => resumed.events().length >= 1);
    // The event the cursor names is not sent again; the one missed is.
    expect(resumed.events().map((e) => e.payload.output)).toEqual([missed]);
    expect(resumed.events()[0]!.id).toBe(`record-used:${missed.split(':')[1]}:${alice.localId}`);

    await resumed.connected;
    // A write that rolls back (Bob may not record the owner's model's outputs) announces nothing.
    const refused = await gql(api.url, M.recordOutput, { input: { modelId: model, text: `${words(aliceText, 22)}. Refused.` } }, bob.key);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await api.notifications.settled();
    const live = await recordOutput(`${words(aliceText, 30)}. Heard live after the replay.`);
    await until('the live event', () => resumed.events().length >= 2);
    expect(resumed.events().map((e) => e.payload.output)).toEqual([missed, live]);
    resumed.dispose();
  });

  it('streams PROPOSAL_NAMED when a proposal names the contributor', async () => {
    const stream = open(alice.key, { kinds: ['PROPOSAL_NAMED'] });
    await stream.connected;
    const create = `mutation($input: CreateProposalInput!) { createProposal(input: $input) { proposal { id } } }`;
    const proposal = expectOk(await gql(api.url, create, { input: { kind: 'CONTRIBUTOR_SANCTION', subjectId: alice.id, title: 'Sanction?', rationale: 'Because.' } }, bob.key)).createProposal.proposal.id;
    await api.notifications.settled();
    await until('the proposal event', () => stream.events().length >= 1);
    expect(stream.events()).toEqual([
      expect.objectContaining({ id: `proposal-named:${proposal.split(':')[1]}:${alice.localId}`, kind: 'PROPOSAL_NAMED', payload: { __typename: 'ProposalNamedEvent', proposal, proposalKind: 'CONTRIBUTOR_SANCTION', role: 'SUBJECT' } }),
    ]);
    stream.dispose();

    // Resumed from the first test's cursor with every kind: the replay merges both kinds in the order they happened.
    const resumed = open(alice.key, { after: lastCursor });
    await until('the replay of every kind', () => resumed.events().length >= 3);
    expect(resumed.events().map((e) => e.kind)).toEqual(['RECORD_USED', 'RECORD_USED', 'PROPOSAL_NAMED']);
    expect(resumed.events()[2]!.id).toBe(stream.events()[0]!.id);
    expect(resumed.events().map((e) => e.payload.output ?? null).includes(firstOutput)).toBe(false);
    resumed.dispose();
  });

  it('refuses an anonymous subscription (UNAUTHENTICATED) and a wrong key (HTTP 401)', async () => {
    const anonymous = open(undefined);
    await anonymous.done;
    const codes = anonymous.results.flatMap((r) => (r.errors ?? []).map((e) => (e as { extensions?: { code?: string } }).extensions?.code));
    expect(codes).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.events()).toEqual([]);

    const wrong = await fetch(`${api.baseUrl}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: 'Bearer not-a-real-key' },
      body: JSON.stringify({ query: EVENT }),
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('serves only subscriptions, within the /graphql limits', async () => {
    const post = (query: string) =>
      fetch(`${api.baseUrl}/graphql/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${alice.key}` },
        body: JSON.stringify({ query }),
      });
    const query = await post('{ __typename }');
    expect(query.status).toBe(400);
    expect(((await query.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ');
    const tooMany = await post(`subscription { contributorEvents { ${aliases} } }`);
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // At most five streams per contributor: the sixth is refused while they are open.
    await until('earlier streams to close', () => api.notifications.hub.count(alice.localId) === 0);
    const five = Array.from({ length: 5 }, () => open(alice.key, { kinds: ['PROPOSAL_NAMED'] }));
    await Promise.all(five.map((s) => s.connected));
    const sixth = open(alice.key);
    await sixth.done;
    expect(sixth.results.flatMap((r) => (r.errors ?? []).map((e) => (e as { extensions?: { code?: string } }).extensions?.code))).toEqual(['CONFLICT']);
    for (const s of five) s.dispose();
    await until('the five streams to close', () => api.notifications.hub.count(alice.localId) === 0);
    const badCursor = open(alice.key, { after: 'not-a-cursor' });
    await badCursor.done;
    expect(badCursor.results.flatMap((r) => (r.errors ?? []).map((e) => (e as { extensions?: { field?: string; code?: string } }).extensions))).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }),
    ]);
  });

  it('completes open streams when the server stops', async () => {
    const stream = open(alice.key);
    await stream.connected;
    expect(api.notifications.hub.size).toBe(1);
    const started = Date.now();
    const stopping = api.stop();
    // The stream completes (not cut): the client sees an orderly end, and the HTTP server is not kept waiting.
    await stream.done;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stream.failures).toEqual([]);
    // The rest of stop() (the GraphQL server, the tracing threads) is not held by the streams.
    await stopping;
  });
});
