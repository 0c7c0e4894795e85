import { readFileSync } from 'node:fs';
import { strataError } from '../core/errors.js';
import { decodeGlobalIdOf } from '../core/global-id.js';
import { schemaValidator, type JsonSchema } from './json-schema.js';

/**
 * OpenLineage RunEvents (https://openlineage.io/spec/2-0-2/OpenLineage.json) as Strata reads them: pure checks and
 * mapping for `POST /api/v1/lineage` (docs/architecture.md#openlineage-ingest).
 *
 * Every event is validated against the vendored spec (api/interop/openlineage/). A COMPLETE event of a training job
 * registers an adapter: its inputs in the `strata` namespace name the datanets it was trained on (`name` is a Datanet
 * global id), and its one output in that namespace is the adapter (`name` is the adapter's name) with a
 * `strataAdapter` dataset facet: {baseModelId, derivedFromId?}. The run's and job's facets and the output's other
 * facets are kept as the adapter's training metadata (hyperparameters). Other events are kept as the run's history.
 */
export const OPENLINEAGE_SPEC_VERSION = '2-0-2';
export const STRATA_NAMESPACE = 'strata';
export const ADAPTER_FACET = 'strataAdapter';
const MAX_TRAINED_ON = 100;

const schema = JSON.parse(readFileSync(new URL(`./openlineage/OpenLineage-${OPENLINEAGE_SPEC_VERSION}.json`, import.meta.url), 'utf8')) as JsonSchema;
const validateRunEvent = schemaValidator(schema, '#/$defs/RunEvent');

export type RunEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

interface Dataset {
  namespace: string;
  name: string;
  facets?: Record<string, Record<string, unknown>>;
  inputFacets?: Record<string, unknown>;
  outputFacets?: Record<string, unknown>;
}

/** A RunEvent as the spec shapes it (after validation). */
export interface RunEvent {
  eventType?: RunEventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: Record<string, unknown> };
  job: { namespace: string; name: string; facets?: Record<string, unknown> };
  inputs?: Dataset[];
  outputs?: Dataset[];
}

/** An adapter a COMPLETE event registers, ids local (without their type). */
export interface AdapterFromRun {
  name: string;
  baseModelId: string;
  derivedFromId: string | null;
  trainedOn: string[];
  /** The training snapshot: the event's time, as an ISO-8601 instant (UTC, milliseconds). */
  snapshotAt: string;
  /** Where each reference was in the event, for errors the graph finds (a base model that does not exist, …). */
  paths: { baseModelId: string; derivedFromId: string; trainedOn: string[] };
  /** Run, job and output facets, as sent: the adapter's training metadata. */
  metadata: { runFacets: Record<string, unknown>; jobFacets: Record<string, unknown>; outputFacets: Record<string, unknown> };
}

export interface IngestedEvent {
  event: RunEvent;
  /** What makes a repeat the same event: runId and eventType (RUNNING and OTHER, which a run may send many times, add eventTime). */
  key: string;
  adapter: AdapterFromRun | null;
}

/** A BAD_USER_INPUT whose `field` is the JSON path of the problem in the posted event. */
export const problemAt = (path: string, message: string) => strataError('BAD_USER_INPUT', `${path} ${message}.`, { field: path });

const REPEATABLE: ReadonlySet<string> = new Set(['RUNNING', 'OTHER']);

export function eventKey(event: RunEvent): string {
  const type = event.eventType ?? 'OTHER';
  return REPEATABLE.has(type) ? `${event.run.runId}/${type}/${event.eventTime}` : `${event.run.runId}/${type}`;
}

/** Validates a posted body against the spec, then reads the adapter a COMPLETE training event registers. */
export function readRunEvent(body: unknown): IngestedEvent {
  const problem = validateRunEvent(body);
  if (problem) throw problemAt(problem.path, `${problem.message} (OpenLineage ${OPENLINEAGE_SPEC_VERSION} RunEvent)`);
  const event = body as RunEvent;
  return { event, key: eventKey(event), adapter: event.eventType === 'COMPLETE' ? adapterFromRun(event) : null };
}

