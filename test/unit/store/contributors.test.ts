import { describe, expect, it } from 'vitest';
import { contributorByApiKeyHash, createContributor, revokeApiKey, rotateApiKey } from '../../../api/store/contributors.js';
import { CONSTRAINT_VIOLATION } from '../../../api/store/idempotency.js';
import { recording } from './recording.js';

const admin = { actor: { contributorId: 'ctb_admin', envAdmin: false }, roles: ['ADMIN'] as const };
const newcomer = { id: 'ctb_new', handle: 'ada', roles: ['CONTRIBUTOR', 'VALIDATOR'] as const, apiKeyHash: 'ab'.repeat(32) };

describe('contributors store', () => {
  it('creates a contributor behind the admin guard', async () => {
    const { tx, sent } = recording([[{ id: 'ctb_new' }]]);
    expect(await createContributor(tx, admin, newcomer)).toBe('created');
    expect(sent).toMatchSnapshot();
  });

  it('says whether the guard refused or the handle was taken', async () => {
    expect(await createContributor(recording([[]]).tx, admin, newcomer)).toBe('refused');
    const taken = { run: async () => { throw Object.assign(new Error('exists'), { code: CONSTRAINT_VIOLATION }); } };
    expect(await createContributor(taken as never, admin, newcomer)).toBe('handle-taken');
    const down = { run: async () => { throw Object.assign(new Error('down'), { code: 'ServiceUnavailable' }); } };
    await expect(createContributor(down as never, admin, newcomer)).rejects.toThrow('down');
  });

  it('finds the holder of an API key by the key\'s hash, on the unique index', async () => {
    const { graph, sent } = recording([[{ id: 'ctb_1', roles: ['CONTRIBUTOR'] }], [{ id: 'ctb_2', roles: null }], []]);
    expect(await contributorByApiKeyHash(graph, 'cd'.repeat(32))).toEqual({ id: 'ctb_1', roles: ['CONTRIBUTOR'] });
    expect(await contributorByApiKeyHash(graph, 'cd'.repeat(32))).toEqual({ id: 'ctb_2', roles: [] });
    expect(await contributorByApiKeyHash(graph, 'cd'.repeat(32))).toBeNull();
    expect(sent[0]).toMatchSnapshot();
  });

  it('rotates a key by replacing its hash, only while the contributor still has one', async () => {
    const { tx, sent } = recording([[{ id: 'ctb_1' }], []]);
    expect(await rotateApiKey(tx, 'ctb_1', 'ef'.repeat(32))).toBe(true);
    expect(await rotateApiKey(tx, 'ctb_gone', 'ef'.repeat(32))).toBe(false);
    expect(sent[0]).toMatchSnapshot();
  });

  it('revokes a key behind the admin guard: revoked, refused by the guard, or no such contributor', async () => {
    const { tx, sent } = recording([[{ found: true }], [], [{ found: false }]]);
    const revocation = { contributorId: 'ctb_1', reason: 'leaked in a public repository' };
    expect(await revokeApiKey(tx, admin, revocation)).toBe('revoked');
    expect(await revokeApiKey(tx, admin, revocation)).toBe('refused');
    expect(await revokeApiKey(tx, admin, revocation)).toBe('not-found');
    expect(sent[0]).toMatchSnapshot();
  });
});
