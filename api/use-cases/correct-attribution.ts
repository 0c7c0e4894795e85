import { attributionEvent, type LoggedPayout } from '../attribution/attribution-event.js';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import { loggedAttribution } from '../attribution/compare-attributions.js';
import type { CorpusService } from '../corpus/corpus-service.js';
import { conflict, notFound } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { compensations, type Compensation } from '../governance/compensation.js';
import { eligibleTraining } from '../governance/eligibility.js';
import { appendLogEntry } from '../log/log-service.js';
import { PAYOUT_ROLES, PLATFORM_RECIPIENT, splitOutputFee, type Payout, type PayoutRole } from '../rewards/split-fee.js';
import { withholdSanctioned } from '../rewards/withhold.js';
import { markCorrected, outputForCorrection, replaceAttribution, rewardPolicyById, writeCompensations, type OutputForCorrection } from '../store/corrections.js';
import { modelTraining } from '../store/corpus.js';
import { restrictedSubjects, suspendedDatanets } from '../store/governance.js';
import type { GraphStore } from '../store/graph-store.js';
import { feeRecipients } from '../store/outputs.js';
import { influencesByOutput, storedAttribution } from '../store/reads/influences.js';
import { nodesById } from '../store/reads/nodes.js';
import { logEntryAt } from '../store/log.js';
import type { OutputShape } from '../store/shapes.js';
import type { Transaction } from '../store/transaction.js';

/** The engine a correction re-attributes with: the process's corpus service (ctx.corpus in the API). */
export type Reattributor = Pick<CorpusService, 'attributeAsOf'>;

/** An output's stored attribution next to what the running engine's current method makes of it. */
export interface Reattribution {
  outputId: string;
  contentHash: string;
  modelId: string;
  createdAt: string;
  /** The log entry the stored attribution is in: the one a correction supersedes. */
  logIndex: number | null;
  stored: AttributionShape;
  corrected: AttributionShape;
  /** The corpus both were computed over: the records accepted when the output was attributed. */
  corpus: { records: number; asOfMs: number };
}

type StoredOutput = OutputShape & { corpusAsOf?: string | null };

/**
 * Re-attributes a recorded output with the current method version, over the corpus it was attributed over (records
 * accepted up to its `corpusAsOf`) and without the datanets suspended when it was recorded: only the method changes,
 * so the difference is what the newer method credits differently. Runs outside any write transaction (tracing is
 * CPU work on the in-memory index), like recordOutput's trace.
 */
export async function reattribute(graph: GraphStore, engine: Reattributor, outputId: string): Promise<Reattribution> {
  const gid = encodeGlobalId('Output', outputId);
  const output: StoredOutput | undefined = (await nodesById(graph, 'Output', [outputId])).get(outputId);
  if (!output) throw notFound(`No output ${gid}.`);
  const stored = storedAttribution(output, (await influencesByOutput(graph, [outputId])).get(outputId)!.influences);
  if (!stored) throw conflict(`${gid} has no stored attribution to correct.`);
  const allTraining = await modelTraining(graph, output.modelId);
  if (allTraining === null) throw conflict(`The model of ${gid} (${encodeGlobalId('Model', output.modelId)}) is missing from the graph.`);
  const training = eligibleTraining(allTraining, await suspendedDatanets(graph, Date.parse(output.createdAt)));
  const asOfMs = Date.parse(output.corpusAsOf ?? output.createdAt);
  const result = await engine.attributeAsOf(output.text, { training, prompt: output.prompt ?? null, asOfMs });
  return {
    outputId,
    contentHash: output.contentHash,
    modelId: output.modelId,
    createdAt: output.createdAt,
    logIndex: output.logIndex ?? null,
    stored,
    corrected: result.attribution,
    corpus: { records: result.corpus.records, asOfMs },
  };
}

export interface WrittenCorrection {
  logIndex: number;
  supersedes: number;
  compensations: Compensation[];
}

