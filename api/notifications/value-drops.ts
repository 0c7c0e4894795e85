import { valueHistory } from '../attribution/value-history.js';
import type { GraphStore } from '../store/graph-store.js';
import { contributorModelValues } from '../store/reads/value-history.js';
import type { ValueDropNumbers } from './contributor-event.js';

/** The relative drop that flags a model version, as `Contributor.valueHistory`'s default threshold. */
export const VALUE_DROP_THRESHOLD = 0.25;

/**
 * The model versions a contributor's value dropped in now (their value history, flagged at the default threshold),
 * each with the numbers a VALUE_DROPPED event carries. Both channels find value drops this way.
 */
export async function flaggedValueDrops(graph: GraphStore, contributorId: string): Promise<Array<{ modelId: string; numbers: ValueDropNumbers }>> {
  const history = valueHistory(await contributorModelValues(graph, contributorId), VALUE_DROP_THRESHOLD);
  const meanOf = new Map(history.map((v) => [v.modelId, v.meanShare]));
  return history
    .filter((h) => h.flagged)
    .map((v) => ({
      modelId: v.modelId,
      numbers: {
        previousModelId: v.previousVersionId,
        meanShare: v.meanShare,
        previousMeanShare: v.previousVersionId ? meanOf.get(v.previousVersionId) ?? null : null,
        dropFromPrevious: v.dropFromPrevious,
        threshold: VALUE_DROP_THRESHOLD,
      },
    }));
}
