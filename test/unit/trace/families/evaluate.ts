/**
 * The per-family evaluation: plant varied passages of known records into outputs between held-out filler, trace
 * each output with the engine's public API (CorpusIndex.trace, then the Owen split as api/corpus does), and score.
 *
 * Per family (pooled over its outputs):
 * - recall: share of planted source words (output words derived from a source word, however altered; inserted
 *   markers, URLs and emoji excluded) covered by the trace with the planted record's cluster among the clusters
 *   credited for that word;
 * - top-1: share of passages whose most-credited cluster (each covered word's surprisal split equally over its
 *   clusters, summed over the passage's words) is the planted one, ties included (two licenses holding the same
 *   sentence verbatim cannot be told apart); a passage with no credit is a miss;
 * - false credit: share of the output's Owen-split record credit (weighted by each output's credited surprisal)
 *   going to records other than the owners of the planted clusters;
 * - coverage: for a family, share of filler words covered; for a control, share of all its words covered.
 */
import { attributeTrace } from '../../../../api/attribution/attribute-text.js';
import type { ClusterReach } from '../../../../api/attribution/owen-split.js';
import { seededRandom, shuffled } from '../../../../api/attribution/seeded-random.js';
import { CorpusIndex } from '../../../../api/attribution/trace/corpus-index.js';
import { tokenize, type Token } from '../../../../api/attribution/trace/tokenize.js';
import type { TraceOptions, TraceResult } from '../../../../api/attribution/trace/trace.js';
import type { TraceMethod } from '../../../../api/attribution/trace/trace-method.js';
import { buildEvalCorpus, GROUND_TRUTH_TOKENIZER, type EvalCorpus, type EvalCorpusOptions, type EvalRecord, type TextSource } from './eval-corpus.js';
import { CONTROLS, FAMILIES, type Family } from './families.js';
import type { EvalParaphrases } from './eval-paraphrases.js';
import { Synonyms } from './synonyms.js';
import type { SourceRange } from './varied-text.js';

export interface FamilyRow {
  family: string;
  /** Planted passages (for a control: outputs). */
  passages: number;
  recall: number | null;
  top1: number | null;
  /** Credit to records that hold none of the planted passages' source text (the target: ≤ 5 %). */
  falseCredit: number;
  /** Credit to any record but the planted passages' own cluster owners, holders of the same text included. */
  strictFalseCredit: number;
  coverage: number;
  /** Share of outputs that credited anyone at all (what the controls must keep at 0). */
  credited: number;
}

export interface EvaluationOptions extends EvalCorpusOptions {
  seed?: number;
  /** Passages per family; two per output. Controls get half as many outputs. */
  passages?: number;
  /** Families to run (ids); all when absent. */
  only?: readonly string[];
  /** Tracing options (e.g. a rarity rule to try); the engine's defaults when absent. */
  trace?: TraceOptions;
}

interface Planted {
  recordId: string;
  clusterId: string;
  /** Clusters whose records hold the passage's source text word for word (the planted one among them). */
  holders: ReadonlySet<string>;
  /** Output ranges derived from source words. */
  ranges: SourceRange[];
  /** The whole varied passage (source words and insertions). */
  start: number;
  end: number;
}

interface PlantedOutput {
  text: string;
  passages: Planted[];
}

const SOURCES: readonly TextSource[] = ['licenses', 'factbook', 'wordnet', 'readmes'];
const MIN_PASSAGE = 12;
const MAX_PASSAGE = 30;

interface Candidate {
  record: EvalRecord;
  text: string;
}

function sentencePassages(record: EvalRecord): Candidate[] {
  const tokens = tokenize(record.text, GROUND_TRUTH_TOKENIZER);
  const out: Candidate[] = [];
  for (let s = 0; s < tokens.length; s++) {
    if (s > 0 && !tokens[s - 1]!.sentenceEnd) continue;
    let e = s;
    while (e < tokens.length - 1 && (e - s + 1 < MIN_PASSAGE || !tokens[e]!.sentenceEnd)) e++;
    e = Math.min(e, s + MAX_PASSAGE - 1);
    if (e - s + 1 < MIN_PASSAGE) continue;
    out.push({ record, text: record.text.slice(tokens[s]!.start, tokens[e]!.end) });
  }
  return out;
}

