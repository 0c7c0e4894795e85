import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatanet } from '../../api/use-cases/create-datanet.js';
import { CorpusService } from '../../api/corpus/corpus-service.js';
import { recordOutput } from '../../api/use-cases/record-output.js';
import { registerAdapter } from '../../api/use-cases/register-adapter.js';
import { reviewRecords } from '../../api/use-cases/review-records.js';
import { submitRecords } from '../../api/use-cases/submit-records.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, outcome, passage, type Member } from './support/contributions.js';
import { testGraph } from './support/graph.js';

// Who may do what, through HTTP: every actor × every mutation, and every denial writes nothing.
const ADMIN = 'test-admin-key-authorization';
let api: TestApi;
const who: Record<string, Member> = {};
let reviewedNet: string;
let base: string;
let adapterOfA: string;
let modelOfA: string;

const ACTORS = ['anonymous', 'A', 'B', 'validator', 'voter', 'adminKey', 'adminContributor'] as const;
type ActorName = (typeof ACTORS)[number];
const keyOf = (actor: ActorName) => (actor === 'anonymous' ? undefined : actor === 'adminKey' ? ADMIN : who[actor]!.key);
const local = (globalId: string) => globalId.slice(globalId.indexOf(':') + 1);

let counter = 0;
const fresh = (prefix: string) => `${prefix}-${++counter}`;

async function pendingRecordOf(m: Member): Promise<string> {
  const res = await gql(api.url, M.submitRecords, { input: { datanetId: reviewedNet, records: [{ text: passage(fresh(`pending-${m.handle}`)), license: 'CC0-1.0' }] } }, m.key);
  return expectOk(res).submitRecords.records[0].id;
}

/** One call of each mutation, with input valid for any caller (fresh names, fresh pending records). */
const CALLS: Record<string, { doc: string; input: () => Promise<unknown> }> = {
  createContributor: { doc: M.createContributor, input: async () => ({ handle: fresh('handle') }) },
  createDatanet: { doc: M.createDatanet, input: async () => ({ name: fresh('Datanet'), admission: 'REVIEWED' }) },
  registerBaseModel: { doc: M.registerBaseModel, input: async () => ({ name: fresh('Base'), family: 'test' }) },
  submitRecords: { doc: M.submitRecords, input: async () => ({ datanetId: reviewedNet, records: [{ text: passage(fresh('submitted')), license: 'CC0-1.0' }] }) },
  reviewRecords: { doc: M.reviewRecords, input: async () => ({ recordIds: [await pendingRecordOf(who.A!)], verdict: 'ACCEPT' }) },
  registerAdapter: { doc: M.registerAdapter, input: async () => ({ name: fresh('Adapter'), baseModelId: base, trainedOn: [reviewedNet] }) },
  registerModel: {
    doc: M.registerModel,
    // The next version of A's model: only A (its owner) and admins may link it.
    input: async () => ({ name: 'A model', version: fresh('v'), baseModelId: base, adapters: [{ adapterId: adapterOfA, weight: 1 }], previousVersionId: modelOfA }),
  },
  recordOutput: { doc: M.recordOutput, input: async () => ({ modelId: modelOfA, text: fresh('An output of A\'s model'), fee: '10' }) },
};