/** A global id of one type at a JSON path, as a local id; a wrong one is a 400 naming the path. */
function idAt(type: 'BaseModel' | 'Adapter' | 'Datanet', value: unknown, path: string): string {
  if (typeof value !== 'string') throw problemAt(path, `must be a ${type} global id (a string like "${type}:…")`);
  try {
    return decodeGlobalIdOf(type, value, path);
  } catch (error) {
    throw problemAt(path, `is not a ${type} id: ${(error as Error).message}`);
  }
}

/** The adapter a COMPLETE event registers, or null when no output carries the strataAdapter facet (not a training job). */
export function adapterFromRun(event: RunEvent): AdapterFromRun | null {
  const outputs = event.outputs ?? [];
  const adapters = outputs.map((output, index) => ({ output, index })).filter(({ output }) => output.facets?.[ADAPTER_FACET] !== undefined);
  if (adapters.length === 0) return null;
  if (adapters.length > 1) throw problemAt(`$.outputs[${adapters[1]!.index}].facets.${ADAPTER_FACET}`, 'is a second adapter; one event registers one adapter');
  const { output, index } = adapters[0]!;
  const at = `$.outputs[${index}]`;
  if (output.namespace !== STRATA_NAMESPACE) throw problemAt(`${at}.namespace`, `must be "${STRATA_NAMESPACE}" for an output with the ${ADAPTER_FACET} facet`);
  const name = output.name.trim();
  if (name === '' || [...name].length > 200 || /[\u0000-\u001F\u007F-\u009F]/u.test(name)) {
    throw problemAt(`${at}.name`, 'must be the adapter name: 1–200 characters, no control characters');
  }
  const facet = output.facets![ADAPTER_FACET]!;
  const baseModelId = idAt('BaseModel', facet.baseModelId, `${at}.facets.${ADAPTER_FACET}.baseModelId`);
  const derivedFromId = facet.derivedFromId == null ? null : idAt('Adapter', facet.derivedFromId, `${at}.facets.${ADAPTER_FACET}.derivedFromId`);

  // Inputs outside the strata namespace are other systems' datasets: kept in the stored event, not training snapshots.
  const trainedOn: string[] = [];
  const trainedOnPaths: string[] = [];
  const seen = new Map<string, number>();
  (event.inputs ?? []).forEach((input, i) => {
    if (input.namespace !== STRATA_NAMESPACE) return;
    const id = idAt('Datanet', input.name, `$.inputs[${i}].name`);
    const first = seen.get(id);
    if (first !== undefined) throw problemAt(`$.inputs[${i}].name`, `repeats $.inputs[${first}].name`);
    seen.set(id, i);
    trainedOn.push(id);
    trainedOnPaths.push(`$.inputs[${i}].name`);
  });
  if (trainedOn.length === 0) throw problemAt('$.inputs', `must name at least one datanet: an input {namespace: "${STRATA_NAMESPACE}", name: "Datanet:…"}`);
  if (trainedOn.length > MAX_TRAINED_ON) throw problemAt('$.inputs', `names ${trainedOn.length} datanets; an adapter is trained on at most ${MAX_TRAINED_ON}`);

  const { [ADAPTER_FACET]: _adapter, ...otherFacets } = output.facets ?? {};
  return {
    name,
    baseModelId,
    derivedFromId,
    trainedOn,
    snapshotAt: new Date(event.eventTime).toISOString(),
    paths: { baseModelId: `${at}.facets.${ADAPTER_FACET}.baseModelId`, derivedFromId: `${at}.facets.${ADAPTER_FACET}.derivedFromId`, trainedOn: trainedOnPaths },
    metadata: {
      runFacets: event.run.facets ?? {},
      jobFacets: event.job.facets ?? {},
      outputFacets: { ...otherFacets, ...(output.outputFacets ?? {}) },
    },
  };
}
