import { z } from 'zod';
import { attributionEvent, type LoggedPayout } from '../attribution/attribution-event.js';
import { WORDS_HASH_VERSION, wordsHash } from '../attribution/trace/words-hash.js';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import type { CorpusService, CorpusState } from '../corpus/corpus-service.js';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { contentHash, normalizeText } from '../core/normalize.js';
import { rolesFor } from '../core/roles.js';
import { appendLogEntries, appendLogEntry } from '../log/log-service.js';
import { eligibleTraining } from '../governance/eligibility.js';
import { PLATFORM_RECIPIENT, splitOutputFee } from '../rewards/split-fee.js';
import { withholdSanctioned } from '../rewards/withhold.js';
import { sanctionedContributorsTx, suspendedDatanets } from '../store/governance.js';
import { modelTraining } from '../store/corpus.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Transaction } from '../store/transaction.js';
import { createOutput, feeRecipients, setOutputLogIndex, setOutputLogIndexes, storeAttribution } from '../store/outputs.js';
import type { StoredRewardPolicy } from '../rewards/reward-policy.js';
import { policyInForceTx, writePayouts } from '../store/rewards.js';
import { actorParams, type Actor } from '../store/actor-guard.js';
import { claimIdempotencyKey, idempotencyClaim, storeIdempotentResult } from '../store/idempotency.js';
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
  const allTraining = await modelTraining(graph, fields.modelId);
  if (allTraining === null) throw noSuchModel(fields.modelId);
  // Datanets suspended by a DATANET_ELIGIBILITY decision earn nothing in outputs recorded while suspended.
  const suspended = await suspendedDatanets(graph, null);
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

/** One output waiting to be written: what runWrite needs, and what writeOutput writes. */
interface OutputWrite {
  actor: Actor;
  idempotencyKey: string | null;
  /** The validated input minus its key (minus `steps` for a plain output): what decides "same request". */
  fields: object;
  output: OutputToWrite;
}

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
      writeOne: (w) =>
        runWrite(graph, { mutation: 'recordOutput', actor: w.actor, idempotencyKey: w.idempotencyKey, input: w.fields, work: (tx) => writeOutput(tx, w.output) }),
      writeBatch: (batch) => writeOutputs(graph, batch),
    });
    commits.set(graph, commit);
  }
  return commit;
}

/**
 * Several outputs in one transaction (docs/architecture.md#outputs-in-parallel): each claims its idempotency key and
 * writes its output, attribution and payouts (their statements pipelined on the one connection), then all their
 * attribution events are appended to the log in one tree update. Any error fails them all; GroupCommit then writes
 * each alone, so every caller gets the answer or the error it would have got alone.
 */