function crossSentencePassages(record: EvalRecord, sides: { min: number; max: number }, rand: () => number): Candidate[] {
  const tokens = tokenize(record.text, GROUND_TRUTH_TOKENIZER);
  const out: Candidate[] = [];
  const sentenceOf = (i: number) => {
    let a = i;
    while (a > 0 && !tokens[a - 1]!.sentenceEnd) a--;
    let b = i;
    while (b < tokens.length - 1 && !tokens[b]!.sentenceEnd) b++;
    return [a, b] as const;
  };
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!tokens[i]!.sentenceEnd) continue;
    const [a] = sentenceOf(i);
    const [, b] = sentenceOf(i + 1);
    const before = Math.min(i - a + 1, sides.min + Math.floor(rand() * (sides.max - sides.min + 1)));
    const after = Math.min(b - i, sides.min + Math.floor(rand() * (sides.max - sides.min + 1)));
    if (before < sides.min || after < sides.min) continue;
    out.push({ record, text: record.text.slice(tokens[i - before + 1]!.start, tokens[i + after]!.end) });
  }
  return out;
}

const overlaps = (t: Token, r: SourceRange) => t.start < r.end && t.end > r.start;

export class FamilyEvaluation {
  readonly corpus: EvalCorpus;
  readonly index: CorpusIndex;
  private synonyms: Synonyms | undefined;
  private readonly sentenceCandidates: Map<TextSource, Candidate[]>;
  /** The text sources the corpus has, in SOURCES order: passages are drawn round-robin from them. */
  private readonly sources: TextSource[];

  constructor(options: EvalCorpusOptions & { method?: TraceMethod } = {}) {
    this.corpus = buildEvalCorpus(options);
    this.index = CorpusIndex.build(this.corpus.records, options.method ? { method: options.method } : {});
    this.sources = SOURCES.filter((s) => this.corpus.records.some((r) => r.source === s));
    this.sentenceCandidates = new Map(this.sources.map((s) => [s, this.corpus.records.filter((r) => r.source === s).flatMap(sentencePassages)]));
  }

  private traceOptions: TraceOptions = {};

  /** The evaluation with the exact and NEAR tiers (what the engine traces without an embedding model). */
  run(options: EvaluationOptions = {}): FamilyRow[] {
    this.traceOptions = options.trace ?? {};
    return this.plantAll(options).map(({ id, outputs, control }) => this.score(id, outputs, control, outputs.map((o) => this.index.trace(o.text, this.traceOptions))));
  }

  /** The same passages with the paraphrase tier's evidence folded into each trace, as the API does with the model loaded. */
  async runWithParaphrases(paraphrases: EvalParaphrases, options: EvaluationOptions = {}, progress?: (family: string) => void): Promise<FamilyRow[]> {
    this.traceOptions = options.trace ?? {};
    const rows: FamilyRow[] = [];
    for (const { id, outputs, control } of this.plantAll(options)) {
      progress?.(id);
      const traces: TraceResult[] = [];
      for (const o of outputs) traces.push(await paraphrases.trace(this.index, o.text, this.index.trace(o.text, this.traceOptions)));
      rows.push(this.score(id, outputs, control, traces));
    }
    return rows;
  }

  /** Every family's and control's outputs, deterministic for the seed. */
  private plantAll(options: EvaluationOptions): Array<{ id: string; outputs: PlantedOutput[]; control: boolean }> {
    const seed = options.seed ?? 12;
    const passages = options.passages ?? 60;
    const planted: Array<{ id: string; outputs: PlantedOutput[]; control: boolean }> = [];
    FAMILIES.forEach((family, f) => {
      if (options.only && !options.only.includes(family.id)) return;
      planted.push({ id: family.id, outputs: this.plant(family, passages, seed * 1000 + f), control: false });
    });
    CONTROLS.forEach((control, c) => {
      if (options.only && !options.only.includes(control.id)) return;
      const rand = seededRandom(seed * 1000 + 500 + c);
      const outputs: PlantedOutput[] = [];
      for (let o = 0; o < Math.max(1, Math.floor(passages / 2)); o++) {
        outputs.push({ text: c === 0 ? this.fillerText(rand, 3) : this.boilerplate(rand), passages: [] });
      }
      planted.push({ id: control.id, outputs, control: true });
    });
    return planted;
  }

