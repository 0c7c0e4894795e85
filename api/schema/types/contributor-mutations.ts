import { builder } from '../builder.js';
import { ContributorRef } from '../refs.js';
import { mutationField } from '../mutation-field.js';
import { linkField } from '../nodes.js';
import { actorOf } from '../../use-cases/actor.js';
import { isRole, ROLES } from '../../core/roles.js';
import { createContributor, createContributorInput, type CreateContributorResult } from '../../use-cases/create-contributor.js';
import { parseInput } from '../../use-cases/validation.js';
import { rotateApiKey, rotateApiKeyInput, type RotateApiKeyResult } from '../../use-cases/rotate-api-key.js';
import { revokeApiKey, revokeApiKeyInput } from '../../use-cases/revoke-api-key.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'ADMIN may do everything; CONTRIBUTOR submits records and builds adapters and models; VALIDATOR reviews others\' records; VOTER votes on reward policies.',
  values: ROLES,
});

builder.objectField(ContributorRef, 'roles', (t) =>
  t.field({
    type: [RoleEnum],
    resolve: (c) => (c.roles ?? []).filter(isRole),
  }),
);

mutationField('createContributor', {
  description: 'Admins only (no self-signup). Creates a contributor with the given roles and returns their API key once.',
  scope: 'admin',
  input: (t) => ({
    handle: t.string({ required: true, description: 'Unique; lowercase letters, digits, "-" and "_", at most 39 characters.' }),
    roles: t.field({ type: [RoleEnum], required: false, description: 'Default [CONTRIBUTOR].' }),
  }),
  run: (input, ctx): Promise<CreateContributorResult> => createContributor(ctx.graph, actorOf(ctx.viewer), parseInput(createContributorInput, input)),
  payload: (t) => ({
    contributor: linkField(t, ContributorRef, (r) => r.contributorId, 'the new contributor'),
    apiKey: t.string({
      nullable: true,
      description:
        'The new contributor\'s API key (send it as "Authorization: Bearer <key>"). Shown once: Strata stores only its SHA-256 hash, so a replay with the same idempotencyKey returns null here.',
      resolve: (r) => r.apiKey,
    }),
  }),
});

mutationField('rotateApiKey', {
  description:
    'Replaces the caller\'s own API key with a new one, returned once; the key this call was made with stops working at once. (The STRATA_ADMIN_KEY is changed in the server\'s environment: FORBIDDEN here.)',
  scope: 'authenticated',
  input: () => ({}),
  run: (input, ctx): Promise<RotateApiKeyResult> => rotateApiKey(ctx.graph, actorOf(ctx.viewer), parseInput(rotateApiKeyInput, input)),
  payload: (t) => ({
    apiKey: t.string({
      nullable: true,
      description: 'The new key (send it as "Authorization: Bearer <key>"). Shown once: a replay with the same idempotencyKey returns null here.',
      resolve: (r) => r.apiKey,
    }),
  }),
});

mutationField('revokeApiKey', {
  description:
    'Admins only. Revokes a contributor\'s API key at once (the key is then HTTP 401 UNAUTHENTICATED), recording why; the contributor and their work stay.',
  scope: 'admin',
  input: (t) => ({
    contributorId: t.id({ required: true }),
    reason: t.string({ required: true, description: 'Why, in one line (at most 500 characters); kept on the contributor.' }),
  }),
  run: (input, ctx): Promise<{ contributorId: string }> => revokeApiKey(ctx.graph, actorOf(ctx.viewer), parseInput(revokeApiKeyInput, input)),
  payload: (t) => ({
    contributor: linkField(t, ContributorRef, (r) => r.contributorId, 'the contributor whose key was revoked'),
  }),
});
