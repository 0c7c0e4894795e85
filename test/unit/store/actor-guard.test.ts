import { describe, expect, it } from 'vitest';
import { actorGuard, actorParams, createGuarded } from '../../../api/store/actor-guard.js';
import { recording } from './recording.js';

// In the spirit of neo4j/graphql's tck: pin the Cypher we send, so a change to it is a visible, reviewed diff.
describe('actor guard', () => {
  it('binds the caller and keeps the row only for the STRATA_ADMIN_KEY or a holder of one of the roles', () => {
    expect(actorGuard('roles')).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (actor:Contributor {id: $actorId})
           WITH actor WHERE $envAdmin OR (actor IS NOT NULL AND any(role IN coalesce(actor.roles, []) WHERE role IN $roles))"
    `);
    expect(actorParams({ contributorId: 'ctb_1', envAdmin: false })).toEqual({ actorId: 'ctb_1', envAdmin: false });
    expect(actorParams({ contributorId: null, envAdmin: true })).toEqual({ actorId: null, envAdmin: true });
  });

  it('a guarded create is the guard, then the create; true only when it returned a row', async () => {
    const { tx, sent } = recording([[{ id: 'x' }], []]);
    const guard = { actor: { contributorId: 'ctb_1', envAdmin: false }, roles: ['ADMIN'] as const };
    expect(await createGuarded(tx, guard, 'CREATE (n:Thing {id: $id}) RETURN n.id AS id', { id: 'x' })).toBe(true);
    expect(await createGuarded(tx, guard, 'CREATE (n:Thing {id: $id}) RETURN n.id AS id', { id: 'x' })).toBe(false);
    expect(sent[0]).toMatchSnapshot();
  });
});