  private fillerText(rand: () => number, sentences: number): string {
    const filler = this.corpus.filler;
    return Array.from({ length: sentences }, () => filler[Math.floor(rand() * filler.length)]!).join(' ');
  }

  private boilerplate(rand: () => number): string {
    const phrases = this.corpus.stockPhrases;
    const sentence = () => {
      const text = Array.from({ length: 3 }, () => phrases[Math.floor(rand() * phrases.length)]!).join(' ');
      return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
    };
    return `${sentence()} ${sentence()}`;
  }

  private candidates(family: Family, source: TextSource, rand: () => number): Candidate[] {
    const all =
      family.passage === 'cross-sentence'
        ? this.corpus.records.filter((r) => r.source === source).flatMap((r) => crossSentencePassages(r, family.sides ?? { min: 3, max: 5 }, rand))
        : this.sentenceCandidates.get(source)!;
    return family.applies ? all.filter((c) => family.applies!(c.text)) : all;
  }

  private plant(family: Family, count: number, seed: number): PlantedOutput[] {
    const rand = seededRandom(seed);
    const ctx = { rand, synonyms: () => (this.synonyms ??= new Synonyms()) };
    const pools = this.sources.map((s) => shuffled(this.candidates(family, s, rand), rand)).filter((p) => p.length > 0);
    const used = pools.map(() => 0);
    const outputs: PlantedOutput[] = [];
    let text = '';
    let passages: Planted[] = [];
    for (let n = 0; n < count; n++) {
      const pool = n % pools.length;
      const candidate = pools[pool]![used[pool]!++ % pools[pool]!.length]!;
      text += `${this.fillerText(rand, 1 + Math.floor(rand() * 2))} `;
      const varied = family.vary(candidate.text, ctx);
      const at = text.length;
      passages.push({
        recordId: candidate.record.recordId,
        clusterId: candidate.record.clusterId,
        holders: this.holders(candidate),
        ranges: varied.fromSource.map((r) => ({ start: at + r.start, end: at + r.end })),
        start: at,
        end: at + varied.text.length,
      });
      text += /[.!?]$/u.test(varied.text) ? `${varied.text} ` : `${varied.text}. `;
      if (passages.length === 2 || n === count - 1) {
        outputs.push({ text: `${text}${this.fillerText(rand, 1)}`, passages });
        text = '';
        passages = [];
      }
    }
    return outputs;
  }

  private canonicalTexts: Array<{ clusterId: string; words: string }> | undefined;

  /**
   * Clusters holding the passage's source words verbatim (canonical tokens). When two licenses hold the same clause,
   * an output quoting it derives from either as much as from the other: credit to any of them is not false.
   */
  private holders(candidate: Candidate): ReadonlySet<string> {
    const words = (text: string) => ` ${tokenize(text).map((t) => t.norm).join(' ')} `;
    this.canonicalTexts ??= this.corpus.records.map((r) => ({ clusterId: r.clusterId, words: words(r.text) }));
    const passage = words(candidate.text);
    const holders = new Set([candidate.record.clusterId]);
    for (const r of this.canonicalTexts) if (r.words.includes(passage)) holders.add(r.clusterId);
    return holders;
  }

  private reach(clusterIds: Iterable<string>): Map<string, ClusterReach> {
    const reach = new Map<string, ClusterReach>();
    for (const clusterId of clusterIds) {
      const owner = this.corpus.clusterOwner.get(clusterId)!;
      reach.set(clusterId, {
        clusterId,
        ownerRecordId: owner.recordId,
        ownerContributorId: owner.contributorId,
        paths: [{ adapterId: 'eval-adapter', datanetId: owner.datanetId }],
      });
    }
    return reach;
  }

