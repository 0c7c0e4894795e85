import { describe, expect, it } from 'vitest';
import { appointValidators, createDatanet, datanetControl, knownContributors, setDatanetAdmission } from '../../../api/store/datanets.js';
import { datanetValidators } from '../../../api/store/reads/datanets.js';
import { recording } from './recording.js';

const guard = { actor: { contributorId: 'ctb_owner', envAdmin: false }, roles: ['ADMIN'] as const };

describe('datanets store', () => {
  it('creates a datanet owned by the caller, behind the contributor guard', async () => {
    const { tx, sent } = recording([[{ id: 'dn_1' }], []]);
    const contributorGuard = { actor: { contributorId: 'ctb_1', envAdmin: false }, roles: ['CONTRIBUTOR', 'ADMIN'] as const };
    const datanet = { id: 'dn_1', name: 'Tide tables', description: '', domain: 'oceans', admission: 'REVIEWED' as const };
    expect(await createDatanet(tx, contributorGuard, datanet)).toBe(true);
    expect(await createDatanet(tx, contributorGuard, datanet)).toBe(false);
    expect(sent[0]).toMatchSnapshot();
  });

  it('datanetControl locks the datanet and reads its owner and the caller\'s roles; null when unknown', async () => {
    const { tx, sent } = recording([[{ ownerId: 'ctb_owner', callerRoles: ['CONTRIBUTOR'] }], []]);
    expect(await datanetControl(tx, 'dn_1', 'ctb_owner')).toEqual({ ownerId: 'ctb_owner', callerRoles: ['CONTRIBUTOR'] });
    expect(await datanetControl(tx, 'dn_x', 'ctb_owner')).toBeNull();
    expect(sent[0]).toMatchSnapshot();
  });

  it('setDatanetAdmission and appointValidators run behind the owner guard and count what they wrote', async () => {
    const { tx, sent } = recording([[{ changed: 1 }], [{ appointed: 2 }], [{ ids: ['ctb_v1'] }]]);
    expect(await setDatanetAdmission(tx, guard, { datanetId: 'dn_1', admission: 'OPEN' })).toBe(1);
    expect(await appointValidators(tx, guard, { datanetId: 'dn_1', validatorIds: ['ctb_v1', 'ctb_v2'] })).toBe(2);
    expect(await knownContributors(tx, ['ctb_v1', 'ctb_x'])).toEqual(new Set(['ctb_v1']));
    expect(sent).toMatchSnapshot();
  });

  it('datanetValidators reads the appointed validators of many datanets in one query', async () => {
    const { graph, sent } = recording([[{ id: 'dn_1', validatorIds: ['ctb_v1'] }]]);
    expect(await datanetValidators(graph, ['dn_1', 'dn_2'])).toEqual(new Map([['dn_1', ['ctb_v1']]]));
    expect(sent).toMatchSnapshot();
  });
});
