import type { ModelTraining } from '../attribution/model-reach.js';

/**
 * A model's training snapshots without the datanets voters suspended: the records of a suspended datanet are then not
 * eligible for the trace, so they earn no attribution credit (and no fee) in outputs recorded while it is suspended.
 * Outputs recorded before keep theirs; verifyAttribution recomputes with the suspensions in force when the output was
 * recorded.
 */
export function eligibleTraining(training: readonly ModelTraining[], suspended: ReadonlySet<string>): ModelTraining[] {
  return training.filter((t) => !suspended.has(t.datanetId));
}
