import type { GraphStore } from '../store/graph-store.js';
import { nodesById } from '../store/reads/nodes.js';
import { influencesByOutput, storedAttribution } from '../store/reads/influences.js';
import type { OutputShape } from '../store/shapes.js';
import { logEntryAt } from '../store/log.js';
import { conflict, notFound } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { ATTRIBUTION_METHOD, ATTRIBUTION_METHOD_VERSION, runnableMethod } from '../attribution/attribute-text.js';
import { TRACE_METHODS } from '../attribution/trace/trace-method.js';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import { compareAttributions, loggedAttribution } from '../attribution/compare-attributions.js';
import type { CorpusService } from '../corpus/corpus-service.js';
import { modelTraining } from '../store/corpus.js';
import { eligibleTraining } from '../governance/eligibility.js';
import { suspendedDatanets } from '../store/governance.js';
import { stepsByOutput } from '../store/reads/agent-steps.js';
import { agentStepsDigest } from '../log/agent-steps-digest.js';
import { creditSteps, prepareAgentRun, stepShareDifferences, storedRunSteps } from './agent-run.js';

export interface AttributionCheckShape {
  outputId: string;
  matches: boolean;
  storedMethodVersion: string;
  stored: AttributionShape;
  recomputed: AttributionShape;
  differences: string[];
  /** The corpus the recomputation used: accepted records as of this instant. */
  corpusAsOf: string;
  corpusRecords: number;
  /** True when the live index had records accepted after corpusAsOf, so a past corpus was rebuilt from Neo4j. */
  rebuiltCorpus: boolean;
}

/** recordOutput stores, beside the attribution, the corpus it was computed over. */
type StoredOutput = OutputShape & { corpusAsOf?: string | null; corpusRecords?: number | null };

/**
 * Recomputes an output's attribution with the running engine, over the corpus as it was when the output was
 * attributed (accepted records up to `corpusAsOf`, stored by recordOutput; the output's createdAt for older outputs),
 * and reports every difference from what is stored. Also compares what is stored with the output's transparency-log
 * entry, which nobody can edit unnoticed: a share changed in the graph shows up against both.
 *
 * An attribution made with an earlier method version is recomputed with THAT version (every tracing method this
 * engine has shipped stays runnable: trace-method.ts), over an index built the way that version built it. Refuses
 * (CONFLICT) only for a version this engine never ran (a newer server's, or another method), saying which it runs.
 */
export async function verifyOutputAttribution(graph: GraphStore, corpus: Pick<CorpusService, 'attributeAsOf' | 'paraphraseModel'>, outputId: string): Promise<AttributionCheckShape> {
  const gid = encodeGlobalId('Output', outputId);
  const output: StoredOutput | undefined = (await nodesById(graph, 'Output', [outputId])).get(outputId);
  if (!output) throw notFound(`No output ${gid}.`);
  const stored = storedAttribution(output, (await influencesByOutput(graph, [outputId])).get(outputId)!.influences);
  if (!stored) throw conflict(`${gid} has no stored attribution to verify.`);
  const runnable = stored.method === ATTRIBUTION_METHOD ? runnableMethod(stored.methodVersion) : undefined;
  const method = runnable?.trace;
  if (!method) {
    const runnable = TRACE_METHODS.map((m) => `${m.version}+owen/…`).join(', ');
    throw conflict(
      `${gid} was attributed with ${stored.method} ${stored.methodVersion}; this server runs ${ATTRIBUTION_METHOD} ${ATTRIBUTION_METHOD_VERSION} ` +
        `and can recompute ${runnable}. A recomputation with another method version is expected to differ, so it cannot verify this attribution: ` +
        'verify it with a server running the stored version.',
    );
  }
  // The paraphrase tier's evidence can be recomputed only with the very model that found it.
  if (runnable!.semantic && stored.embeddingModel !== corpus.paraphraseModel) {
    throw conflict(
      `${gid} was attributed with the paraphrase tier running ${stored.embeddingModel ?? 'an unrecorded model'}; this server's tier ` +
        `${corpus.paraphraseModel ? `runs ${corpus.paraphraseModel}` : 'is off (the embedding model is not loaded: npm run model:fetch)'}, ` +
        'so it cannot recompute that evidence: verify it with a server running that model.',
    );
  }
  const allTraining = await modelTraining(graph, output.modelId);
  if (allTraining === null) throw conflict(`The model of ${gid} (${encodeGlobalId('Model', output.modelId)}) is missing from the graph.`);
  // The datanets suspended when the output was recorded earned nothing then, so they earn nothing in the recomputation.
  const suspended = await suspendedDatanets(graph, Date.parse(output.createdAt));
  const training = eligibleTraining(allTraining, suspended);
  // An agent's output is recomputed with its run's steps, as recordOutput traced it (docs/architecture.md#agent-runs).
  const steps = (await stepsByOutput(graph, [outputId])).get(outputId) ?? [];
  const run = steps.length === 0 ? null : await prepareAgentRun(graph, storedRunSteps(steps), training, suspended);

  const asOf = output.corpusAsOf ?? output.createdAt;
  const asOfMs = Date.parse(asOf);
  const traced = await corpus.attributeAsOf(output.text, { training: run?.training ?? training, prompt: output.prompt ?? null, asOfMs, method, paraphrases: runnable!.semantic ?? false });
  const credit = run === null ? null : creditSteps(traced.attribution, training, run);
  const result = credit === null ? traced : { ...traced, attribution: credit.attribution };
  const differences = compareAttributions(stored, result.attribution);
  if (credit !== null) differences.push(...stepShareDifferences(steps, credit.stepShares));
  // A record whose acceptance committed late (after the attribution, with an earlier acceptedAt) changes the past
  // corpus; say so when it explains a difference (when nothing differs, it did not matter).
  if (differences.length > 0 && output.corpusRecords != null && output.corpusRecords !== result.corpus.records) {
    differences.push(`corpus: the attribution was computed over ${output.corpusRecords} accepted records; the graph has ${result.corpus.records} accepted as of ${new Date(asOfMs).toISOString()}`);
  }
  if (output.logIndex != null) {
    const entry = await graph.readTx((tx) => logEntryAt(tx, output.logIndex!));
    const logged = entry ? loggedAttribution(entry.entry, stored) : null;
    if (!logged) differences.push(`log: entry ${output.logIndex} is missing or holds no attribution`);
    else differences.push(...compareAttributions(stored, logged, `logged (entry ${output.logIndex})`).map((d) => `log: ${d}`));
    // The steps as stored must be the steps the log's digest covers.
    if (run !== null && entry) {
      const digest = agentStepsDigest(run.steps);
      const loggedDigest = (JSON.parse(entry.entry) as { agentRun?: { stepsDigest?: string } }).agentRun?.stepsDigest;
      if (loggedDigest !== digest) differences.push(`log: the steps digest to ${digest}, entry ${output.logIndex} holds ${loggedDigest ?? 'none'}`);
    }
  }
  return {
    outputId,
    matches: differences.length === 0,
    storedMethodVersion: stored.methodVersion,
    stored,
    recomputed: result.attribution,
    differences,
    corpusAsOf: new Date(asOfMs).toISOString(),
    corpusRecords: result.corpus.records,
    rebuiltCorpus: result.rebuilt,
  };
}
