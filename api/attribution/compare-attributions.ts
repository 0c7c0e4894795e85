import { encodeGlobalId } from '../core/global-id.js';
import type { AttributionShape, SpanShape } from './attribution-shape.js';
import type { Share } from './shares.js';

/** Shares and coverage closer than this are equal (float sums in another order differ in the last bits). */
export const SHARE_TOLERANCE = 1e-9;

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
  if ((stored.embeddingModel ?? null) !== (other.embeddingModel ?? null)) {
    out.push(`embeddingModel: stored ${stored.embeddingModel ?? 'none'}, ${label} ${other.embeddingModel ?? 'none'}`);
  }
  if (!(Math.abs(stored.coverage - other.coverage) <= SHARE_TOLERANCE)) out.push(`coverage: stored ${num(stored.coverage)}, ${label} ${num(other.coverage)}`);
  for (const [key, type] of LISTS) out.push(...compareShares(key, type, stored[key], other[key], label));
  out.push(...compareSpans(stored.spans, other.spans, label));
  return out;
}

function compareShares(list: string, type: string, stored: readonly Share[], other: readonly Share[], label: string): string[] {
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
export function loggedAttribution(entry: string, stored: AttributionShape): AttributionShape | null {
  const e = JSON.parse(entry) as Partial<Record<'method' | 'methodVersion' | 'embeddingModel', string>> & { coverage?: number } & Partial<Record<(typeof LISTS)[number][0], Share[]>>;
  if (typeof e.coverage !== 'number') return null;
  return {
    method: e.method ?? '',
    methodVersion: e.methodVersion ?? '',
    ...(e.embeddingModel ? { embeddingModel: e.embeddingModel } : {}),
    coverage: e.coverage,
    datanets: e.datanets ?? [],
    adapters: e.adapters ?? [],
    contributors: e.contributors ?? [],
    records: e.records ?? [],
    // The log holds no spans; compare the rest.
    spans: stored.spans,
  };
}
