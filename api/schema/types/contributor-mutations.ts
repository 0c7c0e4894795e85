import { builder } from '../builder.js';
import { ContributorRef } from '../refs.js';
import { idempotencyKeyInput, loadWritten } from './mutation-support.js';
import { actorOf } from '../../use-cases/actor.js';
import { isRole, ROLES } from '../../core/roles.js';
import { createContributor, createContributorInput, type CreateContributorResult } from '../../use-cases/create-contributor.js';
import { parseInput } from '../../use-cases/validation.js';

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

const CreateContributorInput = builder.inputType('CreateContributorInput', {
  fields: (t) => ({
    handle: t.string({ required: true, description: 'Unique; lowercase letters, digits, "-" and "_", at most 39 characters.' }),
    roles: t.field({ type: [RoleEnum], required: false, description: 'Default [CONTRIBUTOR].' }),
    idempotencyKey: idempotencyKeyInput(t),
  }),
});

const CreateContributorPayload = builder.objectRef<CreateContributorResult>('CreateContributorPayload').implement({
  fields: (t) => ({
    contributor: t.field({
      type: ContributorRef,
      resolve: async (r, _a, ctx) => (await loadWritten(ctx.loaders.Contributor, [r.contributorId], 'the new contributor'))[0]!,
    }),
    apiKey: t.string({
      nullable: true,
      description:
        'The new contributor\'s API key (send it as "Authorization: Bearer <key>"). Shown once: Strata stores only its SHA-256 hash, so a replay with the same idempotencyKey returns null here.',
      resolve: (r) => r.apiKey,
    }),
  }),
});

builder.mutationField('createContributor', (t) =>
  t.field({
    type: CreateContributorPayload,
    description: 'Admins only (no self-signup). Creates a contributor with the given roles and returns their API key once.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateContributorInput, required: true }) },
    resolve: (_root, args, ctx) => createContributor(ctx.graph, actorOf(ctx.viewer), parseInput(createContributorInput, args.input)),
  }),
);
