/**
 * Shapes of the API's answers as the extension uses them, and strict parsers for them. Whatever the server (or a
 * man in the middle of a plain-http endpoint) sends is checked here before anything is rendered or compared.
 */

export interface Named {
  id: string;
  name: string;
}

export interface Share<T> {
  item: T;
  share: number;
}

export interface SpanRecord {
  id: string;
  datanet: Named | null;
  /** The start of the source passage (at most SNIPPET_LENGTH characters), for people; '' when the API gave none. */
  snippet: string;
  /** The contributor's handle, '' when unknown. */
  contributor: string;
}

/** How much of a source passage the tooltip shows. */
export const SNIPPET_LENGTH = 160;

/** The model of a recorded output. */
export interface ModelData {
  id: string;
  name: string;
  version: string;
}

/** The evidence tier of a span (docs/architecture.md#attribution). */
export type SpanKind = 'EXACT' | 'NEAR' | 'SEMANTIC';

/** Where a span is in one source record: the matched passage with some of the record around it. */
export interface SpanSource {
  recordId: string;
  datanet: Named | null;
  /** The contributor's handle, '' when unknown. */
  contributor: string;
  context: string;
  /** UTF-16 offsets of the matched passage in `context` (0 <= matchStart <= matchEnd <= context.length). */
  matchStart: number;
  matchEnd: number;
}

export interface TraceSpan {
  start: number;
  end: number;
  text: string;
  kind: SpanKind;
  /** 1 for EXACT; how close the source passage is for NEAR and SEMANTIC. */
  similarity: number;
  records: SpanRecord[];
  /** One per record whose text holds the passage, in the order of `records`. */
  sources: SpanSource[];
}

export interface Attribution {
  method: string;
  methodVersion: string;
  coverage: number;
  /** Coverage per evidence tier (they sum to coverage); empty when the API gave no split. */
  coverageByKind: { kind: SpanKind; coverage: number }[];
  datanets: Share<Named>[];
  adapters: Share<Named>[];
  contributors: Share<Named>[]; // name = handle
  records: Share<{ id: string }>[];
  spans: TraceSpan[];
}

export interface LogEntryData {
  index: string;
  leafHash: string;
  entry: string;
  inclusionProof: string[] | null;
}

export interface OutputData {
  id: string;
  contentHash: string;
  text: string;
  model: ModelData | null;
  attribution: Attribution | null;
  logEntry: LogEntryData | null;
}

export interface TraceData {
  spans: TraceSpan[];
  attribution: Attribution;
}

export interface CheckpointData {
  origin: string;
  treeSize: string;
  rootHash: string;
  note: string;
  publicKey: string;
}

export interface LineageNode {
  id: string;
  kind: string;
  label: string;
}
export interface LineageEdge {
  from: string;
  to: string;
  kind: string;
}
export interface LineageFrontier {
  id: string;
  hiddenNeighbours: number;
}
export interface LineageGraphData {
  nodes: LineageNode[];
  edges: LineageEdge[];
  frontier: LineageFrontier[];
}

export class ApiShapeError extends Error {
  constructor(path: string, what: string) {
    super(`unexpected API answer at ${path}: ${what}`);
    this.name = 'ApiShapeError';
  }
}

export type Obj = Record<string, unknown>;
const MAX_STRING = 1_000_000;
const MAX_LIST = 10_000;

export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ApiShapeError(path, 'expected an object');
  return v as Obj;
}
export function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length > MAX_STRING) throw new ApiShapeError(path, 'expected a string');
  return v;
}
export function optStr(v: unknown, path: string): string {
  return v === null || v === undefined ? '' : str(v, path);
}
export function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ApiShapeError(path, 'expected a finite number');
  return v;
}
export function int(v: unknown, path: string): number {
  const n = num(v, path);
  if (!Number.isInteger(n) || n < 0) throw new ApiShapeError(path, 'expected a non-negative integer');
  return n;
}
export function fraction(v: unknown, path: string): number {
  const n = num(v, path);
  if (n < -1e-9 || n > 1 + 1e-9) throw new ApiShapeError(path, 'expected a fraction in [0, 1]');
  return Math.min(1, Math.max(0, n));
}
export function list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T): T[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_LIST) throw new ApiShapeError(path, 'expected a list');
  return v.map((x, i) => item(x, `${path}[${i}]`));
}
export function bigintString(v: unknown, path: string): string {
  const s = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : str(v, path);
  if (!/^(0|[1-9]\d*)$/.test(s)) throw new ApiShapeError(path, 'expected a non-negative integer string');
  return s;
}
function hex64(v: unknown, path: string): string {
  const s = str(v, path);
  if (!/^[0-9a-f]{64}$/.test(s)) throw new ApiShapeError(path, 'expected 64 lowercase hex digits');
  return s;
}

