import { builder } from '../builder.js';
import { DatanetRef } from '../refs.js';
import { DatanetAdmission } from './datanet.js';
import { idempotencyKeyInput, loadWritten } from './mutation-support.js';
import { actorOf } from '../../use-cases/actor.js';
import { createDatanet, createDatanetInput, type CreateDatanetResult } from '../../use-cases/create-datanet.js';
import { parseInput } from '../../use-cases/validation.js';

const CreateDatanetInput = builder.inputType('CreateDatanetInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string({ required: false }),
    domain: t.string({ required: false }),
    admission: t.field({ type: DatanetAdmission, required: true }),
    idempotencyKey: idempotencyKeyInput(t),
  }),
});

const CreateDatanetPayload = builder.objectRef<CreateDatanetResult>('CreateDatanetPayload').implement({
  fields: (t) => ({
    datanet: t.field({
      type: DatanetRef,
      resolve: async (r, _a, ctx) => (await loadWritten(ctx.loaders.Datanet, [r.datanetId], 'the new datanet'))[0]!,
    }),
  }),
});

builder.mutationField('createDatanet', (t) =>
  t.field({
    type: CreateDatanetPayload,
    description: 'Admins only. OPEN datanets accept records on submit; REVIEWED datanets keep them PENDING until a validator decides.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateDatanetInput, required: true }) },
    resolve: (_root, args, ctx) => createDatanet(ctx.graph, actorOf(ctx.viewer), parseInput(createDatanetInput, args.input)),
  }),
);
