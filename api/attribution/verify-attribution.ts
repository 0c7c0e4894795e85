import type { GraphStore } from '../store/graph-store.js';
import { plainNode } from '../store/values.js';
import { createInfluenceLoader, storedAttribution } from '../store/reads/influences.js';
import type { OutputShape } from '../store/shapes.js';
import { logEntryAt } from '../store/log.js';
import { conflict, notFound } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { ATTRIBUTION_METHOD, ATTRIBUTION_METHOD_VERSION } from './attribute-text.js';
import type { AttributionShape, SpanShape } from './attribution-shape.js';
import type { Share as ShareShape } from './shares.js';
import type { CorpusService } from '../corpus/corpus-service.js';
import { modelTraining } from '../store/corpus.js';

/** Shares and coverage closer than this are equal (float sums in another order differ in the last bits). */
export const SHARE_TOLERANCE = 1e-9;

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

const LISTS = [
  ['datanets', 'Datanet'],
  ['adapters', 'Adapter'],
  ['contributors', 'Contributor'],
  ['records', 'Record'],
] as const;

const num = (x: number) => String(Number(x.toPrecision(12)));

/** Every way two attributions differ: coverage, each share list (by id), spans (offsets, text, records as a set). */
export function compareAttributions(stored: AttributionShape, other: AttributionShape, label = 'recomputed'): string[] {
  const out: string[] = [];
  if (stored.method !== other.method) out.push(`method: stored ${stored.method}, ${label} ${other.method}`);
  if (stored.methodVersion !== other.methodVersion) out.push(`methodVersion: stored ${stored.methodVersion}, ${label} ${other.methodVersion}`);
  if (!(Math.abs(stored.coverage - other.coverage) <= SHARE_TOLERANCE)) out.push(`coverage: stored ${num(stored.coverage)}, ${label} ${num(other.coverage)}`);
  for (const [key, type] of LISTS) out.push(...compareShares(key, type, stored[key], other[key], label));
  out.push(...compareSpans(stored.spans, other.spans, label));
  return out;
}

function compareShares(list: string, type: string, stored: readonly ShareShape[], other: readonly ShareShape[], label: string): string[] {
  const out: string[] = [];
  const a = new Map(stored.map((s) => [s.id, s.share]));
  const b = new Map(other.map((s) => [s.id, s.share]));
  for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(id);
    const y = b.get(id);
    const gid = encodeGlobalId(type, id);
    if (x === undefined) out.push(`${list}: ${gid} has no stored share, ${label} ${num(y!)}`);
    else if (y === undefined) out.push(`${list}: ${gid} has stored share ${num(x)}, none ${label}`);
    else if (!(Math.abs(x - y) <= SHARE_TOLERANCE)) out.push(`${list}: ${gid} share stored ${num(x)}, ${label} ${num(y)}`);
  }
  return out;
}

function compareSpans(stored: readonly SpanShape[], other: readonly SpanShape[], label: string): string[] {
  const out: string[] = [];
  const order = (s: readonly SpanShape[]) => [...s].sort((p, q) => p.start - q.start || p.end - q.end);
  const a = order(stored);
  const b = order(other);
  if (a.length !== b.length) out.push(`spans: ${a.length} stored, ${b.length} ${label}`);
  const key = (s: SpanShape) => `${s.start}-${s.end}`;
  const byKey = new Map(b.map((s) => [key(s), s]));
  for (const s of a) {
    const t = byKey.get(key(s));
    if (!t) {
      out.push(`spans: stored span [${s.start}, ${s.end}) "${s.text.slice(0, 60)}" is not ${label}`);
      continue;
    }
    byKey.delete(key(s));
    if (s.text !== t.text) out.push(`spans: [${s.start}, ${s.end}) text differs`);
    const x = [...new Set(s.recordIds)].sort().join(', ');
    const y = [...new Set(t.recordIds)].sort().join(', ');
    if (x !== y) out.push(`spans: [${s.start}, ${s.end}) records stored {${x}}, ${label} {${y}}`);
  }
  for (const t of byKey.values()) out.push(`spans: ${label} span [${t.start}, ${t.end}) "${t.text.slice(0, 60)}" is not stored`);
  return out;
}

/** The stored shares as the transparency log recorded them, to compare with what the graph holds now. */
function loggedAttribution(entry: string, stored: AttributionShape): AttributionShape | null {
  const e = JSON.parse(entry) as Partial<Record<'method' | 'methodVersion', string>> & { coverage?: number } & Partial<Record<(typeof LISTS)[number][0], ShareShape[]>>;
  if (typeof e.coverage !== 'number') return null;
  return {
    method: e.method ?? '',
    methodVersion: e.methodVersion ?? '',
    coverage: e.coverage,
    datanets: e.datanets ?? [],
    adapters: e.adapters ?? [],
    contributors: e.contributors ?? [],
    records: e.records ?? [],
    // The log holds no spans; compare the rest.
    spans: stored.spans,
  };
}

/**
 * Recomputes an output's attribution with the running engine, over the corpus as it was when the output was
 * attributed (accepted records up to `corpusAsOf`, stored by recordOutput; the output's createdAt for older outputs),
 * and reports every difference from what is stored. Also compares what is stored with the output's transparency-log
 * entry, which nobody can edit unnoticed: a share changed in the graph shows up against both.
 *
 * Refuses (CONFLICT) when the stored method version is not the running engine's: results of another version are
 * expected to differ, so comparing them would prove nothing.
 */
export async function verifyOutputAttribution(graph: GraphStore, corpus: Pick<CorpusService, 'attributeAsOf'>, outputId: string): Promise<AttributionCheckShape> {
  const gid = encodeGlobalId('Output', outputId);
  const rows = await graph.read<{ o: Parameters<typeof plainNode>[0] }>('MATCH (o:Output {id: $id}) RETURN o', { id: outputId });
  if (!rows[0]) throw notFound(`No output ${gid}.`);
  const output = plainNode<OutputShape & { corpusAsOf?: string | null; corpusRecords?: number | null }>(rows[0].o);
  const stored = storedAttribution(output, await createInfluenceLoader(graph).load(outputId));
  if (!stored) throw conflict(`${gid} has no stored attribution to verify.`);
  if (stored.methodVersion !== ATTRIBUTION_METHOD_VERSION || stored.method !== ATTRIBUTION_METHOD) {
    throw conflict(
      `${gid} was attributed with ${stored.method} ${stored.methodVersion}; this server runs ${ATTRIBUTION_METHOD} ${ATTRIBUTION_METHOD_VERSION}. ` +
        'A recomputation with another method version is expected to differ, so it cannot verify this attribution: verify it with a server running the stored version.',
    );
  }
  const training = await modelTraining(graph, output.modelId);
  if (training === null) throw conflict(`The model of ${gid} (${encodeGlobalId('Model', output.modelId)}) is missing from the graph.`);

  const asOf = output.corpusAsOf ?? output.createdAt;
  const asOfMs = Date.parse(asOf);
  const result = await corpus.attributeAsOf(output.text, { training, prompt: output.prompt ?? null, asOfMs });
  const differences = compareAttributions(stored, result.attribution);
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