function named(v: unknown, path: string, nameField = 'name'): Named {
  const o = obj(v, path);
  return { id: str(o.id, `${path}.id`), name: optStr(o[nameField], `${path}.${nameField}`) };
}

function shares<T>(v: unknown, path: string, key: string, item: (x: unknown, p: string) => T): Share<T>[] {
  return list(v, path, (x, p) => {
    const o = obj(x, p);
    return { item: item(o[key], `${p}.${key}`), share: fraction(o.share, `${p}.share`) };
  });
}

/** The first SNIPPET_LENGTH characters of a passage, cut at a word and marked when cut. */
export function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= SNIPPET_LENGTH) return t;
  const cut = t.slice(0, SNIPPET_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${space > SNIPPET_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}

const SPAN_KINDS: ReadonlySet<string> = new Set<SpanKind>(['EXACT', 'NEAR', 'SEMANTIC']);

/** A tier the API names; an answer without one (an API older than the tiers) is EXACT, as the API itself defaults. */
function spanKind(v: unknown, path: string): SpanKind {
  if (v === null || v === undefined) return 'EXACT';
  const s = str(v, path);
  if (!SPAN_KINDS.has(s)) throw new ApiShapeError(path, 'expected EXACT, NEAR or SEMANTIC');
  return s as SpanKind;
}

function recordHolder(ro: Obj, rp: string): { datanet: Named | null; contributor: string } {
  const contributor = ro.contributor === null || ro.contributor === undefined ? null : obj(ro.contributor, `${rp}.contributor`);
  return {
    datanet: ro.datanet === null || ro.datanet === undefined ? null : named(ro.datanet, `${rp}.datanet`),
    contributor: contributor ? optStr(contributor.handle, `${rp}.contributor.handle`) : '',
  };
}

function parseSource(v: unknown, p: string): SpanSource {
  const o = obj(v, p);
  const ro = obj(o.record, `${p}.record`);
  const context = str(o.context, `${p}.context`);
  const matchStart = int(o.matchStart, `${p}.matchStart`);
  const matchEnd = int(o.matchEnd, `${p}.matchEnd`);
  if (matchEnd < matchStart || matchEnd > context.length) throw new ApiShapeError(p, 'the match is not inside its context');
  return { recordId: str(ro.id, `${p}.record.id`), ...recordHolder(ro, `${p}.record`), context, matchStart, matchEnd };
}

export function parseSpans(v: unknown, path: string): TraceSpan[] {
  return list(v, path, (x, p) => {
    const o = obj(x, p);
    const start = int(o.start, `${p}.start`);
    const end = int(o.end, `${p}.end`);
    if (end < start) throw new ApiShapeError(p, 'span ends before it starts');
    return {
      start,
      end,
      text: optStr(o.text, `${p}.text`),
      kind: spanKind(o.kind, `${p}.kind`),
      similarity: o.similarity === null || o.similarity === undefined ? 1 : fraction(o.similarity, `${p}.similarity`),
      records: list(o.records, `${p}.records`, (r, rp) => {
        const ro = obj(r, rp);
        return { id: str(ro.id, `${rp}.id`), ...recordHolder(ro, rp), snippet: snippet(optStr(ro.text, `${rp}.text`)) };
      }),
      sources: list(o.sources, `${p}.sources`, parseSource),
    };
  });
}

export function parseAttribution(v: unknown, path: string): Attribution {
  const o = obj(v, path);
  return {
    method: optStr(o.method, `${path}.method`),
    methodVersion: optStr(o.methodVersion, `${path}.methodVersion`),
    coverage: fraction(o.coverage ?? 0, `${path}.coverage`),
    coverageByKind: list(o.coverageByKind, `${path}.coverageByKind`, (x, p) => {
      const k = obj(x, p);
      return { kind: spanKind(k.kind, `${p}.kind`), coverage: fraction(k.coverage, `${p}.coverage`) };
    }),
    datanets: shares(o.datanets, `${path}.datanets`, 'datanet', (x, p) => named(x, p)),
    adapters: shares(o.adapters, `${path}.adapters`, 'adapter', (x, p) => named(x, p)),
    contributors: shares(o.contributors, `${path}.contributors`, 'contributor', (x, p) => named(x, p, 'handle')),
    records: shares(o.records, `${path}.records`, 'record', (x, p) => ({ id: str(obj(x, p).id, `${p}.id`) })),
    spans: parseSpans(o.spans, `${path}.spans`),
  };
}

export function parseOutput(v: unknown, path = 'outputByContent'): OutputData | null {
  if (v === null || v === undefined) return null;
  const o = obj(v, path);
  let logEntry: LogEntryData | null = null;
  if (o.logEntry !== null && o.logEntry !== undefined) {
    const l = obj(o.logEntry, `${path}.logEntry`);
    logEntry = {
      index: bigintString(l.index, `${path}.logEntry.index`),
      leafHash: hex64(l.leafHash, `${path}.logEntry.leafHash`),
      entry: str(l.entry, `${path}.logEntry.entry`),
      inclusionProof:
        l.inclusionProof === null || l.inclusionProof === undefined
          ? null
          : list(l.inclusionProof, `${path}.logEntry.inclusionProof`, hex64),
    };
  }
  return {
    id: str(o.id, `${path}.id`),
    contentHash: hex64(o.contentHash, `${path}.contentHash`),
    text: optStr(o.text, `${path}.text`),
    model: o.model === null || o.model === undefined ? null : parseModel(o.model, `${path}.model`),
    attribution: o.attribution === null || o.attribution === undefined ? null : parseAttribution(o.attribution, `${path}.attribution`),
    logEntry,
  };
}

function parseModel(v: unknown, path: string): ModelData {
  const o = obj(v, path);
  return { id: str(o.id, `${path}.id`), name: optStr(o.name, `${path}.name`), version: optStr(o.version, `${path}.version`) };
}

export function parseTrace(v: unknown, path = 'traceText'): TraceData {
  const o = obj(v, path);
  const attribution = parseAttribution(o.attribution, `${path}.attribution`);
  const spans = o.spans === undefined ? attribution.spans : parseSpans(o.spans, `${path}.spans`);
  return { spans, attribution };
}

export function parseCheckpoint(v: unknown, path = 'logCheckpoint'): CheckpointData {
  const o = obj(v, path);
  return {
    origin: str(o.origin, `${path}.origin`),
    treeSize: bigintString(o.treeSize, `${path}.treeSize`),
    rootHash: hex64(o.rootHash, `${path}.rootHash`),
    note: str(o.note, `${path}.note`),
    publicKey: str(o.publicKey, `${path}.publicKey`),
  };
}

export function parseLineageGraph(v: unknown, path = 'lineageGraph'): LineageGraphData {
  const o = obj(v, path);
  return {
    nodes: list(o.nodes, `${path}.nodes`, (x, p) => {
      const n = obj(x, p);
      return { id: str(n.id, `${p}.id`), kind: optStr(n.kind, `${p}.kind`), label: optStr(n.label, `${p}.label`) };
    }),
    edges: list(o.edges, `${path}.edges`, (x, p) => {
      const e = obj(x, p);
      return { from: str(e.from, `${p}.from`), to: str(e.to, `${p}.to`), kind: optStr(e.kind, `${p}.kind`) };
    }),
    frontier: list(o.frontier, `${path}.frontier`, (x, p) => {
      const f = obj(x, p);
      return { id: str(f.id, `${p}.id`), hiddenNeighbours: int(f.hiddenNeighbours ?? 0, `${p}.hiddenNeighbours`) };
    }),
  };
}
