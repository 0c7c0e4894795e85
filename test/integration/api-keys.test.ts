import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, member, outcome } from './support/contributions.js';
import { testGraph } from './support/graph.js';

// Keys: a contributor rotates their own (the old one stops at once), an admin revokes anyone's; a revoked or replaced
// key is HTTP 401 UNAUTHENTICATED with a Bearer challenge.
const ADMIN = 'test-admin-key-api-keys';
let api: TestApi;

const ROTATE = `mutation($input: RotateApiKeyInput!) { rotateApiKey(input: $input) { apiKey } }`;
const REVOKE = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { contributor { id handle } } }`;
const ME = `{ __typename }`;

async function status(key: string): Promise<{ status: number; challenge: string | null; code: string | undefined }> {
  const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: ME }) });
  const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  return { status: res.status, challenge: res.headers.get('www-authenticate'), code: body.errors?.[0]?.extensions?.code };
}
const rejected = { status: 401, challenge: 'Bearer realm="strata"', code: 'UNAUTHENTICATED' };
const accepted = { status: 200, challenge: null, code: undefined };

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
});
afterAll(async () => {
  await api.stop();
});

describe('rotateApiKey', () => {
  it('returns a new key that works; the old key is 401 from then on', async () => {
    const m = await member(api.url, ADMIN, 'rotating', ['CONTRIBUTOR']);
    const fresh = expectOk(await gql(api.url, ROTATE, { input: {} }, m.key)).rotateApiKey.apiKey as string;
    expect(fresh).toMatch(/^strata_/);
    expect(fresh).not.toBe(m.key);
    expect(await status(m.key)).toEqual(rejected);
    expect(await status(fresh)).toEqual(accepted);
    // The new key acts as the same contributor.
    const net = expectOk(await gql(api.url, `mutation { createDatanet(input: { name: "Rotation net", admission: OPEN }) { datanet { id } } }`, {}, ADMIN)).createDatanet.datanet.id;
    const submitted = expectOk(await gql(api.url, `mutation($n: ID!) { submitRecords(input: { datanetId: $n, records: [{ text: "Written after a key rotation, by the same person.", license: "CC0-1.0" }] }) { records { contributor { id } } } }`, { n: net }, fresh));
    expect(submitted.submitRecords.records[0].contributor.id).toBe(m.id);
  });

  it('a retry with the same idempotencyKey rotates once and shows no key again', async () => {
    const m = await member(api.url, ADMIN, 'rotating-twice', ['CONTRIBUTOR']);
    const first = expectOk(await gql(api.url, ROTATE, { input: { idempotencyKey: 'rotate-1' } }, m.key)).rotateApiKey.apiKey as string;
    // The retry is made with the old key (the client never saw the answer): it is refused, the new key stands.
    expect(outcome(await gql(api.url, ROTATE, { input: { idempotencyKey: 'rotate-1' } }, m.key))).toBe('UNAUTHENTICATED');
    const replay = expectOk(await gql(api.url, ROTATE, { input: { idempotencyKey: 'rotate-1' } }, first)).rotateApiKey.apiKey;
    expect(replay).toBeNull();
    expect(await status(first)).toEqual(accepted);
  });

  it('anonymous callers are UNAUTHENTICATED; the STRATA_ADMIN_KEY is FORBIDDEN (it lives in the environment)', async () => {
    const before = await graphCounts();
    expect(outcome(await gql(api.url, ROTATE, { input: {} }))).toBe('UNAUTHENTICATED');
    expect(outcome(await gql(api.url, ROTATE, { input: {} }, ADMIN))).toBe('FORBIDDEN');
    expect(await graphCounts()).toEqual(before);
  });
});

describe('revokeApiKey', () => {
  it('an admin revokes a key: at once it is 401 UNAUTHENTICATED, and why is kept', async () => {
    const m = await member(api.url, ADMIN, 'revoked', ['CONTRIBUTOR']);
    expect(await status(m.key)).toEqual(accepted);
    const res = expectOk(await gql(api.url, REVOKE, { input: { contributorId: m.id, reason: 'Leaked in a public repository.' } }, ADMIN));
    expect(res.revokeApiKey.contributor).toEqual({ id: m.id, handle: 'revoked' });
    expect(await status(m.key)).toEqual(rejected);
    expect(outcome(await gql(api.url, ROTATE, { input: {} }, m.key))).toBe('UNAUTHENTICATED');
    const [stored] = await testGraph().read<{ hash: unknown; reason: string; by: string; at: unknown }>(
      'MATCH (c:Contributor {id: $id}) RETURN c.apiKeyHash AS hash, c.apiKeyRevokedReason AS reason, c.apiKeyRevokedBy AS by, c.apiKeyRevokedAt AS at',
      { id: m.localId },
    );
    expect(stored).toMatchObject({ hash: null, reason: 'Leaked in a public repository.', by: 'admin-key' });
    expect(stored!.at).not.toBeNull();
  });

  it('a contributor with the ADMIN role may revoke; others are FORBIDDEN and anonymous UNAUTHENTICATED, writing nothing', async () => {
    const target = await member(api.url, ADMIN, 'revoke-target', ['CONTRIBUTOR']);
    const other = await member(api.url, ADMIN, 'revoke-other', ['CONTRIBUTOR', 'VALIDATOR']);
    const adminContributor = await member(api.url, ADMIN, 'revoke-admin', ['ADMIN']);
    const input = { contributorId: target.id, reason: 'Asked to.' };
    const before = await graphCounts();
    expect(outcome(await gql(api.url, REVOKE, { input }))).toBe('UNAUTHENTICATED');
    expect(outcome(await gql(api.url, REVOKE, { input }, other.key))).toBe('FORBIDDEN');
    expect(outcome(await gql(api.url, REVOKE, { input }, target.key))).toBe('FORBIDDEN');
    expect(await graphCounts()).toEqual(before);
    expect(await status(target.key)).toEqual(accepted);
    expectOk(await gql(api.url, REVOKE, { input }, adminContributor.key));
    expect(await status(target.key)).toEqual(rejected);
    const [by] = await testGraph().read<{ by: string }>('MATCH (c:Contributor {id: $id}) RETURN c.apiKeyRevokedBy AS by', { id: target.localId });
    expect(by!.by).toBe(adminContributor.localId);
  });

  it('an unknown contributor is NOT_FOUND; a bad id or an empty reason is BAD_USER_INPUT naming the field', async () => {
    expect(outcome(await gql(api.url, REVOKE, { input: { contributorId: 'Contributor:ctb_nobody', reason: 'x' } }, ADMIN))).toBe('NOT_FOUND');
    const badId = await gql(api.url, REVOKE, { input: { contributorId: 'Datanet:dn_x', reason: 'x' } }, ADMIN);
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contributorId' });
    const m = await member(api.url, ADMIN, 'revoke-empty-reason', ['CONTRIBUTOR']);
    const empty = await gql(api.url, REVOKE, { input: { contributorId: m.id, reason: '  ' } }, ADMIN);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await status(m.key)).toEqual(accepted);
  });
});
