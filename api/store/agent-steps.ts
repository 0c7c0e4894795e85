import type { AgentStepInput } from '../attribution/agent-run.js';
import type { GraphStore } from './graph-store.js';
import type { Transaction } from './transaction.js';
import { int, toNumber } from './values.js';

/**
 * An agent run's steps (docs/architecture.md#agent-runs): one (:AgentStep) per step, hung off its output,
 *
 *   (Output)-[:TOOK_STEP]->(AgentStep)-[:DEPENDS_ON]->(AgentStep)
 *   (AgentStep)-[:RETRIEVED]->(Record)     (AgentStep)-[:CALLED]->(Model)
 *
 * edges that point, like every lineage edge, from a thing to what it was made from. The step also keeps the ids it
 * links to as properties (`recordIds`, `modelId`, `dependsOn`), written in the same statement as the edges, so a step
 * read by id needs no second query. Step node ids are `<output id>.<position>`: unique, and stable for a replay.
 */

/** What the steps name, read before the write: each retrieved record with its datanet, each called model that exists. */
export const stepReferencesCypher = `CALL () {
  UNWIND $recordIds AS id
  MATCH (r:Record {id: id})
  RETURN collect({id: r.id, datanetId: r.datanetId}) AS records
}
CALL () {
  UNWIND $modelIds AS id
  MATCH (m:Model {id: id})
  RETURN collect(m.id) AS models
}
RETURN records, models`;

export async function stepReferences(
  graph: GraphStore,
  input: { recordIds: readonly string[]; modelIds: readonly string[] },
): Promise<{ recordDatanets: Map<string, string>; models: Set<string> }> {
  const [row] = await graph.read<{ records: Array<{ id: string; datanetId: string }>; models: string[] }>(stepReferencesCypher, {
    recordIds: [...input.recordIds],
    modelIds: [...input.modelIds],
  });
  return {
    recordDatanets: new Map((row?.records ?? []).map((r) => [r.id, r.datanetId])),
    models: new Set(row?.models ?? []),
  };
}

/** A step as written: the agent's step plus its node id, position, text hash and the credit it earned (null: none can). */
export interface AgentStepToCreate extends AgentStepInput {
  nodeId: string;
  position: number;
  textHash: string | null;
  share: number | null;
}

export const agentStepNodeId = (outputId: string, position: number) => `${outputId}.${position}`;

export const createAgentStepsCypher = `MATCH (o:Output {id: $outputId})
SET o.agentStepsDigest = $digest
WITH o
UNWIND $steps AS s
CREATE (st:AgentStep {id: s.nodeId, outputId: o.id, stepId: s.stepId, position: s.position, kind: s.kind, name: s.name,
  text: s.text, textHash: s.textHash, share: s.share, recordIds: s.recordIds, modelId: s.modelId, dependsOn: s.dependsOn})
CREATE (o)-[:TOOK_STEP]->(st)
RETURN count(st) AS created`;

/** The edges between steps and to what they name, one statement per kind, each end an index seek. */
export const linkStepsCypher = `UNWIND $links AS l
MATCH (a:AgentStep {id: l.from})
MATCH (b:AgentStep {id: l.to})
CREATE (a)-[:DEPENDS_ON]->(b)
RETURN count(*) AS linked`;

export const linkRetrievedCypher = `UNWIND $links AS l
MATCH (st:AgentStep {id: l.from})
MATCH (r:Record {id: l.to})
CREATE (st)-[:RETRIEVED]->(r)
RETURN count(*) AS linked`;

export const linkCalledCypher = `UNWIND $links AS l
MATCH (st:AgentStep {id: l.from})
MATCH (m:Model {id: l.to})
CREATE (st)-[:CALLED]->(m)
RETURN count(*) AS linked`;

/**
 * Writes the steps of an output's agent run and the run's digest on the output, in the caller's transaction (the
 * output's own). A missing end of an edge means the graph changed under the run (nodes are never deleted): throws.
 */
export async function createAgentSteps(tx: Transaction, input: { outputId: string; digest: string; steps: readonly AgentStepToCreate[] }): Promise<void> {
  const nodeOf = new Map(input.steps.map((s) => [s.id, s.nodeId]));
  const res = await tx.run(createAgentStepsCypher, {
    outputId: input.outputId,
    digest: input.digest,
    steps: input.steps.map((s) => ({
      nodeId: s.nodeId,
      stepId: s.id,
      position: int(s.position),
      kind: s.kind,
      name: s.name,
      text: s.text,
      textHash: s.textHash,
      share: s.share,
      recordIds: s.recordIds,
      modelId: s.modelId,
      dependsOn: s.dependsOn.map((d) => nodeOf.get(d)!),
    })),
  });
  const created = toNumber(res.records[0]?.get('created') ?? 0);
  if (created !== input.steps.length) throw new Error(`Agent steps of output ${input.outputId}: created ${created} of ${input.steps.length}.`);
  const links = {
    DEPENDS_ON: input.steps.flatMap((s) => s.dependsOn.map((d) => ({ from: s.nodeId, to: nodeOf.get(d)! }))),
    RETRIEVED: input.steps.flatMap((s) => s.recordIds.map((r) => ({ from: s.nodeId, to: r }))),
    CALLED: input.steps.flatMap((s) => (s.modelId === null ? [] : [{ from: s.nodeId, to: s.modelId }])),
  };
  const statements = { DEPENDS_ON: linkStepsCypher, RETRIEVED: linkRetrievedCypher, CALLED: linkCalledCypher };
  for (const kind of ['DEPENDS_ON', 'RETRIEVED', 'CALLED'] as const) {
    if (links[kind].length === 0) continue;
    const linked = toNumber((await tx.run(statements[kind], { links: links[kind] })).records[0]?.get('linked') ?? 0);
    if (linked !== links[kind].length) throw new Error(`Agent steps of output ${input.outputId}: linked ${linked} of ${links[kind].length} ${kind} edges.`);
  }
}

/** Builders of adapters an agent's called models use (the fee split pays them by adapter share, docs/architecture.md#rewards). */
export const adapterBuildersCypher = `UNWIND $adapterIds AS id
MATCH (a:Adapter {id: id})
RETURN a.id AS adapterId, a.builderId AS builderId`;

export async function adapterBuilders(tx: Transaction, adapterIds: readonly string[]): Promise<Array<{ adapterId: string; builderId: string | null }>> {
  const res = await tx.run(adapterBuildersCypher, { adapterIds: [...adapterIds] });
  return res.records.map((r) => ({ adapterId: r.get('adapterId') as string, builderId: (r.get('builderId') as string | null) ?? null }));
}