const logged = (rows: ReadonlyArray<{ recipientId: string; role: string; amount: bigint }>): LoggedPayout[] =>
  rows.map((p) => ({ recipientId: p.recipientId, role: p.role, amount: p.amount.toString() }));

/**
 * Writes a correction in the caller's transaction (executeProposal's): the corrected attribution in force on the
 * output, compensating payouts, and a log entry that `supersedes` the output's entry. Nothing is edited: the old entry
 * and every payout made stay; the compensations are new rows (signed) that bring what the fee paid to what the
 * corrected attribution owes under the same policy and the sanctions in force when the output was recorded (a
 * correction fixes the attribution, not the decisions taken since). The compensations sum to exactly 0.
 */
export async function writeCorrection(tx: Transaction, proposalId: string, r: Reattribution): Promise<WrittenCorrection> {
  const gid = encodeGlobalId('Output', r.outputId);
  const found = await outputForCorrection(tx, r.outputId);
  if (!found) throw notFound(`No output ${gid}.`);
  if (found.logIndex === null) throw conflict(`${gid} has no log entry for a correction to supersede. Nothing was written.`);
  if (found.logIndex !== r.logIndex) throw conflict(`${gid} was corrected while it was being re-attributed; execute again. Nothing was written.`);

  await replaceAttribution(tx, { outputId: r.outputId, attribution: r.corrected, corpus: r.corpus });
  let paid: { fee: bigint; policyId: string; payouts: LoggedPayout[]; withheld: LoggedPayout[] } | Record<string, never> = {};
  let rows: Compensation[] = [];
  const owed = await owedPayouts(tx, r, found);
  if (owed) {
    rows = compensations(found.paid, owed.payouts);
    await writeCompensations(tx, { outputId: r.outputId, proposalId, policyId: owed.policyId, platformId: PLATFORM_RECIPIENT, rows });
    paid = { fee: owed.fee, policyId: owed.policyId, payouts: logged(owed.payouts), withheld: logged(owed.withheld) };
  }
  const entry = await appendLogEntry(tx, attributionEvent({
    outputId: r.outputId,
    contentHash: r.contentHash,
    modelId: r.modelId,
    attribution: r.corrected,
    ...paid,
    supersedes: found.logIndex,
    correction: { proposalId, compensations: logged(rows) },
  }));
  if ((await markCorrected(tx, { outputId: r.outputId, proposalId, supersedes: found.logIndex, index: entry.index })) !== 1) {
    throw conflict(`${gid} changed during the correction; nothing was written.`);
  }
  return { logIndex: entry.index, supersedes: found.logIndex, compensations: rows };
}

/**
 * What the output's fee owes under the corrected attribution: the same split recordOutput made (the policy its payouts
 * were made by, the recipients the graph names, the sanctions in force when it was recorded). Null without a fee.
 */
async function owedPayouts(
  tx: Transaction,
  r: Reattribution,
  found: OutputForCorrection,
): Promise<{ fee: bigint; policyId: string; payouts: Payout[]; withheld: Payout[] } | null> {
  if (found.fee === null || found.fee === 0n) return null;
  const policyId = found.paid[0]?.policyId;
  const policy = policyId ? await rewardPolicyById(tx, policyId) : null;
  if (!policy) throw new Error(`Output ${r.outputId} has a fee but no payouts under a stored policy.`);
  const a = r.corrected;
  const recipients = await feeRecipients(tx, { modelId: found.modelId, adapterIds: a.adapters.map((s) => s.id), recordIds: a.records.map((s) => s.id) });
  if (!recipients) throw new Error(`Model ${found.modelId} vanished while correcting output ${r.outputId}.`);
  const sanctioned = await restrictedSubjects(tx, 'CONTRIBUTOR_SANCTION', ['SANCTION_CONTRIBUTOR'], Date.parse(r.createdAt));
  const owed = withholdSanctioned(splitOutputFee({ fee: found.fee, policy, attribution: a, recipients }), sanctioned, PLATFORM_RECIPIENT);
  return { fee: found.fee, policyId: policy.id, ...owed };
}

