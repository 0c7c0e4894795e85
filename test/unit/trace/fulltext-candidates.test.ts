/**
 * The full-text candidate path's pure half (phrase-search.ts + candidate-corpus.ts) over an in-memory stand-in for the
 * engine that answers phrase queries by brute force: the EXACT spans equal the suffix index's on the planted-source
 * corpus, with and without an eligibility predicate, and with a common-phrase threshold low enough that stand-ins are
 * what decides. The same against the real Neo4j: test/integration/trace-fulltext.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { canonicalTokenText, CandidateCorpus, type CandidateRecord } from '../../../api/attribution/trace/candidate-corpus.js';
import { CorpusIndex } from '../../../api/attribution/trace/corpus-index.js';
import { searchPhrases, type PhraseAnswer, type PhraseQuery } from '../../../api/attribution/trace/phrase-search.js';
import { tokenize } from '../../../api/attribution/trace/tokenize.js';
import { TRACE_DEFAULTS, type TraceOptions } from '../../../api/attribution/trace/trace.js';
import { CURRENT_TRACE_METHOD } from '../../../api/attribution/trace/trace-method.js';
import { plantOutputs } from './planted-outputs.js';
import { generateRecords } from './synthetic-corpus.js';

const records = [...generateRecords({ seed: 2024, records: 1200 })];
const index = CorpusIndex.build(records);
const stored: CandidateRecord[] = records.map((r, k) => ({ recordId: r.recordId, clusterId: r.clusterId, tokens: canonicalTokenText(r.text, CURRENT_TRACE_METHOD), acceptedAtMs: 1000 + k }));
const padded = stored.map((r) => ` ${r.tokens} `);
// Records by the 4-grams they hold (every phrase asked has at least 4 words), so the brute force stays quick.
const byGram = new Map<string, number[]>();
stored.forEach((r, k) => {
  const words = r.tokens.split(' ');
  for (let i = 0; i + 4 <= words.length; i++) {
    const gram = words.slice(i, i + 4).join(' ');
    const list = byGram.get(gram) ?? [];
    if (list.at(-1) !== k) list.push(k);
    byGram.set(gram, list);
  }
});

/** What the full-text index answers, by brute force. */
async function engine(queries: PhraseQuery[], commonClusters: number): Promise<Map<string, PhraseAnswer>> {
  const answers = new Map<string, PhraseAnswer>();
  for (const { phrase, limit } of queries) {
    const gram = phrase.split(' ').slice(0, 4).join(' ');
    const holders = (byGram.get(gram) ?? []).filter((k) => padded[k]!.includes(` ${phrase} `)).map((k) => stored[k]!).slice(0, limit);
    const clusters = new Set(holders.map((h) => h.clusterId)).size;
    answers.set(phrase, { records: holders.length, clusters, recordIds: clusters <= commonClusters ? holders.map((h) => h.recordId) : [], complete: holders.length < limit });
  }
  return answers;
}

async function traceByCandidates(text: string, options: TraceOptions, firstLimit = 1000) {
  const commonClusters = options.rarity?.commonClusters ?? TRACE_DEFAULTS.rarity.commonClusters;
  const words = tokenize(text).map((t) => t.norm);
  const ids = Int32Array.from(words, (w) => index.vocabulary.idOf(w));
  const rule = { minWords: TRACE_DEFAULTS.minWords, commonClusters, maxScan: TRACE_DEFAULTS.maxScan, firstLimit };
  const search = await searchPhrases(words, ids, rule, (q) => engine(q, commonClusters));
  const wanted = stored.filter((r) => search.recordIds.has(r.recordId));
  return { result: new CandidateCorpus(CURRENT_TRACE_METHOD, index.vocabulary, wanted, search.commonPhrases, commonClusters).trace(text, options), search };
}

describe('full-text candidates', () => {
  const outputs = plantOutputs(records, { seed: 99, outputs: 25 });
  it.each([
    ['defaults', {}, 1000],
    ['half eligible', { eligible: (id: string) => Number(id.slice(4)) % 2 === 0 }, 1000],
    ['common at 3 clusters, cut-off counts', { rarity: { commonClusters: 3 } }, 2],
  ] as const)('%s: the same EXACT spans as the suffix index', async (_name, options, firstLimit) => {
    let common = 0;
    for (const { text } of outputs) {
      const { result, search } = await traceByCandidates(text, options, firstLimit);
      expect(result).toEqual(index.trace(text, { ...options, near: false }));
      common += search.commonPhrases.length;
    }
    expect(common).toBeGreaterThan(0);
  }, 60_000);

  it('asks a quoted passage once per start at most, and far fewer phrases than starts × lengths', async () => {
    const { search } = await traceByCandidates(outputs[0]!.text, {});
    const words = tokenize(outputs[0]!.text).length;
    expect(search.queries).toBeLessThan(2 * words);
    expect(search.recordIds.size).toBeGreaterThan(0);
  });

  it('refuses span-trace/1 (its stream has sentence separators)', () => {
    expect(() => new CandidateCorpus({ ...CURRENT_TRACE_METHOD, version: 'span-trace/1', sentenceSeparators: true }, index.vocabulary, [], [], 50)).toThrow(/span-trace\/2 and later/);
  });
});
