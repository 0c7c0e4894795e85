import DataLoader from 'dataloader';
import type { GraphStore } from './graph-store.js';
import type { NodeTypeName } from '../core/global-id.js';
import type { OutputShape } from './shapes.js';
import { nodesById, type NodeShapes } from './reads/nodes.js';
import { influencesByOutput, noInfluences, type OutputInfluences } from './reads/influences.js';
import { provenanceBy, type OutputHashKey, type OutputProvenance } from './reads/output-provenance.js';
import { payoutsByOutput, rewardPoliciesById } from './reads/rewards.js';
import { storedCoalitionScores } from './coalitions.js';
import { datanetValidators } from './reads/datanets.js';
import { proposalsById } from './reads/proposals.js';
import type { ProposalShape } from './governance.js';
import { stepsByOutput, type AgentStepShape } from './reads/agent-steps.js';
import type { ProvenanceCache } from './provenance-cache.js';
import { logEntriesAt } from './log.js';
import type { AppendedEntry } from '../log/log-tree.js';

/**
 * A per-request loader over one batch read: every `load` of a tick goes out as one query, each key once; a key the
 * read does not answer gets `missing()`.
 */
function batchLoader<V>(read: (keys: readonly string[]) => Promise<Map<string, V>>, missing: () => V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const found = await read(keys);
    return keys.map((key) => found.get(key) ?? missing());
  });
}

/**
 * Every loader of one request, the only way resolvers batch reads: one DataLoader per node label (an `UNWIND … MATCH
 * (n:Label {id})` per label, however many places ask) and one per batched read path. Reads that bring neighbours
 * along prime their loaders, so the child fields cost no extra query.
 */
export function createLoaders(graph: GraphStore, options: { provenance?: ProvenanceCache } = {}) {
  const node = <K extends NodeTypeName>(label: K) => batchLoader<NodeShapes[K] | null>((ids) => nodesById(graph, label, ids), () => null);
  const nodes = {
    Contributor: node('Contributor'),
    Datanet: node('Datanet'),
    Record: node('Record'),
    ContentCluster: node('ContentCluster'),
    BaseModel: node('BaseModel'),
    Adapter: node('Adapter'),
    Model: node('Model'),
    Output: node('Output'),
    /** Proposals come with their status and tally, which are computed, not stored. */
    Proposal: batchLoader<ProposalShape | null>((ids) => proposalsById(graph, ids), () => null),
    AgentStep: node('AgentStep'),
  };
  const primeTargets = ({ targets }: OutputInfluences) => {
    for (const t of targets) nodes[t.kind].prime(t.id, t.node as never);
  };
  const influences = batchLoader(async (ids) => {
    const found = await influencesByOutput(graph, ids);
    return new Map([...found].map(([id, of]) => (primeTargets(of), [id, of.influences])));
  }, noInfluences);
  const primeProvenance = (p: OutputProvenance) => {
    nodes.Output.prime(p.output.id, p.output);
    if (p.model) nodes.Model.prime(p.output.modelId, p.model);
    primeTargets(p);
    influences.prime(p.output.id, p.influences);
  };
  const outputProvenance = batchLoader<OutputShape | null>(async (ids) => {
    const found = options.provenance ? await options.provenance.read(graph, ids) : await provenanceBy(graph, 'id', ids);
    for (const p of found.values()) primeProvenance(p);
    return new Map([...found].map(([id, p]) => [id, p.output]));
  }, () => null);
  const byHash = (by: OutputHashKey) =>
    batchLoader<OutputShape | null>(async (hashes) => {
      const found = options.provenance ? await options.provenance.readByHash(graph, by, hashes) : await provenanceBy(graph, by, hashes);
      for (const p of found.values()) {
        primeProvenance(p);
        outputProvenance.prime(p.output.id, p.output);
      }
      return new Map([...found].map(([hash, p]) => [hash, p.output]));
    }, () => null);
  return {
    ...nodes,
    influences,
    /** Outputs like `Output`, with their model, influences and the influences' nodes primed on the way. */
    outputProvenance,
    /**
     * The newest output of a content hash (`outputByContent`), read with its provenance in one query and primed as
     * `outputProvenance` primes; what was read is also kept by the provenance cache, for later lookups by id.
     */
    outputByContentHash: byHash('contentHash'),
    /** The same by words hash (of this version of the words hash). */
    outputByWordsHash: byHash('wordsHash'),
    /** Log entries by index (null past the end); recordOutput primes its outputs' entries. */
    logEntry: new DataLoader<number, AppendedEntry | null>(async (indexes) => {
      const found = await graph.readTx((tx) => logEntriesAt(tx, indexes));
      return indexes.map((i) => found.get(i) ?? null);
    }),
    rewardPolicy: batchLoader((ids) => rewardPoliciesById(graph, ids), () => null),
    outputPayouts: batchLoader((ids) => payoutsByOutput(graph, ids), () => []),
    coalitionScores: batchLoader((ids) => storedCoalitionScores(graph, ids), () => null),
    datanetValidators: batchLoader<string[]>((ids) => datanetValidators(graph, ids), () => []),
    /** The steps of agent-made outputs (none for others), each primed into the AgentStep loader. */
    agentSteps: batchLoader<AgentStepShape[]>(async (ids) => {
      const found = await stepsByOutput(graph, ids);
      for (const steps of found.values()) for (const s of steps) nodes.AgentStep.prime(s.id, s);
      return found;
    }, () => []),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
