/**
 * Where the paraphrase tier's overlap gate sits (SEMANTIC_MIN_OVERLAP, semantic/2): for each kind of output sentence,
 * the best BM25 candidate's share of the sentence's IDF mass (Bm25Hit.overlap) over the evaluation corpus. A sentence
 * under the gate is not embedded (docs/architecture.md#the-paraphrase-tier-semantic). No model needed.
 *
 *   npx tsx bench/semantic-gate.ts
 */
import { SemanticCorpus } from '../api/attribution/semantic/semantic-corpus.js';
import { SEMANTIC_MIN_OVERLAP } from '../api/attribution/semantic/semantic-evidence.js';
import { splitSentences } from '../api/attribution/semantic/sentences.js';
import { rng } from '../seed/scale/random.js';
import { SENTENCE_PAIRS } from '../test/unit/semantic/sentence-pairs.js';
import { buildEvalCorpus } from '../test/unit/trace/families/eval-corpus.js';
import { Synonyms } from '../test/unit/trace/families/synonyms.js';
import { lightParaphrase } from './light-paraphrase.js';

const evalCorpus = buildEvalCorpus();
const records = evalCorpus.records.map((r, i) => ({ id: r.recordId, text: r.text, acceptedAt: i }));
const corpus = SemanticCorpus.build(records, { modelVersion: 'gate' });
const synonyms = new Synonyms();


/** The best candidate's overlap for the first sentence of `text`, or null when it is too short to be compared. */
function bestOverlap(over: SemanticCorpus, text: string): number | null {
  const sentence = splitSentences(text)[0];
  if (!sentence || sentence.terms.length < over.minWords) return null;
  return Math.max(0, ...over.bm25.search(sentence.terms, 50).map((h) => h.overlap));
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const at = (xs: number[], q: number) => sorted(xs)[Math.floor(q * (xs.length - 1))]!.toFixed(3);
const kept = (xs: number[], gate: number) => `${((100 * xs.filter((x) => x >= gate).length) / xs.length).toFixed(1)} %`;

const rand = rng(3);
const paraphrases: number[] = [];
while (paraphrases.length < 400) {
  const source = corpus.sentences[Math.floor(rand() * corpus.sentences.length)]!;
  const o = bestOverlap(corpus, lightParaphrase(source.text, synonyms, rand));
  if (o !== null) paraphrases.push(o);
}
const heldOut = evalCorpus.filler.map((f) => bestOverlap(corpus, f)).filter((o): o is number => o !== null);
// The hand-written pairs: each pair's first sentence joins the corpus as a record, the second is the output sentence.
const pairs = SENTENCE_PAIRS.filter((p) => p.kind === 'paraphrase' || p.kind === 'loose paraphrase').map((p) => {
  const withPair = SemanticCorpus.build([...records, { id: 'pair', text: p.a, acceptedAt: records.length }], { modelVersion: 'gate' });
  return { pair: p, overlap: bestOverlap(withPair, p.b)! };
});

console.log(`corpus: ${corpus.records.length} records, ${corpus.sentences.length} sentences; gate SEMANTIC_MIN_OVERLAP = ${SEMANTIC_MIN_OVERLAP}`);
console.log(`light paraphrases of record sentences (n ${paraphrases.length}): p1 ${at(paraphrases, 0.01)}, p5 ${at(paraphrases, 0.05)}, median ${at(paraphrases, 0.5)}`);
console.log(`held-out sentences of the same sources (n ${heldOut.length}): median ${at(heldOut, 0.5)}, p90 ${at(heldOut, 0.9)}, p99 ${at(heldOut, 0.99)}`);
for (const gate of [0.2, 0.3, 0.4, 0.5]) console.log(`  gate ${gate.toFixed(2)}: light paraphrases embedded ${kept(paraphrases, gate)}, held-out sentences embedded ${kept(heldOut, gate)}`);
console.log('hand-written paraphrases (test/unit/semantic/sentence-pairs.ts), best candidate overlap:');
for (const { pair, overlap } of pairs) console.log(`  ${overlap.toFixed(3)} ${pair.kind === 'paraphrase' ? '' : `(${pair.kind}) `}${pair.b}`);
