import { DatanetRef } from '../refs.js';
import { DatanetAdmission } from './datanet.js';
import { mutationField } from '../mutation-field.js';
import { linkField } from '../nodes.js';
import { actorOf } from '../../use-cases/actor.js';
import { createDatanet, createDatanetInput, type CreateDatanetResult } from '../../use-cases/create-datanet.js';
import { parseInput } from '../../use-cases/validation.js';

mutationField('createDatanet', {
  description: 'Admins only. OPEN datanets accept records on submit; REVIEWED datanets keep them PENDING until a validator decides.',
  scope: 'admin',
  input: (t) => ({
    name: t.string({ required: true }),
    description: t.string({ required: false }),
    domain: t.string({ required: false }),
    admission: t.field({ type: DatanetAdmission, required: true }),
  }),
  run: (input, ctx): Promise<CreateDatanetResult> => createDatanet(ctx.graph, actorOf(ctx.viewer), parseInput(createDatanetInput, input)),
  payload: (t) => ({
    datanet: linkField(t, DatanetRef, (r) => r.datanetId, 'the new datanet'),
  }),
});