type Outcome = 'OK' | 'UNAUTHENTICATED' | 'FORBIDDEN';
const U = 'UNAUTHENTICATED' as const;
const F = 'FORBIDDEN' as const;
//                           anonymous  A     B     validator voter adminKey adminContributor
const MATRIX: Record<string, [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]> = {
  createContributor: /*   */ [U, F, F, F, F, 'OK', 'OK'],
  // Any contributor may create (and then owns) a datanet.
  createDatanet: /*       */ [U, 'OK', 'OK', F, F, 'OK', 'OK'],
  registerBaseModel: /*   */ [U, F, F, F, F, 'OK', 'OK'],
  // Records are contributed as oneself: the admin key has no contributor identity.
  submitRecords: /*       */ [U, 'OK', 'OK', F, F, F, 'OK'],
  // A's pending record: validators (not A) may review it; the admin key has no identity to review with.
  reviewRecords: /*       */ [U, F, F, 'OK', F, F, 'OK'],
  registerAdapter: /*     */ [U, 'OK', 'OK', F, F, 'OK', 'OK'],
  registerModel: /*       */ [U, 'OK', F, F, F, 'OK', 'OK'],
  recordOutput: /*        */ [U, 'OK', F, F, F, 'OK', 'OK'],
};

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
  who.A = await member(api.url, ADMIN, 'auth-a', ['CONTRIBUTOR']);
  who.B = await member(api.url, ADMIN, 'auth-b', ['CONTRIBUTOR']);
  who.validator = await member(api.url, ADMIN, 'auth-validator', ['VALIDATOR']);
  who.voter = await member(api.url, ADMIN, 'auth-voter', ['VOTER']);
  who.adminContributor = await member(api.url, ADMIN, 'auth-admin', ['ADMIN']);
  who.contributingValidator = await member(api.url, ADMIN, 'auth-cv', ['CONTRIBUTOR', 'VALIDATOR']);
  reviewedNet = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Auth reviewed', admission: 'REVIEWED' } }, ADMIN)).createDatanet.datanet.id;
  base = expectOk(await gql(api.url, M.registerBaseModel, { input: { name: 'Auth base', family: 'test' } }, ADMIN)).registerBaseModel.baseModel.id;
  adapterOfA = expectOk(await gql(api.url, M.registerAdapter, { input: { name: 'A adapter', baseModelId: base, trainedOn: [reviewedNet] } }, who.A.key)).registerAdapter.adapter.id;
  modelOfA = expectOk(await gql(api.url, M.registerModel, { input: { name: 'A model', version: '1', baseModelId: base, adapters: [{ adapterId: adapterOfA, weight: 1 }] } }, who.A.key)).registerModel.model.id;
});
afterAll(async () => {
  await api.stop();
});

describe('authorization matrix', () => {
  for (const [mutation, expected] of Object.entries(MATRIX)) {
    for (const [i, actor] of ACTORS.entries()) {
      const want = expected[i]!;
      it(`${mutation} as ${actor} → ${want}${want === 'OK' ? '' : ', writing nothing'}`, async () => {
        const input = await CALLS[mutation]!.input();
        const before = await graphCounts();
        const res = await gql(api.url, CALLS[mutation]!.doc, { input }, keyOf(actor));
        expect(outcome(res), JSON.stringify(res.errors)).toBe(want);
        if (want !== 'OK') {
          expect(res.data?.[mutation] ?? null).toBeNull();
          expect(await graphCounts()).toEqual(before);
        }
      });
    }
  }
});

