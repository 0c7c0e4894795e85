import { describe, expect, it } from 'vitest';
import { contributorByApiKeyHash, createContributor } from '../../../api/store/contributors.js';
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
});
