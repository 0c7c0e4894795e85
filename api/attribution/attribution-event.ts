import type { AttributionShape } from './attribution-shape.js';

/** A payout as the log records it: money as a decimal string (canonical JSON has no BigInt). */
export interface LoggedPayout {
  recipientId: string;
  role: string;
  amount: string;
}

/**
 * The transparency-log leaf of an attribution (and its rewards, when a fee was paid): everything a contributor needs
 * to check their share offline, nothing they would need to trust the server for. RFC 8785 canonical JSON is applied
 * by the log; this only chooses the fields.
 */
export function attributionEvent(input: {
  outputId: string;
  contentHash: string;
  modelId: string;
  attribution: AttributionShape;
  fee?: bigint | null;
  policyId?: string | null;
  payouts?: LoggedPayout[];
  /** Payouts a sanction withheld (added to the platform's row instead); present only when there were any. */
  withheld?: LoggedPayout[];
  supersedes?: number | null;
  /**
   * On a correction entry (an executed ATTRIBUTION_CORRECTION): the proposal, and the compensating payouts (signed
   * decimal strings, summing to 0) that bring what was paid to `payouts`, what the corrected attribution owes.
   */
  correction?: { proposalId: string; compensations: LoggedPayout[] } | null;
}) {
  const a = input.attribution;
  const shares = (list: Array<{ id: string; share: number }>) => list.map((s) => ({ id: s.id, share: s.share }));
  return {
    type: 'attribution',
    version: 1,
    outputId: input.outputId,
    contentHash: input.contentHash,
    modelId: input.modelId,
    method: a.method,
    methodVersion: a.methodVersion,
    // The model the paraphrase tier ran, only when it took part: other entries keep the shape they always had.
    ...(a.embeddingModel ? { embeddingModel: a.embeddingModel } : {}),
    coverage: a.coverage,
    datanets: shares(a.datanets),
    adapters: shares(a.adapters),
    contributors: shares(a.contributors),
    records: shares(a.records),
    ...(input.fee != null ? { fee: input.fee.toString(), policyId: input.policyId ?? null, payouts: input.payouts ?? [] } : {}),
    ...(input.withheld && input.withheld.length > 0 ? { withheld: input.withheld } : {}),
    ...(input.supersedes != null ? { supersedes: input.supersedes } : {}),
    ...(input.correction ? { correction: input.correction } : {}),
  };
}
