/**
 * A contributor's value per model version: the baseline they never had. For each model version whose outputs credit
 * or paid them (plus the later versions of those models, so a version that drops them to nothing still shows):
 * how many of its outputs are attributed, their mean share over those outputs (an output that does not credit them
 * counts as 0), the summed share, and what they earned from its outputs. A version whose mean share fell by more than
 * `threshold` (relative) from its PREVIOUS_VERSION's is flagged.
 */

export interface ModelValueRow {
  modelId: string;
  previousVersionId: string | null;
  createdAt: string;
  /** Outputs of the model that carry an attribution. */
  outputs: number;
  /** Sum of the contributor's shares over those outputs. */
  credit: number;
  /** Outputs that credit the contributor at all. */
  credited: number;
  earnings: bigint;
}

/**
 * The relative drop that flags a model version by default: `Contributor.valueHistory`'s default threshold, the one
 * VALUE_DROPPED webhooks and `governanceMetrics.valueDrops` use.
 */
export const VALUE_DROP_THRESHOLD = 0.25;

export interface ContributorModelValue {
  modelId: string;
  previousVersionId: string | null;
  /** When the model version was registered. */
  createdAt: string;
  outputsAttributed: number;
  outputsCredited: number;
  /** credit / outputsAttributed; null while the version has no attributed output. */
  meanShare: number | null;
  totalCredit: number;
  earnings: bigint;
  /** (previous mean − this mean) / previous mean; negative is a rise; null without a comparable previous version. */
  dropFromPrevious: number | null;
  flagged: boolean;
}

/**
 * Rows (in model createdAt order) → history. The comparison is with the model's own previous version (the chain),
 * not with the row before it, which may belong to another model line. A previous version missing from the rows never
 * credited the contributor: nothing to drop from.
 */
export function valueHistory(rows: readonly ModelValueRow[], threshold: number): ContributorModelValue[] {
  const meanOf = new Map<string, number | null>();
  return rows.map((row) => {
    const meanShare = row.outputs > 0 ? Math.min(1, row.credit / row.outputs) : null;
    meanOf.set(row.modelId, meanShare);
    const previous = row.previousVersionId ? meanOf.get(row.previousVersionId) ?? null : null;
    const dropFromPrevious = previous !== null && previous > 0 && meanShare !== null ? (previous - meanShare) / previous : null;
    return {
      modelId: row.modelId,
      previousVersionId: row.previousVersionId,
      createdAt: row.createdAt,
      outputsAttributed: row.outputs,
      outputsCredited: row.credited,
      meanShare,
      totalCredit: row.credit,
      earnings: row.earnings,
      dropFromPrevious,
      flagged: dropFromPrevious !== null && dropFromPrevious > threshold,
    };
  });
}

/** A flagged version with the numbers behind its flag. */
export interface FlaggedValueDrop {
  modelId: string;
  previousVersionId: string | null;
  /** When the flagged version was registered. */
  createdAt: string;
  meanShare: number | null;
  previousMeanShare: number | null;
  dropFromPrevious: number | null;
}

/** The flagged versions of a history, each with its previous version's mean share beside its own. */
export function flaggedValueDrops(history: readonly ContributorModelValue[]): FlaggedValueDrop[] {
  const meanOf = new Map(history.map((v) => [v.modelId, v.meanShare]));
  return history
    .filter((v) => v.flagged)
    .map((v) => ({
      modelId: v.modelId,
      previousVersionId: v.previousVersionId,
      createdAt: v.createdAt,
      meanShare: v.meanShare,
      previousMeanShare: v.previousVersionId ? meanOf.get(v.previousVersionId) ?? null : null,
      dropFromPrevious: v.dropFromPrevious,
    }));
}