async function writeOutputs(graph: GraphStore, batch: OutputWrite[]): Promise<RecordOutputResult[]> {
  return graph.write(async (tx) => {
    const claims = batch.map((w) =>
      w.idempotencyKey === null
        ? null
        : idempotencyClaim({ mutation: 'recordOutput', caller: actorLabel(w.actor), idempotencyKey: w.idempotencyKey, inputHash: inputHash(w.fields) }),
    );
    // The policy in force and the sanctions are the same for every output of the transaction: read once.
    const shared = sharedReads(tx);
    const written = await Promise.all(
      batch.map(async (w, i) => {
        if (claims[i]) await claimIdempotencyKey(tx, claims[i]);
        return writeOutputBody(tx, w.output, shared);
      }),
    );
    const entries = await appendLogEntries(tx, written.map((w) => w.event));
    await setOutputLogIndexes(tx, written.map((w, i) => ({ outputId: w.outputId, logIndex: entries[i]!.index })));
    await Promise.all(
      written.map(async (w, i) => {
        if (claims[i]) await storeIdempotentResult(tx, claims[i].key, { outputId: w.outputId });
      }),
    );
    return written.map((w) => ({ outputId: w.outputId }));
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

/** What every output of one transaction reads alike, read at most once per transaction (when a fee is paid). */
interface SharedReads {
  policy: () => Promise<StoredRewardPolicy>;
  sanctioned: () => Promise<Set<string>>;
}

function sharedReads(tx: Transaction): SharedReads {
  let policy: Promise<StoredRewardPolicy> | null = null;
  let sanctioned: Promise<Set<string>> | null = null;
  return {
    policy: () => (policy ??= policyInForceTx(tx)),
    sanctioned: () => (sanctioned ??= sanctionedContributorsTx(tx)),
  };
}

async function writeOutput(tx: Transaction, output: OutputToWrite): Promise<RecordOutputResult> {
  const { outputId, event } = await writeOutputBody(tx, output, sharedReads(tx));
  const entry = await appendLogEntry(tx, event);
  await setOutputLogIndex(tx, outputId, entry.index);
  return { outputId };
}

/** Everything of an output but its log entry: the output, its attribution, its payouts; returns the event to log. */
async function writeOutputBody(tx: Transaction, output: OutputToWrite, shared: SharedReads): Promise<{ outputId: string; event: object }> {
  const id = newLocalId('out');
  const hash = contentHash(output.text);
  const created = await createOutput(tx, {
    id,
    modelId: output.modelId,
    contentHash: hash,
    // Found again on pages that render the output's markdown (docs/architecture.md#the-words-hash).
    wordsHash: await wordsHash(output.text),
    wordsHashVersion: WORDS_HASH_VERSION,
    text: output.text,
    prompt: output.prompt,
    fee: output.fee,
    actor: actorParams(output.actor),
    adminRoles: rolesFor('ADMIN'),
  });
  if (created === 'no-model') throw noSuchModel(output.modelId);
  if (created === 'not-allowed') throw forbidden(`Only the model's owner (or an admin) may record its outputs (${encodeGlobalId('Model', output.modelId)}).`);

  await storeAttribution(tx, { outputId: id, attribution: output.attribution, corpus: output.corpus });
  const steps = output.agent === null ? null : stepsToWrite(id, output.agent.run, output.agent.credit);
  if (steps !== null) await createAgentSteps(tx, { outputId: id, ...steps });
  const paid = output.fee === null ? {} : await payFee(tx, id, output, output.fee, shared);
  const event = attributionEvent({ outputId: id, contentHash: hash, modelId: output.modelId, attribution: output.attribution, ...paid });
  // Only an agent's output carries the run's digest: entries of plain outputs keep the shape they always had.
  return { outputId: id, event: output.agent && steps ? { ...event, ...loggedAgentRun(steps.digest, output.agent.run, output.agent.credit) } : event };
}

/** Splits the fee by the policy in force over the recipients the graph names, writes the payouts, and says what to log. */
async function payFee(
  tx: Transaction,
  outputId: string,
  output: OutputToWrite,
  fee: bigint,
  shared: SharedReads,
): Promise<{ fee: bigint; policyId: string; payouts: LoggedPayout[]; withheld: LoggedPayout[] }> {
  const policy = await shared.policy();
  // An agent's retrieval paths stay among the adapters here: their builders' part goes to the model owner, who ran them.
  const a = output.agent?.credit.forFeeSplit ?? output.attribution;
  const recipients = await feeRecipients(tx, { modelId: output.modelId, adapterIds: a.adapters.map((s) => s.id), recordIds: a.records.map((s) => s.id) });
  if (!recipients) throw new Error(`Model ${output.modelId} vanished while recording output ${outputId}.`);
  // Adapters of the models an agent called are paid to their own builders, like the agent's model's.
  if (output.agent) {
    const known = new Set(recipients.builders.map((b) => b.adapterId));
    const called = a.adapters.map((s) => s.id).filter((id) => !known.has(id));
    if (called.length > 0) recipients.builders = [...recipients.builders, ...(await adapterBuilders(tx, called))];
  }
  // Sanctioned contributors (a CONTRIBUTOR_SANCTION decision) are split as usual, then their payouts withheld.
  const split = splitOutputFee({ fee, policy, attribution: a, recipients });
  const { payouts, withheld } = withholdSanctioned(split, await shared.sanctioned(), PLATFORM_RECIPIENT);
  await writePayouts(tx, { outputId, policyId: policy.id, platformId: PLATFORM_RECIPIENT, payouts });
  const logged = (list: typeof payouts) => list.map((p) => ({ recipientId: p.recipientId, role: p.role, amount: p.amount.toString() }));
  return { fee, policyId: policy.id, payouts: logged(payouts), withheld: logged(withheld) };
}

const noSuchModel = (modelId: string) => fieldError(['modelId'], `names no model (${encodeGlobalId('Model', modelId)})`);
