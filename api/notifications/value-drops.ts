import { flaggedValueDrops, valueHistory, VALUE_DROP_THRESHOLD } from '../attribution/value-history.js';
import type { GraphStore } from '../store/graph-store.js';
import { contributorModelValues } from '../store/reads/value-history.js';
import type { ValueDropNumbers } from './contributor-event.js';

export { VALUE_DROP_THRESHOLD };

/**
 * The model versions a contributor's value dropped in now (their value history, flagged at the default threshold: the
 * same drops `governanceMetrics` lists), each with the numbers a VALUE_DROPPED event carries. Both channels (webhooks
 * and the event stream) find value drops this way.
 */
export async function valueDropEvents(graph: GraphStore, contributorId: string): Promise<Array<{ modelId: string; numbers: ValueDropNumbers }>> {
  const drops = flaggedValueDrops(valueHistory(await contributorModelValues(graph, contributorId), VALUE_DROP_THRESHOLD));
  return drops.map((v) => ({
    modelId: v.modelId,
    numbers: {
      previousModelId: v.previousVersionId,
      meanShare: v.meanShare,
      previousMeanShare: v.previousMeanShare,
      dropFromPrevious: v.dropFromPrevious,
      threshold: VALUE_DROP_THRESHOLD,
    },
  }));
}
