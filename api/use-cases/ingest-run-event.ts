import { createHash } from 'node:crypto';
import { conflict, forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { rolesFor } from '../core/roles.js';
import { problemAt, readRunEvent, type AdapterFromRun } from '../interop/openlineage.js';
import type { GraphStore } from '../store/graph-store.js';
import { isConstraintViolation } from '../store/idempotency.js';
import { createLineageEvent, linkRegisteredAdapter, storedEvent } from '../store/lineage-runs.js';
import * as models from '../store/models.js';
import { lockNodes } from '../store/records.js';
import type { Transaction } from '../store/transaction.js';
import { actorLabel, type Actor } from './actor.js';
import { stableJson } from './idempotency.js';
import { newLocalId } from './ids.js';

/**
 * `POST /api/v1/lineage`: one OpenLineage RunEvent (docs/architecture.md#openlineage-ingest). Validate against the
 * spec → map → one transaction: the event (and its run, on the run's first event), and for a COMPLETE training event
 * the adapter, trained on the named datanets with the snapshot at the event's time, built by the caller, its facets
 * kept as training metadata. Idempotent by runId + eventType: the same event again is a replay (nothing written,
 * the first answer returned); a different event under the same key is a CONFLICT. A run belongs to whoever sent its
 * first event.
 */
export interface IngestedRunEvent {
  runId: string;
  eventType: string;
  /** True when this event had been received before: nothing was written. */
  duplicate: boolean;
  /** The adapter the run's COMPLETE event registered (local id), if any. */
  adapterId: string | null;
}

const POSTER_ROLES = rolesFor('CONTRIBUTOR');

export async function ingestRunEvent(graph: GraphStore, actor: Actor, body: unknown): Promise<IngestedRunEvent> {
  const { event, key, adapter } = readRunEvent(body);
  const payload = stableJson(event);
  const payloadHash = createHash('sha256').update(payload, 'utf8').digest('hex');
  const runId = event.run.runId;
  const eventType = event.eventType ?? 'OTHER';
  const submittedBy = actorLabel(actor);
  const guard = { actor, roles: POSTER_ROLES };

  for (let attempt = 0; ; attempt++) {
    try {
      return await graph.write(async (tx) => {
        const stored = await storedEvent(tx, key, runId);
        if (stored.event) {
          if (stored.event.payloadHash !== payloadHash) {
            throw conflict(`Run ${runId} already has a different ${eventType} event; an event is identified by its runId and eventType (plus eventTime for RUNNING and OTHER).`);
          }
          return { runId, eventType, duplicate: true, adapterId: stored.event.adapterId };
        }
        if (stored.runOwner !== null && stored.runOwner !== submittedBy) {
          throw forbidden(`Run ${runId} was started by another key; only its first sender may add events to it. Nothing was written.`);
        }
        const created = await createLineageEvent(tx, guard, {
          key, runId, eventType, eventTime: new Date(event.eventTime).toISOString(), jobNamespace: event.job.namespace, jobName: event.job.name,
          producer: event.producer, schemaURL: event.schemaURL, payload, payloadHash, submittedBy,
        });
        if (created === 0) throw forbidden('Only contributors may post lineage events; nothing was written.');
        const adapterId = adapter ? await registerTrainedAdapter(tx, actor, adapter) : null;
        if (adapterId) await linkRegisteredAdapter(tx, { key, runId, adapterId, trainingMetadata: stableJson(adapter!.metadata) });
        return { runId, eventType, duplicate: false, adapterId };
      });
    } catch (error) {
      // A concurrent copy of this event committed first: the next attempt finds it and replays it.
      if (isConstraintViolation(error) && attempt < 2) continue;
      throw error;
    }
  }
}

/** The adapter of a COMPLETE training event, through the same store writer as registerAdapter. */
async function registerTrainedAdapter(tx: Transaction, actor: Actor, adapter: AdapterFromRun): Promise<string> {
  const refs = await models.adapterReferences(tx, adapter);
  if (!refs.baseExists) throw problemAt(adapter.paths.baseModelId, `names no base model (${encodeGlobalId('BaseModel', adapter.baseModelId)})`);
  const missing = refs.missingDatanets[0];
  if (missing !== undefined) throw problemAt(adapter.paths.trainedOn[missing]!, `names no datanet (${encodeGlobalId('Datanet', adapter.trainedOn[missing]!)})`);
  if (adapter.derivedFromId) {
    if (!refs.parentExists) throw problemAt(adapter.paths.derivedFromId, `names no adapter (${encodeGlobalId('Adapter', adapter.derivedFromId)})`);
    if (refs.parentBase !== adapter.baseModelId) throw problemAt(adapter.paths.derivedFromId, 'adapts another base model; an adapter derives only from an adapter of the same base model');
  }
  await lockNodes(tx, 'Datanet', adapter.trainedOn);
  const id = newLocalId('ad');
  const trained = await models.createAdapter(tx, { actor, roles: POSTER_ROLES }, { id, name: adapter.name, baseModelId: adapter.baseModelId, derivedFromId: adapter.derivedFromId, trainedOn: adapter.trainedOn, snapshotAt: adapter.snapshotAt });
  if (trained !== adapter.trainedOn.length) throw forbidden('Only contributors may register adapters; nothing was written.');
  return id;
}