/** One recipient's part of an output's fee before and after a correction (exact base units). */
export interface CorrectionPayout {
  recipientId: string;
  role: PayoutRole;
  before: bigint;
  after: bigint;
  delta: bigint;
}

/** The old and the new attribution of a correction side by side, with what each pays. */
export interface CorrectionPreview {
  outputId: string;
  before: AttributionShape;
  after: AttributionShape;
  payouts: CorrectionPayout[];
}

function payoutTable(before: ReadonlyArray<{ recipientId: string; role: PayoutRole; amount: bigint }>, deltas: readonly Compensation[]): CorrectionPayout[] {
  const rows = new Map<string, CorrectionPayout>();
  const row = (p: { recipientId: string; role: PayoutRole }) => {
    const k = `${p.role}\u0000${p.recipientId}`;
    const found = rows.get(k) ?? { recipientId: p.recipientId, role: p.role, before: 0n, after: 0n, delta: 0n };
    rows.set(k, found);
    return found;
  };
  for (const p of before) {
    row(p).before += p.amount;
    row(p).after += p.amount;
  }
  for (const c of deltas) {
    row(c).after += c.amount;
    row(c).delta += c.amount;
  }
  return [...rows.values()].sort((x, y) => PAYOUT_ROLES.indexOf(x.role) - PAYOUT_ROLES.indexOf(y.role) || (x.recipientId < y.recipientId ? -1 : x.recipientId > y.recipientId ? 1 : 0));
}

/**
 * Proposal.impact of a correction not yet executed: the stored attribution next to the re-attribution, and per
 * recipient what the fee paid, would pay and the difference. Writes nothing (a read transaction).
 */
export async function previewCorrection(graph: GraphStore, engine: Reattributor, outputId: string): Promise<CorrectionPreview> {
  const r = await reattribute(graph, engine, outputId);
  const payouts = await graph.readTx(async (tx) => {
    const found = await outputForCorrection(tx, outputId, { lock: false });
    if (!found) throw notFound(`No output ${encodeGlobalId('Output', outputId)}.`);
    const owed = await owedPayouts(tx, r, found);
    return payoutTable(found.paid, owed ? compensations(found.paid, owed.payouts) : []);
  });
  return { outputId, before: r.stored, after: r.corrected, payouts };
}

/**
 * Proposal.impact of an executed correction, read back from the log alone: the superseded entry's attribution and
 * payouts, the correction entry's attribution, and its compensations. Spans are not in the log (empty here).
 */
export async function executedCorrection(graph: GraphStore, correctionLogIndex: number): Promise<CorrectionPreview | null> {
  return graph.readTx(async (tx) => {
    const correction = await logEntryAt(tx, correctionLogIndex);
    if (!correction) return null;
    const entry = JSON.parse(correction.entry) as { outputId: string; supersedes?: number; correction?: { compensations: LoggedPayout[] } };
    const old = entry.supersedes == null ? null : await logEntryAt(tx, entry.supersedes);
    if (!old) return null;
    const noSpans = { spans: [] } as unknown as AttributionShape;
    const before = loggedAttribution(old.entry, noSpans);
    const after = loggedAttribution(correction.entry, noSpans);
    if (!before || !after) return null;
    const amounts = (list: LoggedPayout[] | undefined) => (list ?? []).map((p) => ({ recipientId: p.recipientId, role: p.role as PayoutRole, amount: BigInt(p.amount) }));
    const paid = amounts((JSON.parse(old.entry) as { payouts?: LoggedPayout[] }).payouts);
    return { outputId: entry.outputId, before, after, payouts: payoutTable(paid, amounts(entry.correction?.compensations)) };
  });
}
