import { describe, expect, it } from 'vitest';
import { createDatanet } from '../../../api/store/datanets.js';
import { recording } from './recording.js';

describe('datanets store', () => {
  it('creates a datanet behind the admin guard', async () => {
    const { tx, sent } = recording([[{ id: 'dn_1' }], []]);
    const guard = { actor: { contributorId: null, envAdmin: true }, roles: ['ADMIN'] as const };
    const datanet = { id: 'dn_1', name: 'Tide tables', description: '', domain: 'oceans', admission: 'REVIEWED' as const };
    expect(await createDatanet(tx, guard, datanet)).toBe(true);
    expect(await createDatanet(tx, guard, datanet)).toBe(false);
    expect(sent[0]).toMatchSnapshot();
  });
});