describe('acting on what is not yours', () => {
  it('a validator never reviews their own record (FORBIDDEN, naming it), but reviews another\'s', async () => {
    const cv = who.contributingValidator!;
    const own = await pendingRecordOf(cv);
    const before = await graphCounts();
    const res = await gql(api.url, M.reviewRecords, { input: { recordIds: [own], verdict: 'ACCEPT' } }, cv.key);
    expect(outcome(res)).toBe('FORBIDDEN');
    expect(res.errors![0]!.extensions).toMatchObject({ field: 'recordIds.0', index: 0 });
    expect(await graphCounts()).toEqual(before);
    expectOk(await gql(api.url, M.reviewRecords, { input: { recordIds: [await pendingRecordOf(who.A!)], verdict: 'REJECT' } }, cv.key));
  });

  it('an admin contributor does not review their own records either; one own record refuses the whole batch', async () => {
    const admin = who.adminContributor!;
    const others = await pendingRecordOf(who.A!);
    const own = await pendingRecordOf(admin);
    const before = await graphCounts();
    const res = await gql(api.url, M.reviewRecords, { input: { recordIds: [others, own], verdict: 'ACCEPT' } }, admin.key);
    expect(outcome(res)).toBe('FORBIDDEN');
    expect(res.errors![0]!.extensions).toMatchObject({ index: 1 });
    expect(await graphCounts()).toEqual(before);
    const status = await testGraph().read('MATCH (r:Record {id: $id}) RETURN r.status AS s', { id: local(others) });
    expect(status).toEqual([{ s: 'PENDING' }]);
  });

  it('B cannot review, version or record outputs for A\'s records and model by id', async () => {
    const b = who.B!;
    const record = await pendingRecordOf(who.A!);
    const before = await graphCounts();
    expect(outcome(await gql(api.url, M.reviewRecords, { input: { recordIds: [record], verdict: 'REJECT' } }, b.key))).toBe('FORBIDDEN');
    expect(outcome(await gql(api.url, M.registerModel, { input: await CALLS.registerModel!.input() }, b.key))).toBe('FORBIDDEN');
    expect(outcome(await gql(api.url, M.recordOutput, { input: await CALLS.recordOutput!.input() }, b.key))).toBe('FORBIDDEN');
    expect(await graphCounts()).toEqual(before);
    // B may build on A's work where that changes nothing of A's: derive an adapter, use A's adapter in B's own model.
    const derived = expectOk(await gql(api.url, M.registerAdapter, { input: { name: 'B derived', baseModelId: base, trainedOn: [reviewedNet], derivedFromId: adapterOfA } }, b.key));
    expect(derived.registerAdapter.adapter.derivedFrom.id).toBe(adapterOfA);
    const own = expectOk(await gql(api.url, M.registerModel, { input: { name: 'B model', version: '1', baseModelId: base, adapters: [{ adapterId: adapterOfA, weight: 1 }] } }, b.key));
    expect(own.registerModel.model.owner.id).toBe(b.id);
  });

  it('a bearer key that matches nobody is UNAUTHENTICATED for every mutation', async () => {
    for (const [mutation, { doc, input }] of Object.entries(CALLS)) {
      expect(outcome(await gql(api.url, doc, { input: await input() }, 'strata_not-a-real-key')), mutation).toBe('UNAUTHENTICATED');
    }
  });

  it('an unknown key or a malformed Authorization header is HTTP 401 with a Bearer challenge; no key is an anonymous 200', async () => {
    const post = (authorization?: string) =>
      fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    for (const authorization of ['Bearer strata_not-a-real-key', 'Basic dXNlcjpwYXNz']) {
      const res = await post(authorization);
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate'), authorization).toMatch(/^Bearer /);
      const body = (await res.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
      expect(body.errors[0]!.extensions).not.toHaveProperty('http');
    }
    const anonymous = await post();
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('the write transaction re-checks roles and ownership (a key revoked after authentication)', () => {
  // These call the domain writes directly with an actor the request layer had already authenticated, then revoke
  // the roles in the graph: the Cypher guard of the write must refuse, and nothing may be written.
  const graph = () => testGraph();
  const revoke = (m: Member) => graph().write((tx) => tx.run('MATCH (c:Contributor {id: $id}) SET c.roles = []', { id: m.localId }));

  it('submitRecords, reviewRecords, registerAdapter, recordOutput and createDatanet refuse a stale actor', async () => {
    const contributor = await member(api.url, ADMIN, 'revoked-contributor', ['CONTRIBUTOR']);
    const validator = await member(api.url, ADMIN, 'revoked-validator', ['VALIDATOR']);
    const admin = await member(api.url, ADMIN, 'revoked-admin', ['ADMIN']);
    const pending = local(await pendingRecordOf(who.A!));
    const stale = (m: Member) => ({ contributorId: m.localId, envAdmin: false });
    await Promise.all([revoke(contributor), revoke(validator), revoke(admin)]);
    const before = await graphCounts();
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['submitRecords', () => submitRecords(graph(), stale(contributor), { datanetId: local(reviewedNet), records: [{ text: passage('stale'), license: 'CC0-1.0' }], idempotencyKey: null })],
      ['reviewRecords', () => reviewRecords(graph(), stale(validator), { recordIds: [pending], verdict: 'ACCEPT', reason: null, idempotencyKey: null })],
      ['registerAdapter', () => registerAdapter(graph(), stale(contributor), { name: 'Stale', baseModelId: local(base), trainedOn: [local(reviewedNet)], derivedFromId: null, idempotencyKey: 'stale-adapter' })],
      ['recordOutput', () => recordOutput(graph(), stale(contributor), { modelId: local(modelOfA), text: 'Not theirs.', prompt: null, fee: null, steps: null, idempotencyKey: null }, new CorpusService(graph(), { file: null }))],
      ['createDatanet', () => createDatanet(graph(), stale(admin), { name: 'Stale', description: '', domain: null, admission: 'OPEN', idempotencyKey: null })],
    ];
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    }
    expect(await graphCounts()).toEqual(before);
  });
});
