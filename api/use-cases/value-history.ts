import type { GraphStore } from '../store/graph-store.js';
import { contributorModelValues } from '../store/reads/value-history.js';
import { valueHistory, type ContributorModelValue } from '../attribution/value-history.js';
import { badInput } from '../core/errors.js';

/** A contributor's value per model version, flagging drops of more than `threshold` (relative, 0 to 1). */
export async function contributorValueHistory(graph: GraphStore, contributorId: string, threshold: number): Promise<ContributorModelValue[]> {
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw badInput(`threshold must be between 0 and 1, got ${threshold}.`, 'threshold');
  return valueHistory(await contributorModelValues(graph, contributorId), threshold);
}
