import { builder } from '../builder.js';
import { encodeGlobalId } from '../../core/global-id.js';
import { RecordRef } from '../refs.js';
import { loadWritten, mutationField } from '../mutation-field.js';
import { actorOf } from '../../use-cases/actor.js';
import type { Duplicate } from '../../use-cases/dedup-plan.js';
import { reviewRecords, reviewRecordsInput, type ReviewRecordsResult } from '../../use-cases/review-records.js';
import { MAX_RECORDS_PER_BATCH, submitRecords, submitRecordsInput, type SubmitRecordsResult } from '../../use-cases/submit-records.js';
import { parseInput } from '../../use-cases/validation.js';

const RecordInput = builder.inputType('RecordInput', {
  fields: (t) => ({
    text: t.string({
      required: true,
      description: 'At most 32 KB of UTF-8; tab, newline and carriage return are the only control characters allowed; not empty after normalisation.',
    }),
    license: t.string({ required: true, description: 'The license of this text, e.g. an SPDX identifier ("CC-BY-4.0").' }),
  }),
});

const DuplicateKind = builder.enumType('DuplicateKind', {
  description: 'EXACT: the same normalised text (contentHash). NEAR: word 5-gram shingle Jaccard ≥ 0.8 (MinHash/LSH candidates, verified exactly).',
  values: ['EXACT', 'NEAR'] as const,
});

const DuplicateRecord = builder.objectRef<Duplicate>('DuplicateRecord').implement({
  description: 'A submitted record that joined an existing content cluster: it earns nothing unless it becomes the cluster\'s first accepted record.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the submitted record in input.records.' }),
    recordId: t.id({ resolve: (d) => encodeGlobalId('Record', d.recordId) }),
    duplicateOf: t.id({
      description: 'The record it duplicates: a stored record or an earlier record of the same batch (for NEAR, the text the cluster was fingerprinted from).',
      resolve: (d) => encodeGlobalId('Record', d.duplicateOf),
    }),
    kind: t.field({ type: DuplicateKind, resolve: (d) => d.kind }),
    similarity: t.exposeFloat('similarity', { description: 'Jaccard of the word 5-gram shingle sets (1 for EXACT).' }),
  }),
});

mutationField('submitRecords', {
  description:
    'Contributors add records to a datanet as themselves, in one transaction. Exact and near duplicates (also within the batch) join the existing content cluster and are listed in duplicates.',
  scope: 'contributor',
  input: (t) => ({
    datanetId: t.id({ required: true }),
    records: t.field({ type: [RecordInput], required: true, description: `1 to ${MAX_RECORDS_PER_BATCH} records, written together or not at all.` }),
  }),
  run: async (input, ctx): Promise<SubmitRecordsResult> => {
    const result = await submitRecords(ctx.graph, actorOf(ctx.viewer), parseInput(submitRecordsInput, input));
    // The write answered with the records as committed: the payload reads none of them again.
    for (const record of result.written ?? []) ctx.loaders.Record.prime(record.id, record);
    return result;
  },
  payload: (t) => ({
    records: t.field({
      type: [RecordRef],
      description: 'The created records, in input order.',
      resolve: (r, _a, ctx) => loadWritten(ctx.loaders.Record, r.recordIds, 'a submitted record'),
    }),
    duplicates: t.field({ type: [DuplicateRecord], resolve: (r) => r.duplicates }),
  }),
});

const ReviewVerdict = builder.enumType('ReviewVerdict', { values: ['ACCEPT', 'REJECT'] as const });

mutationField('reviewRecords', {
  description:
    'Validators (and the validators a datanet\'s owner appointed, for that datanet) move PENDING records to ACCEPTED or REJECTED (no other transition), never their own. The first accepted record of a content cluster owns it.',
  scope: 'authenticated',
  input: (t) => ({
    recordIds: t.idList({ required: true, description: 'Distinct PENDING records, none your own; all move or none does.' }),
    verdict: t.field({ type: ReviewVerdict, required: true }),
    reason: t.string({ required: false }),
  }),
  run: (input, ctx): Promise<ReviewRecordsResult> => reviewRecords(ctx.graph, actorOf(ctx.viewer), parseInput(reviewRecordsInput, input)),
  payload: (t) => ({
    records: t.field({ type: [RecordRef], resolve: (r, _a, ctx) => loadWritten(ctx.loaders.Record, r.recordIds, 'a reviewed record') }),
  }),
});
