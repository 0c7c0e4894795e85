import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { appendLogEntry } from './log.js';
import { attributionEvent } from '../attribution/attribution-event.js';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import type { CorpusState } from '../corpus/corpus-service.js';
import { PLATFORM_RECIPIENT, policyInForceTx, writePayouts } from './rewards.js';
import { splitFee, type Payout } from '../rewards/split-fee.js';

type Runner = Pick<ManagedTransaction, 'run'>;

/**
 * The stored form of an attribution, exactly as seed/demo-graph.ts writes it: on the Output the method, its version,
 * the coverage and the evidence spans (JSON); one INFLUENCED_BY {share, method, methodVersion} edge per datanet,
 * adapter, contributor and record share. Plus what makes it reproducible later: the size and time of the corpus it
 * was computed over (`corpusRecords`, `corpusAsOf`).
 */
export const storeAttributionCypher = `MATCH (o:Output {id: $outputId})
SET o.attributionMethod = $method, o.attributionMethodVersion = $methodVersion, o.coverage = $coverage,
  o.attributionSpans = $spans, o.corpusRecords = $corpusRecords, o.corpusAsOf = datetime({epochMillis: $corpusAsOf})`;

export const INFLUENCE_LABELS = ['Datanet', 'Adapter', 'Contributor', 'Record'] as const;

/** One statement per label, each an index seek per id (a label in a parameter would defeat the index). */
export const storeInfluencesCypher = (label: (typeof INFLUENCE_LABELS)[number]) => `MATCH (o:Output {id: $outputId})
UNWIND $rows AS row
MATCH (x:${label} {id: row.id})
CREATE (o)-[:INFLUENCED_BY {share: row.share, method: $method, methodVersion: $methodVersion}]->(x)
RETURN count(*) AS linked`;

export function influenceRows(a: AttributionShape, label: (typeof INFLUENCE_LABELS)[number]) {
  const list = { Datanet: a.datanets, Adapter: a.adapters, Contributor: a.contributors, Record: a.records }[label];
  return list.map((s) => ({ id: s.id, share: s.share }));
}

/** Who the fee split pays, read in the transaction: model owner, builders of the credited adapters, validators. */
export const feeRecipientsCypher = `MATCH (m:Model {id: $modelId})
CALL (m) {
  OPTIONAL MATCH (m)-[:USES]->(a:Adapter) WHERE a.id IN $adapterIds
  RETURN collect({adapterId: a.id, builderId: a.builderId}) AS adapters
}
CALL () {
  OPTIONAL MATCH (v:Contributor)-[rv:REVIEWED]->(r:Record) WHERE r.id IN $recordIds AND rv.verdict = 'ACCEPT'
  RETURN collect(DISTINCT v.id) AS validators
}
RETURN m.ownerId AS ownerId, adapters, validators`;

export interface StoredOutputAttribution {
  logIndex: number;
  payouts: Payout[];
  policyId: string | null;
}

/**
 * Stores an output's attribution, splits its fee (when one was paid) and appends the attribution event to the
 * transparency log, all in the caller's transaction: the output, its attribution, its payouts and its log entry
 * commit together or not at all.
 *
 * Fee split (DESIGN.md, Rewards) with the policy in force: adapter builders by adapter share (an adapter without a
 * builder leaves its part to the model owner), data contributors by contributor share × coverage, validators = every
 * contributor who accepted one of the credited records (equally), the model owner the rest; a model with no owner (one
 * registered with the admin key) leaves that rest to the platform.
 */
export async function storeOutputAttribution(
  tx: Runner,
  input: {
    outputId: string;
    contentHash: string;
    modelId: string;
    attribution: AttributionShape;
    corpus: CorpusState;
    fee: bigint | null;
  },
): Promise<StoredOutputAttribution> {
  const a = input.attribution;
  const common = { outputId: input.outputId, method: a.method, methodVersion: a.methodVersion };
  await tx.run(storeAttributionCypher, {
    ...common,
    coverage: a.coverage,
    spans: JSON.stringify(a.spans),
    corpusRecords: neo4j.int(input.corpus.records),
    corpusAsOf: neo4j.int(input.corpus.asOfMs),
  });
  for (const label of INFLUENCE_LABELS) {
    const rows = influenceRows(a, label);
    if (rows.length === 0) continue;
    const res = await tx.run(storeInfluencesCypher(label), { ...common, rows });
    const linked = Number(res.records[0]?.get('linked') ?? 0);
    // A credited node missing here means a broken graph (nodes are never deleted): refuse rather than store less.
    if (linked !== rows.length) throw new Error(`Attribution of output ${input.outputId}: linked ${linked} of ${rows.length} ${label} influences.`);
  }

  let payouts: Payout[] = [];
  let policyId: string | null = null;
  if (input.fee !== null) {
    const policy = await policyInForceTx(tx);
    policyId = policy.id;
    const res = await tx.run(feeRecipientsCypher, {
      modelId: input.modelId,
      adapterIds: a.adapters.map((s) => s.id),
      recordIds: a.records.map((s) => s.id),
    });
    const row = res.records[0];
    if (!row) throw new Error(`Model ${input.modelId} vanished while recording output ${input.outputId}.`);
    const ownerId = (row.get('ownerId') as string | null) ?? PLATFORM_RECIPIENT;
    const builderOf = new Map(
      (row.get('adapters') as Array<{ adapterId: string | null; builderId: string | null }>)
        .filter((x) => x.adapterId !== null)
        .map((x) => [x.adapterId!, x.builderId ?? ownerId]),
    );
    payouts = splitFee({
      fee: input.fee,
      policy,
      coverage: a.coverage,
      adapterShares: a.adapters.map((s) => ({ builderId: builderOf.get(s.id) ?? ownerId, share: s.share })),
      contributorShares: a.contributors,
      validatorIds: (row.get('validators') as string[]).slice().sort(),
      platformId: PLATFORM_RECIPIENT,
      modelOwnerId: ownerId,
    });
    await writePayouts(tx, input.outputId, policy.id, payouts);
  }

  const entry = await appendLogEntry(
    tx,
    attributionEvent({
      outputId: input.outputId,
      contentHash: input.contentHash,
      modelId: input.modelId,
      attribution: a,
      ...(input.fee !== null
        ? { fee: input.fee, policyId, payouts: payouts.map((p) => ({ recipientId: p.recipientId, role: p.role, amount: p.amount.toString() })) }
        : {}),
    }),
  );
  await tx.run('MATCH (o:Output {id: $id}) SET o.logIndex = $index', { id: input.outputId, index: neo4j.int(entry.index) });
  return { logIndex: entry.index, payouts, policyId };
}
