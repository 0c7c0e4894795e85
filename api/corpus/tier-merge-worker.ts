/**
 * The merge thread's task (docs/architecture.md#the-trace-index-in-tiers): join the tiers' token streams and build the
 * suffix array and first-token table of the result, all in shared memory, so the API process swaps them in without a
 * copy and its event loop never runs the sort.
 */
import { mergeTiers } from '../attribution/trace/corpus-index.js';

export interface TierMergeTask {
  tiers: Array<{ tokens: Int32Array; docStarts: Int32Array }>;
}

export interface MergedTier {
  tokens: Int32Array;
  sa: Int32Array;
  docStarts: Int32Array;
  firstTokens: Int32Array;
}

export default function mergeTask(task: TierMergeTask): MergedTier {
  const merged = mergeTiers(task.tiers);
  return { tokens: merged.tokens, sa: merged.sa, docStarts: merged.docStarts, firstTokens: merged.firstTokens };
}
