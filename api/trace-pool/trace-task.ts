/**
 * The work one tracing thread does for one request: bring its replica of the corpus up to the task's handle, then
 * trace (and split the credit) exactly as the API process would (`attributeWith`, the same function).
 */
import type { AttributionShape } from '../attribution/attribution-shape.js';
import { traceText, type TraceOptions, type TraceResult } from '../attribution/trace/trace.js';
import { attributeWith, type AttributeOptions } from '../corpus/attribute-with.js';
import { CorpusReplica, type ReplicaHandle } from './corpus-replica.js';

export type TraceTask =
  | { kind: 'attribute'; corpus: ReplicaHandle; text: string; options: AttributeOptions }
  /** A bare trace over every record (no eligibility predicate: functions do not cross threads). */
  | { kind: 'trace'; corpus: ReplicaHandle; text: string; options: Omit<TraceOptions, 'eligible'> };

const replicas = new Map<string, CorpusReplica>();

export function replicaFor(handle: ReplicaHandle): CorpusReplica {
  let replica = replicas.get(handle.key);
  if (!replica?.canServe(handle)) {
    replica = new CorpusReplica(handle.epoch, handle.method);
    replicas.set(handle.key, replica);
  }
  replica.apply(handle);
  return replica;
}

export function runTraceTask(task: TraceTask): AttributionShape | TraceResult {
  const replica = replicaFor(task.corpus);
  if (task.kind === 'trace') return traceText(replica, task.text, task.options);
  return attributeWith(replica, replica.meta, replica.clusterMembers, task.text, task.options);
}
