import { z } from 'zod';
import { attributionEvent, type LoggedPayout } from '../attribution/attribution-event.js';
import { WORDS_HASH_VERSION, wordsHash } from '../attribution/trace/words-hash.js';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import type { CorpusService, CorpusState } from '../corpus/corpus-service.js';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { contentHash, normalizeText } from '../core/normalize.js';
import { rolesFor } from '../core/roles.js';
import { appendLogEntriesWith } from '../log/log-service.js';
import { eligibleTraining } from '../governance/eligibility.js';
import { PLATFORM_RECIPIENT, splitOutputFee, type FeeRecipients } from '../rewards/split-fee.js';
import { withholdSanctioned } from '../rewards/withhold.js';
import { sanctionedContributorsTx, suspendedDatanetsTx } from '../store/governance.js';
import { modelTrainingTx } from '../store/corpus.js';
import type { ModelTraining } from '../attribution/model-reach.js';
import type { AppendedEntry } from '../log/log-tree.js';
import type { OutputShape } from '../store/shapes.js';
import { ReadGroup } from '../core/read-group.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Transaction } from '../store/transaction.js';
import { createOutputs, feeRecipientsOf, setOutputLogIndexes, storeAttributions } from '../store/outputs.js';
import { policyInForceTx, writePayoutsOf, type OutputPayouts } from '../store/rewards.js';
import type { StoredRewardPolicy } from '../rewards/reward-policy.js';
import { actorParams, type Actor } from '../store/actor-guard.js';
import { claimIdempotencyKeys, idempotencyClaim, storeIdempotentResults, type IdempotencyClaim } from '../store/idempotency.js';
import { actorLabel } from './actor.js';
import { GroupCommit } from './group-commit.js';
import type { ContributorEventPublisher } from '../notifications/notification-feed.js';
import { inputHash, runWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { agentStepsField, creditSteps, loggedAgentRun, prepareAgentRun, stepsToWrite, type PreparedAgentRun } from './agent-run.js';
import type { AgentCredit } from '../attribution/agent-run.js';
import { adapterBuilders, createAgentSteps } from '../store/agent-steps.js';
import { fieldError, globalIdOf, idempotencyKeyField, optional, textField } from './validation.js';

export const recordOutputInput = z.object({
  modelId: globalIdOf('Model'),
  text: textField(),
  /** An empty prompt is the same as none. */
  prompt: optional(textField({ allowEmpty: true })).transform((p) => (p == null || normalizeText(p) === '' ? null : p)),
  fee: optional(z.bigint().refine((fee) => fee >= 0n, 'must not be negative (integer base units)')),
  /** The steps of the agent run that made the output, when an agent made it (docs/architecture.md#agent-runs). */
  steps: agentStepsField,
  idempotencyKey: idempotencyKeyField,
});
export type RecordOutputInput = z.output<typeof recordOutputInput>;

export interface RecordOutputResult {
  outputId: string;
  /**
   * The output and its log entry as the write left them, for the payload to prime its loaders with (no read after the
   * commit). Absent from a replay, which answers with the stored `{outputId}` alone.
   */
  written?: { output: OutputShape; logEntry: AppendedEntry };
}

/** The attribution engine, as recordOutput needs it: the process's corpus service (ctx.corpus in the API). */
export type OutputAttributor = Pick<CorpusService, 'attributeWithCorpus'>;

/**
 * Records an output of a model. Allowed for the model's owner (their inference service holds their key) and for
 * admins; anyone else is FORBIDDEN.
 *
 *   1. validate: the input (zod, by the caller) and the model, whose training snapshots say what it could have learned;
 *   2. attribute: trace the text over those records and split the credit, outside the write transaction (the trace
 *      runs on the in-memory index, and snapshots never change once registered);
 *   3. write, in one idempotent transaction: the output and its attribution, the fee split into payouts, the
 *      attribution event appended to the transparency log. All of it commits, or none of it.
 */
export async function recordOutput(
  graph: GraphStore,
  actor: Actor,
  input: RecordOutputInput,
  attributor: OutputAttributor,
  events?: ContributorEventPublisher,
): Promise<RecordOutputResult> {
  const { idempotencyKey, ...fields } = input;
  // Concurrent outputs share this read: one transaction for all of them, each read after it was asked for.
  const { training: allTraining, suspended } = await outputModels(graph).load(fields.modelId);
  if (allTraining === null) throw noSuchModel(fields.modelId);
  // Datanets suspended by a DATANET_ELIGIBILITY decision earn nothing in outputs recorded while suspended.
  const training = eligibleTraining(allTraining, suspended);
  // An agent's output is traced against what its steps add: the records it retrieved, the models it called.
  const run = fields.steps === null ? null : await prepareAgentRun(graph, fields.steps, training, suspended);
  const traced = await attributor.attributeWithCorpus(fields.text, { training: run?.training ?? training, prompt: fields.prompt });
  const agent = run === null ? null : { run, credit: creditSteps(traced.attribution, training, run) };
  const attribution = agent?.credit.attribution ?? traced.attribution;
  // A plain output's input hashes as it did before runs had steps, so keys stored then still replay.
  const same = fields.steps === null ? { modelId: fields.modelId, text: fields.text, prompt: fields.prompt, fee: fields.fee } : fields;
  const result = await outputCommits(graph).submit({ actor, idempotencyKey, fields: same, output: { actor, ...fields, attribution, corpus: traced.corpus, agent } });
  // Committed (submit resolves after the transaction): the contributors it credits may hear of it now
  // (docs/architecture.md#notifications). A rolled-back write threw above and announces nothing.
  events?.outputRecorded(result.outputId);
  return result;
}

/** What recordOutput reads of a model before tracing: its training snapshots (null: no such model), the suspensions now. */
interface OutputModel {
  training: ModelTraining[] | null;
  suspended: Set<string>;
}

/** One shared read per graph store (per API process): see ReadGroup, docs/architecture.md#outputs-in-parallel. */
const modelReads = new WeakMap<GraphStore, ReadGroup<string, OutputModel>>();

function outputModels(graph: GraphStore): ReadGroup<string, OutputModel> {
  let reads = modelReads.get(graph);
  if (!reads) {
    reads = new ReadGroup((modelIds) =>
      graph.readTx(async (tx) => {
        const suspended = await suspendedDatanetsTx(tx, null);
        const found = new Map<string, OutputModel>();
        // Usually one model or a few: the statement a lone output sends, once per distinct model.
        for (const modelId of modelIds) found.set(modelId, { training: await modelTrainingTx(tx, modelId), suspended: new Set(suspended) });
        return found;
      }),
    );
    modelReads.set(graph, reads);
  }
  return reads;
}

/** One output waiting to be written: what runWrite needs, and what writeOutput writes. */
interface OutputWrite {
  actor: Actor;
  idempotencyKey: string | null;
  /** The validated input minus its key (minus `steps` for a plain output): what decides "same request". */
  fields: object;
  output: OutputToWrite;
}

/** What a key stores and a replay answers: the output's id, as it always was. */
const stored = (result: RecordOutputResult): RecordOutputResult => ({ outputId: result.outputId });

/** At most this many outputs in one transaction: large enough to absorb a burst, small enough to stay a short write. */
const MAX_OUTPUTS_PER_COMMIT = 32;

/** One group commit per graph store (per API process): concurrent outputs share a transaction and one log append. */
const commits = new WeakMap<GraphStore, GroupCommit<OutputWrite, RecordOutputResult>>();

function outputCommits(graph: GraphStore): GroupCommit<OutputWrite, RecordOutputResult> {
  let commit = commits.get(graph);
  if (!commit) {
    commit = new GroupCommit<OutputWrite, RecordOutputResult>({
      maxBatch: MAX_OUTPUTS_PER_COMMIT,
      keyOf: (w) => (w.idempotencyKey === null ? null : `${actorLabel(w.actor)}:${w.idempotencyKey}`),
      // Alone, an output is a batch of one inside the ordinary idempotent write (a replayed key gets its first answer).
      writeOne: (w) =>
        runWrite(graph, {
          mutation: 'recordOutput',
          actor: w.actor,
          idempotencyKey: w.idempotencyKey,
          input: w.fields,
          work: async (tx) => (await writeOutputsIn(tx, [w.output]))[0]!,
          replay: stored,
        }),
      writeBatch: (batch) => writeOutputs(graph, batch),
    });
    commits.set(graph, commit);
  }
  return commit;
}

/**
 * Several outputs in one transaction (docs/architecture.md#outputs-in-parallel): their idempotency keys are claimed,
 * then they are written as one (writeOutputsIn), then their results stored for replays. Any error fails them all;
 * GroupCommit then writes each alone, so every caller gets the answer or the error it would have got alone.
 */
async function writeOutputs(graph: GraphStore, batch: OutputWrite[]): Promise<RecordOutputResult[]> {
  return graph.write(async (tx) => {
    const claims = batch.map((w) =>
      w.idempotencyKey === null
        ? null
        : idempotencyClaim({ mutation: 'recordOutput', caller: actorLabel(w.actor), idempotencyKey: w.idempotencyKey, inputHash: inputHash(w.fields) }),
    );
    await claimIdempotencyKeys(tx, claims.filter((c): c is IdempotencyClaim => c !== null));
    const written = await writeOutputsIn(tx, batch.map((w) => w.output));
    await storeIdempotentResults(tx, written.flatMap((w, i) => (claims[i] ? [{ key: claims[i].key, result: stored(w) }] : [])));
    return written;
  });
}

interface OutputToWrite {
  actor: Actor;
  /** Local id of the model. */
  modelId: string;
  text: string;
  prompt: string | null;
  /** Integer base units; null when no fee was paid. */
  fee: bigint | null;
  attribution: AttributionShape;
  /** The corpus the attribution was computed over, stored so it can be recomputed (verifyAttribution). */
  corpus: CorpusState;
  /** The agent run that made the output, with the credit its steps earned; null for a plain model output. */
  agent: { run: PreparedAgentRun; credit: AgentCredit } | null;
}

/**
 * Writes outputs — one, or a group commit's — with a constant number of statements however many there are: all the
 * outputs, all their attributions, everyone's fee recipients, all the payouts, one log append, all the log indexes
 * (agent runs add their steps, one statement per run). Throws the first output's error (an unknown model, a caller who
 * may not record its outputs): alone, that is the caller's own error.
 */
async function writeOutputsIn(tx: Transaction, outputs: readonly OutputToWrite[]): Promise<RecordOutputResult[]> {
  const rows = await Promise.all(
    outputs.map(async (output) => ({
      id: newLocalId('out'),
      modelId: output.modelId,
      contentHash: contentHash(output.text),
      // Found again on pages that render the output's markdown (docs/architecture.md#the-words-hash).
      wordsHash: await wordsHash(output.text),
      wordsHashVersion: WORDS_HASH_VERSION,
      text: output.text,
      prompt: output.prompt,
      fee: output.fee,
      actor: actorParams(output.actor),
    })),
  );
  const ids = rows.map((r) => r.id);
  const steps = outputs.map((o, i) => (o.agent === null ? null : stepsToWrite(ids[i]!, o.agent.run, o.agent.credit)));
  // Round trip 1: the outputs, their attributions (and agents' steps) and the fee split's reads are sent together (the
  // driver pipelines them in the transaction; Neo4j runs them in the order sent, so the later ones see the outputs).
  const sent = [
    createOutputs(tx, { outputs: rows, adminRoles: rolesFor('ADMIN') }),
    (async () => {
      await storeAttributions(tx, outputs.map((o, i) => ({ outputId: ids[i]!, attribution: o.attribution, corpus: o.corpus })));
      for (const [i, s] of steps.entries()) if (s !== null) await createAgentSteps(tx, { outputId: ids[i]!, ...s });
    })(),
    readFeeInputs(tx, outputs),
  ] as const;
  const [created, attributed, feeInputs] = await Promise.allSettled(sent);
  // The outputs' own answer first: an unknown model or a refused caller is the caller's error, whatever failed after.
  if (created.status === 'rejected') throw created.reason;
  created.value.forEach((status, i) => {
    const modelId = outputs[i]!.modelId;
    if (status === 'no-model') throw noSuchModel(modelId);
    if (status === 'not-allowed') throw forbidden(`Only the model's owner (or an admin) may record its outputs (${encodeGlobalId('Model', modelId)}).`);
  });
  if (attributed.status === 'rejected') throw attributed.reason;
  if (feeInputs.status === 'rejected') throw feeInputs.reason;

  const { paid, payouts } = await splitFees(tx, outputs, ids, feeInputs.value);
  const events = outputs.map((output, i) => {
    const { id, contentHash: hash } = rows[i]!;
    const event = attributionEvent({ outputId: id, contentHash: hash, modelId: output.modelId, attribution: output.attribution, ...paid[i] });
    // Only an agent's output carries the run's digest: entries of plain outputs keep the shape they always had.
    const s = steps[i];
    return output.agent && s ? { ...event, ...loggedAgentRun(s.digest, output.agent.run, output.agent.credit) } : event;
  });
  // Round trip 2: the payouts and the log head's lock; round trip 3: the log entries and the outputs' log indexes.
  const [, { entries, alongside: nodes }] = await Promise.all([
    writePayoutsOf(tx, { platformId: PLATFORM_RECIPIENT, outputs: payouts }),
    appendLogEntriesWith(tx, events, (appended) => setOutputLogIndexes(tx, rows.map((r, i) => ({ outputId: r.id, logIndex: appended[i]!.index })))),
  ]);
  return rows.map((r, i) => {
    const output = nodes.get(r.id);
    return output ? { outputId: r.id, written: { output, logEntry: entries[i]! } } : { outputId: r.id };
  });
}

type PaidFee = { fee: bigint; policyId: string; payouts: LoggedPayout[]; withheld: LoggedPayout[] };

/** What splitting the fees needs from the graph; null when no output of the batch paid one (then nothing is read). */
type FeeInputs = { paying: number[]; policy: StoredRewardPolicy; recipients: Array<FeeRecipients | null>; sanctioned: Set<string> } | null;

/** An agent's retrieval paths stay among the adapters here: their builders' part goes to the model owner, who ran them. */
const creditedOf = (output: OutputToWrite) => output.agent?.credit.forFeeSplit ?? output.attribution;

/**
 * The policy in force, every paying output's fee recipients and the sanctions: three reads of the transaction, sent
 * together. The policy and the sanctions are the same for every output of the transaction: read once, and only when a
 * fee is paid.
 */
async function readFeeInputs(tx: Transaction, outputs: readonly OutputToWrite[]): Promise<FeeInputs> {
  const paying = outputs.flatMap((o, i) => (o.fee === null ? [] : [i]));
  if (paying.length === 0) return null;
  const [policy, recipients, sanctioned] = await Promise.all([
    policyInForceTx(tx),
    feeRecipientsOf(
      tx,
      paying.map((i) => ({ modelId: outputs[i]!.modelId, adapterIds: creditedOf(outputs[i]!).adapters.map((s) => s.id), recordIds: creditedOf(outputs[i]!).records.map((s) => s.id) })),
    ),
    sanctionedContributorsTx(tx),
  ]);
  return { paying, policy, recipients, sanctioned };
}

/**
 * Splits each paid fee by the policy in force over the recipients the graph names, and says what each output logs ({}
 * for an output without a fee) and which payouts to write (the caller writes them all in one statement).
 */
async function splitFees(
  tx: Transaction,
  outputs: readonly OutputToWrite[],
  ids: readonly string[],
  inputs: FeeInputs,
): Promise<{ paid: Array<PaidFee | Record<string, never>>; payouts: OutputPayouts[] }> {
  const paid: Array<PaidFee | Record<string, never>> = outputs.map(() => ({}));
  const payouts: OutputPayouts[] = [];
  if (inputs === null) return { paid, payouts };
  const { paying, policy, sanctioned } = inputs;
  for (const [k, i] of paying.entries()) {
    const output = outputs[i]!;
    const a = creditedOf(output);
    const recipients = inputs.recipients[k];
    if (!recipients) throw new Error(`Model ${output.modelId} vanished while recording output ${ids[i]}.`);
    // Adapters of the models an agent called are paid to their own builders, like the agent's model's.
    if (output.agent) {
      const known = new Set(recipients.builders.map((b) => b.adapterId));
      const called = a.adapters.map((s) => s.id).filter((id) => !known.has(id));
      if (called.length > 0) recipients.builders = [...recipients.builders, ...(await adapterBuilders(tx, called))];
    }
    // Sanctioned contributors (a CONTRIBUTOR_SANCTION decision) are split as usual, then their payouts withheld.
    const split = splitOutputFee({ fee: output.fee!, policy, attribution: a, recipients });
    const { payouts: kept, withheld } = withholdSanctioned(split, sanctioned, PLATFORM_RECIPIENT);
    payouts.push({ outputId: ids[i]!, policyId: policy.id, payouts: kept });
    const logged = (list: typeof kept) => list.map((p) => ({ recipientId: p.recipientId, role: p.role, amount: p.amount.toString() }));
    paid[i] = { fee: output.fee!, policyId: policy.id, payouts: logged(kept), withheld: logged(withheld) };
  }
  return { paid, payouts };
}

const noSuchModel = (modelId: string) => fieldError(['modelId'], `names no model (${encodeGlobalId('Model', modelId)})`);
