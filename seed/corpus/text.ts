import { jaccardOfSets, wordShingles } from '../../api/dedup/index.js';
import { fmix32 } from '../../api/dedup/hash32.js';
import { normalizeText } from '../../api/core/normalize.js';

export { normalizeText };

/** Every record is one self-contained passage of this many words. */
export const MIN_WORDS = 25;
export const MAX_WORDS = 120;

/** Words of a normalised text, as the corpus counts them (whitespace-separated). */
export function words(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}

export function wordCount(text: string): number {
  return words(text).length;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

/**
 * Plain text from a Factbook field: the JSON of some Factbook editions carries HTML (`<p>`, `<strong>`, `<br>`,
 * entities) or "++" paragraph separators. Block tags and separators become spaces, other tags disappear, entities are
 * decoded, then the normalisation of api/core/normalize.ts.
 */
export function stripMarkup(text: string): string {
  const withoutTags = text
    .replace(/<\s*(br|\/p|p|\/div|div|\/li|li)\b[^>]*>/giu, ' ')
    .replace(/<[^>]*>/gu, '');
  const decoded = withoutTags.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/giu, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
  // Older editions separate paragraphs and list items with a bare "++".
  return normalizeText(decoded.replace(/(^|\s)\+\+(?=\s|$)/gu, ' '));
}

const ABBREVIATION_END = /(?:^|[\s(])(?:(?:\p{L}\.){1,3}|St\.|Mt\.|Ft\.|Dr\.|Mr\.|Mrs\.|No\.|vs\.|etc\.|elev\.)$/u;

/**
 * The leading sentences of `text` that fit in `maxWords` words (at least one whole sentence), or undefined when even
 * the first sentence is longer. Sentences end at `.`, `!` or `?` followed by a space and an upper-case letter or digit.
 */
export function leadingSentences(text: string, maxWords: number): string | undefined {
  const sentences: string[] = [];
  for (const piece of normalizeText(text).split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}])/u)) {
    const previous = sentences.at(-1);
    // "A.D. 800", "U.S. Navy", "St. Lucia": an abbreviation does not end the sentence.
    if (previous !== undefined && ABBREVIATION_END.test(previous)) {
      sentences[sentences.length - 1] = `${previous} ${piece}`;
    } else {
      sentences.push(piece);
    }
  }
  let taken = '';
  for (const sentence of sentences) {
    const candidate = taken === '' ? sentence : `${taken} ${sentence}`;
    if (wordCount(candidate) > maxWords) break;
    taken = candidate;
  }
  return taken === '' ? undefined : taken;
}

/**
 * A stable, platform-independent 32-bit hash for deterministic choices: FNV-1a over UTF-16 code units (not the UTF-8
 * bytes of the dedup engine's hashString32: the seed's choices were fixed with code units), then the same MurmurHash3
 * finaliser, so that keys differing in one character spread over all residues.
 */
export function stableHash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return fmix32(hash);
}

/**
 * Keeps the corpus free of accidental near-duplicates: a candidate whose word 5-gram shingle Jaccard (the dedup
 * engine's own shingles) with an already accepted passage reaches `threshold` is refused. The planted overlaps are
 * added outside the registry, so they are the only duplicates the demo contains.
 */
export class DistinctPassages {
  private readonly accepted: Array<Set<string>> = [];

  constructor(private readonly threshold = 0.5) {}

  tryAdd(text: string): boolean {
    const shingles = new Set(wordShingles(text));
    for (const other of this.accepted) {
      if (jaccardOfSets(shingles, other) >= this.threshold) return false;
    }
    this.accepted.push(shingles);
    return true;
  }
}
