import { DatanetRef } from '../refs.js';
import { DatanetAdmission } from './datanet.js';
import { mutationField } from '../mutation-field.js';
import { linkField } from '../nodes.js';
import { actorOf } from '../../use-cases/actor.js';
import { appointValidators, appointValidatorsInput } from '../../use-cases/appoint-validators.js';
import { createDatanet, createDatanetInput, type CreateDatanetResult } from '../../use-cases/create-datanet.js';
import { setDatanetAdmission, setDatanetAdmissionInput } from '../../use-cases/set-datanet-admission.js';
import { parseInput } from '../../use-cases/validation.js';

mutationField('createDatanet', {
  description:
    'Any contributor (or admin) creates a datanet and owns it: sets its admission and appoints its validators. OPEN datanets accept records on submit; REVIEWED datanets keep them PENDING until a validator decides.',
  scope: 'contributor',
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

mutationField('setDatanetAdmission', {
  description: 'The datanet\'s owner (or an admin) sets how records submitted from now on are admitted.',
  scope: 'authenticated',
  input: (t) => ({
    datanetId: t.id({ required: true }),
    admission: t.field({ type: DatanetAdmission, required: true }),
  }),
  run: (input, ctx) => setDatanetAdmission(ctx.graph, actorOf(ctx.viewer), parseInput(setDatanetAdmissionInput, input)),
  payload: (t) => ({
    datanet: linkField(t, DatanetRef, (r) => r.datanetId, 'the datanet'),
  }),
});

mutationField('appointValidators', {
  description:
    'The datanet\'s owner (or an admin) appoints contributors to review its records; they need no VALIDATOR role for this datanet. Appointing someone twice changes nothing.',
  scope: 'authenticated',
  input: (t) => ({
    datanetId: t.id({ required: true }),
    validatorIds: t.idList({ required: true }),
  }),
  run: (input, ctx) => appointValidators(ctx.graph, actorOf(ctx.viewer), parseInput(appointValidatorsInput, input)),
  payload: (t) => ({
    datanet: linkField(t, DatanetRef, (r) => r.datanetId, 'the datanet'),
  }),
});
