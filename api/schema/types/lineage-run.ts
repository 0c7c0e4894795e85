import { builder } from '../builder.js';
import { optionalLinkField } from '../nodes.js';
import { AdapterRef, ContributorRef } from '../refs.js';
import { readLineageRun, type LineageRunShape } from '../../store/reads/lineage-runs.js';

/**
 * OpenLineage runs received at POST /api/v1/lineage (docs/architecture.md#openlineage-ingest): each event as it was
 * sent, and the adapter the run's COMPLETE event registered.
 */
type RunEventShape = LineageRunShape['events'][number];

const LineageRunEventRef = builder.objectRef<RunEventShape>('LineageRunEvent').implement({
  description: 'One OpenLineage RunEvent of a run, as received.',
  fields: (t) => ({
    eventType: t.exposeString('eventType', { description: 'START, RUNNING, COMPLETE, ABORT, FAIL or OTHER.' }),
    eventTime: t.field({ type: 'DateTime', resolve: (e) => e.eventTime }),
    receivedAt: t.field({ type: 'DateTime', resolve: (e) => e.receivedAt }),
    producer: t.exposeString('producer'),
    event: t.field({ type: 'JSON', description: 'The event as posted (canonical JSON).', resolve: (e) => JSON.parse(e.payload) }),
  }),
});

const LineageRunRef = builder.objectRef<LineageRunShape>('LineageRun').implement({
  description: 'An OpenLineage run: its job, who sent it, its events oldest first, and the adapter it registered.',
  fields: (t) => ({
    runId: t.exposeString('runId'),
    jobNamespace: t.exposeString('jobNamespace'),
    jobName: t.exposeString('jobName'),
    sender: optionalLinkField(t, ContributorRef, (r) => (r.submittedBy === 'admin-key' ? null : r.submittedBy), 'Who sent its first event (null for the admin key).'),
    adapter: optionalLinkField(t, AdapterRef, (r) => r.adapterId, 'The adapter its COMPLETE event registered.'),
    events: t.field({ type: [LineageRunEventRef], resolve: (r) => r.events }),
  }),
});

builder.queryField('lineageRun', (t) =>
  t.field({
    type: LineageRunRef,
    nullable: true,
    description: 'An OpenLineage run received at POST /api/v1/lineage, by its runId; null if none was received.',
    args: { runId: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => readLineageRun(ctx.graph, args.runId),
  }),
);

builder.objectFields(AdapterRef, (t) => ({
  trainingRun: t.field({
    type: LineageRunRef,
    nullable: true,
    description: 'The OpenLineage run that registered this adapter (POST /api/v1/lineage), if one did.',
    resolve: (a, _args, ctx) => {
      const runId = (a as { trainingRunId?: string | null }).trainingRunId;
      return runId ? readLineageRun(ctx.graph, runId) : null;
    },
  }),
  trainingMetadata: t.field({
    type: 'JSON',
    nullable: true,
    description: "The training run's facets (run, job and output facets: hyperparameters and the like), as sent.",
    resolve: (a) => {
      const stored = (a as { trainingMetadata?: string | null }).trainingMetadata;
      return stored ? JSON.parse(stored) : null;
    },
  }),
}));