  private score(family: string, outputs: readonly PlantedOutput[], control: boolean, traces: readonly TraceResult[]): FamilyRow {
    let planted = 0;
    let recalled = 0;
    let passages = 0;
    let top1 = 0;
    let creditMass = 0;
    let falseMass = 0;
    let strictFalseMass = 0;
    let countedTokens = 0;
    let coveredTokens = 0;
    let credited = 0;
    outputs.forEach((output, o) => {
      const trace = traces[o]!;
      // Ground-truth words and the trace's tokens may be cut differently (a word hyphenated across a line break is
      // one traced token, a contraction two), so a word is covered by the traced tokens overlapping it.
      const covering = (t: Token) => overlapping(trace.tokens, t);
      const tokens = tokenize(output.text, GROUND_TRUTH_TOKENIZER);
      for (const p of output.passages) {
        passages++;
        const credit = new Map<string, number>();
        for (const t of tokens) {
          if (!p.ranges.some((r) => overlaps(t, r))) continue;
          planted++;
          const cs = covering(t);
          if (cs.some((c) => c.clusterIds.includes(p.clusterId))) recalled++;
          for (const c of cs) for (const id of c.clusterIds) credit.set(id, (credit.get(id) ?? 0) + c.weight / c.clusterIds.length);
        }
        // Ties count: the same words held verbatim by two licenses cannot tell their sources apart.
        let best = 0;
        for (const v of credit.values()) best = Math.max(best, v);
        const mine = credit.get(p.clusterId) ?? 0;
        if (mine > 0 && mine >= best * (1 - 1e-9)) top1++;
      }
      // Coverage: all words of a control; the filler words (outside every planted passage) of a family's output.
      for (const t of tokens) {
        if (!control && output.passages.some((p) => t.start < p.end && t.end > p.start)) continue;
        countedTokens++;
        if (covering(t).length > 0) coveredTokens++;
      }
      const attribution = attributeTrace(trace, this.reach(new Set(trace.tokens.flatMap((t) => t.clusterIds))));
      const mass = trace.tokens.reduce((sum, t) => sum + (t.clusterIds.length > 0 ? t.weight : 0), 0);
      if (attribution.records.length > 0) credited++;
      const ownerOf = (clusterId: string) => this.corpus.clusterOwner.get(clusterId)!.recordId;
      const owners = new Set(output.passages.map((p) => ownerOf(p.clusterId)));
      const holders = new Set(output.passages.flatMap((p) => [...p.holders].map(ownerOf)));
      const shareOutside = (keep: ReadonlySet<string>) =>
        attribution.records.filter((r) => !keep.has(r.id)).reduce((sum, r) => sum + r.share, 0);
      creditMass += mass;
      falseMass += mass * shareOutside(holders);
      strictFalseMass += mass * shareOutside(owners);
    });
    return {
      family,
      passages: control ? outputs.length : passages,
      recall: control ? null : planted ? recalled / planted : 0,
      top1: control ? null : passages ? top1 / passages : 0,
      // Shares sum to 1 only up to float rounding.
      falseCredit: creditMass > 0 ? Math.min(1, falseMass / creditMass) : 0,
      strictFalseCredit: creditMass > 0 ? Math.min(1, strictFalseMass / creditMass) : 0,
      coverage: countedTokens ? coveredTokens / countedTokens : 0,
      credited: outputs.length ? credited / outputs.length : 0,
    };
  }
}

/** Traced tokens (sorted, disjoint) that overlap `word`. */
function overlapping<T extends { start: number; end: number }>(traced: readonly T[], word: Token): T[] {
  let lo = 0;
  let hi = traced.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (traced[mid]!.end <= word.start) lo = mid + 1;
    else hi = mid;
  }
  const found: T[] = [];
  for (let i = lo; i < traced.length && traced[i]!.start < word.end; i++) found.push(traced[i]!);
  return found;
}

/** The table as markdown (the bench prints it; docs/attribution-evaluation.md holds a copy). */
export function formatTable(rows: readonly FamilyRow[]): string {
  const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
  const lines = [
    '| family | passages | recall | top-1 | false credit | credit to other holders | coverage | outputs credited |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.family} | ${r.passages} | ${pct(r.recall)} | ${pct(r.top1)} | ${pct(r.falseCredit)} | ${pct(r.strictFalseCredit - r.falseCredit)} | ${pct(r.coverage)} | ${pct(r.credited)} |`);
  }
  return lines.join('\n');
}
