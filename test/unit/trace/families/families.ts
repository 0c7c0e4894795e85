/**
 * Variation families (issue 12, item 8): each a pure function of a source passage (and a seeded random source) to
 * the varied text an AI output might contain, with the ground truth of which characters came from the source.
 */
import { rebuild, splitWords, VariedTextBuilder, type VariedText, type WordsAndGaps } from './varied-text.js';
import type { Synonyms } from './synonyms.js';

export interface FamilyContext {
  rand: () => number;
  synonyms: () => Synonyms;
}

export interface Family {
  id: string;
  /** One line for the table and the docs. */
  description: string;
  /** Which passages it is planted from: whole sentences (default) or a few words either side of a sentence end. */
  passage?: 'sentences' | 'cross-sentence';
  /** For cross-sentence passages: words taken on each side of the sentence end (fewer if the sentence is shorter). */
  sides?: { min: number; max: number };
  /** Passages the family can change at all (numbers need a number, diacritics a diacritic). */
  applies?: (passage: string) => boolean;
  vary: (passage: string, ctx: FamilyContext) => VariedText;
}

/** The controls carry no passage: the whole output is made by `make`. */
export interface Control {
  id: string;
  description: string;
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/** Word indexes to alter: one every `every` words on average (at least one), spread out, never adjacent. */
function every(parts: WordsAndGaps, rand: () => number, every: number, eligible: (i: number) => boolean = () => true): Set<number> {
  const chosen = new Set<number>();
  let next = Math.floor(rand() * every);
  for (let i = 0; i < parts.words.length; i++) {
    if (i < next || !eligible(i) || chosen.has(i - 1)) continue;
    chosen.add(i);
    next = i + Math.max(2, Math.round(every * (0.5 + rand())));
  }
  if (chosen.size === 0) {
    const candidates = parts.words.map((_, i) => i).filter(eligible);
    if (candidates.length > 0) chosen.add(pick(rand, candidates));
  }
  return chosen;
}

const isAlpha = (w: string) => /^\p{L}+$/u.test(w);
const isSpaceGap = (g: string) => g === ' ';

// ---- formatting families ----

const verbatim: Family = {
  id: 'verbatim',
  description: 'the passage unchanged (reference row: what the planted-source evaluation measures)',
  vary: (p) => new VariedTextBuilder().source(p).build(),
};

const SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'in', 'on', 'to', 'for', 'by', 'at', 'as', 'with']);

const caseFamily: Family = {
  id: 'case',
  description: 'ALL CAPS or Title Case (alternating by passage)',
  vary: (p, { rand }) => {
    if (rand() < 0.5) return new VariedTextBuilder().source(p.toUpperCase()).build();
    const parts = splitWords(p);
    return rebuild(parts, (i, b) => {
      const w = parts.words[i]!;
      const lower = w.toLowerCase();
      b.source(i > 0 && SMALL_WORDS.has(lower) ? lower : lower.charAt(0).toUpperCase() + lower.slice(1));
    });
  },
};

const LIGATURES: ReadonlyArray<[string, string]> = [['ffi', 'ﬃ'], ['ffl', 'ﬄ'], ['ff', 'ﬀ'], ['fi', 'ﬁ'], ['fl', 'ﬂ']];
const fullwidth = (w: string) => w.replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const unicodePunctuation: Family = {
  id: 'unicode-punctuation',
  description: 'smart quotes and apostrophes, em/en dashes, non-breaking hyphens, …, ligatures, fullwidth letters, zero-width and no-break spaces',
  vary: (p, { rand }) => {
    const parts = splitWords(p);
    const odd = every(parts, rand, 5, (i) => isAlpha(parts.words[i]!) || parts.words[i]!.includes("'"));
    let quote = 0;
    return rebuild(
      parts,
      (i, b) => {
        // Typographers' dashes: a non-breaking hyphen in compounds, an en dash in number ranges ("2008–09").
        let w = parts.words[i]!.replace(/'/gu, '’').replace(/(?<=\p{L})-(?=\p{L})/gu, '\u2011').replace(/(?<=\d)-(?=\d)/gu, '–');
        if (odd.has(i)) {
          const kind = Math.floor(rand() * 3);
          const lig = LIGATURES.find(([plain]) => w.includes(plain));
          if (kind === 0 && lig) w = w.replace(lig[0], lig[1]);
          else if (kind <= 1) w = fullwidth(w);
          else if (w.length > 3) w = `${w.slice(0, 2)}\u200b${w.slice(2)}`;
        }
        b.source(w);
      },
      (i, b) => {
        const g = parts.gaps[i]!
          .replace(/"/gu, () => (quote++ % 2 === 0 ? '“' : '”'))
          .replace(/ - | -- /gu, ' — ')
          .replace(/\.\.\./gu, '…');
        b.other(isSpaceGap(g) && rand() < 0.2 ? '\u00a0' : g);
      },
    );
  },
};

const markdown: Family = {
  id: 'markdown',
  description: 'markdown inside the quote: *emphasis*, **strong**, `code` and [link text](url) over 1–3 words',
  vary: (p, { rand }) => {
    const parts = splitWords(p);
    const b = new VariedTextBuilder();
    let i = 0;
    let next = 1 + Math.floor(rand() * 5);
    while (i < parts.words.length) {
      b.other(parts.gaps[i]!);
      // Wrap a run of words joined by single spaces only (markup never straddles punctuation here).
      let run = 1;
      const want = 1 + Math.floor(rand() * 3);
      while (run < want && i + run < parts.words.length && isSpaceGap(parts.gaps[i + run]!)) run++;
      const words = parts.words.slice(i, i + run);
      if (i < next) {
        b.source(parts.words[i]!);
        i++;
        continue;
      }
      const kind = Math.floor(rand() * 4);
      const [open, close] = [['*', '*'], ['**', '**'], ['`', '`'], ['[', ']']][kind]!;
      b.other(open!);
      words.forEach((w, k) => {
        if (k > 0) b.other(' ');
        b.source(w);
      });
      b.other(close!);
      if (kind === 3) b.other(`(https://example.org/${words.join('-').toLowerCase()})`);
      i += run;
      next = i + 3 + Math.floor(rand() * 6);
    }
    b.other(parts.tail);
    return b.build();
  },
};

const hyphenation: Family = {
  id: 'hyphenation-wraps',
  description: 'hard line wraps every ~8 words and line-break hyphenation of long words (`indepen-\\ndent`)',
  vary: (p, { rand }) => {
    const parts = splitWords(p);
    const hyphenate = every(parts, rand, 8, (i) => /^\p{L}{8,}$/u.test(parts.words[i]!));
    const wraps = every(parts, rand, 8, (i) => i > 0 && isSpaceGap(parts.gaps[i]!) && !hyphenate.has(i - 1));
    return rebuild(
      parts,
      (i, b) => {
        const w = parts.words[i]!;
        if (!hyphenate.has(i)) return void b.source(w);
        const cut = Math.floor(w.length / 2);
        b.source(w.slice(0, cut)).other('-\n').source(w.slice(cut));
      },
      (i, b) => void b.other(wraps.has(i) ? '\n' : parts.gaps[i]!),
    );
  },
};

const isCompound = (w: string) => /^\p{L}+(-\p{L}+)+$/u.test(w);

const compounds: Family = {
  id: 'compounds',
  description: 'dash compounds opened or closed: "royalty-free" → "royalty free" (70 %) or "royaltyfree"',
  applies: (p) => splitWords(p).words.some(isCompound),
  vary: (p, { rand }) => {
    const parts = splitWords(p);
    return rebuild(parts, (i, b) => {
      const w = parts.words[i]!;
      b.source(isCompound(w) ? w.replace(/-/gu, rand() < 0.7 ? ' ' : '') : w);
    });
  },
};

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** A reformatting of the number at word i (and the words it swallows), or null. */
function reformatNumber(parts: WordsAndGaps, i: number, rand: () => number): { text: string; consumed: number } | null {
  const w = parts.words[i]!;
  const next = parts.words[i + 1];
  const gapAfter = parts.gaps[i + 1] ?? parts.tail;
  if (/^\d{1,3}(,\d{3})+$/u.test(w)) {
    const value = Number(w.replace(/,/gu, ''));
    if (value >= 1e6) return { text: `${Number((value / 1e6).toPrecision(3))} million`, consumed: 1 };
    return { text: rand() < 0.5 ? w.replace(/,/gu, '') : `${Number((value / 1e3).toPrecision(3))} thousand`, consumed: 1 };
  }
  if (/^\d+(\.\d+)?$/u.test(w) && next?.toLowerCase() === 'percent') return { text: `${w}%`, consumed: 2 };
  if (/^\d+(\.\d+)?$/u.test(w) && gapAfter.startsWith('%')) return { text: `${w} percent`, consumed: 1 };
  const small = NUMBER_WORDS.indexOf(w.toLowerCase());
  if (small >= 1) return { text: String(small), consumed: 1 };
  if (/^\d$/u.test(w) && w !== '0') return { text: NUMBER_WORDS[Number(w)]!, consumed: 1 };
  if (/^\d{1,3}(\.\d+)? (million|billion)$/u.test(`${w} ${next ?? ''}`) && isSpaceGap(parts.gaps[i + 1] ?? '')) {
    const scale = next === 'million' ? 1e6 : 1e9;
    return { text: Math.round(Number(w) * scale).toLocaleString('en-US'), consumed: 2 };
  }
  return null;
}

const numbers: Family = {
  id: 'numbers',
  description: 'numbers reformatted: 1,250,000 ↔ 1.25 million, 15,000 → 15000, 92 percent ↔ 92%, three ↔ 3',
  applies: (p) => {
    const parts = splitWords(p);
    return parts.words.some((_, i) => reformatNumber(parts, i, () => 0) !== null);
  },
  vary: (p, { rand }) => {
    const parts = splitWords(p);
    const b = new VariedTextBuilder();
    for (let i = 0; i < parts.words.length; i++) {
      b.other(parts.gaps[i]!);
      const r = reformatNumber(parts, i, rand);
      if (!r) {
        b.source(parts.words[i]!);
        continue;
      }
      b.source(r.text);
      i += r.consumed - 1;
      // "5.2%" → "5.2 percent": the % sign goes.
      if (r.text.endsWith(' percent') && (parts.gaps[i + 1] ?? parts.tail).startsWith('%')) {
        if (i + 1 < parts.words.length) parts.gaps[i + 1] = parts.gaps[i + 1]!.slice(1);
        else parts.tail = parts.tail.slice(1);
      }
    }
    b.other(parts.tail);
    return b.build();
  },
};

const hasDiacritic = (w: string) => /\p{M}/u.test(w.normalize('NFD'));

const diacritics: Family = {
  id: 'diacritics',
  description: 'diacritics stripped (São Tomé → Sao Tome, café → cafe)',
  applies: (p) => hasDiacritic(p),
  vary: (p) => new VariedTextBuilder().source(p.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC')).build(),
};

const LOOKALIKES: Record<string, string> = {
  a: 'а', c: 'с', e: 'е', i: 'і', o: 'о', p: 'р', x: 'х', y: 'у', s: 'ѕ', // Cyrillic
  A: 'Α', B: 'Β', E: 'Ε', H: 'Η', K: 'Κ', M: 'Μ', N: 'Ν', O: 'Ο', T: 'Τ', v: 'ν', // Greek
};

const lookalikes: Family = {
  id: 'lookalikes',
  description: 'one letter in every ~3rd word replaced by a Cyrillic or Greek look-alike (а, е, о, Ν, ν)',
  vary: (p, { rand }) => {
    const parts = splitWords(p);
    const swap = every(parts, rand, 3, (i) => [...parts.words[i]!].some((c) => LOOKALIKES[c] !== undefined));
    return rebuild(parts, (i, b) => {
      const w = parts.words[i]!;
      if (!swap.has(i)) return void b.source(w);
      const at = [...w].map((c, k) => (LOOKALIKES[c] ? k : -1)).filter((k) => k >= 0);
      const k = pick(rand, at);
      b.source(w.slice(0, k) + LOOKALIKES[w[k]!]! + w.slice(k + 1));
    });
  },
};

const EMOJI = ['🙂', '📌', '✅', '🚀', '👉', '⚖️', '🌍'];

const insertions: Family = {
  id: 'markers-urls-emoji',
  description: 'citation markers [1], URLs and emoji inserted every ~6 words (not source words: left out of recall)',
  vary: (p, { rand }) => {
    const parts = splitWords(p);
    const after = every(parts, rand, 6, (i) => i < parts.words.length - 1);
    let cite = 1;
    return rebuild(parts, (i, b) => {
      b.source(parts.words[i]!);
      if (!after.has(i)) return;
      const kind = Math.floor(rand() * 3);
      if (kind === 0) b.other(`[${cite++}]`);
      else if (kind === 1) b.other(` (https://example.org/ref/${Math.floor(rand() * 1000)})`);
      else b.other(` ${pick(rand, EMOJI)}`);
    });
  },
};

const crossSentence: Family = {
  id: 'cross-sentence',
  description: 'a quote across a sentence end: 4–7 words before it and 4–7 after, verbatim',
  passage: 'cross-sentence',
  sides: { min: 4, max: 7 },
  vary: (p) => new VariedTextBuilder().source(p).build(),
};

/**
 * The same with 3–5 words a side (6–10 in all): most such quotes are runs of common words ("of this software. You
 * may use") that carry too little information to be paid inside one sentence either, so this row shows the rarity
 * rule at work more than the sentence end; it has no recall target (docs/attribution-evaluation.md).
 */
const crossSentenceShort: Family = {
  id: 'cross-sentence-short',
  description: 'a short quote across a sentence end: 3–5 words before it and 3–5 after, verbatim',
  passage: 'cross-sentence',
  sides: { min: 3, max: 5 },
  vary: (p) => new VariedTextBuilder().source(p).build(),
};

// ---- wording families ----

const EDIT_WORDS = ['also', 'often', 'generally', 'usually', 'still', 'really', 'all', 'new', 'various', 'certain'];

const nearVerbatim: Family = {
  id: 'near-verbatim',
  description: '1–2 word edits per 12 words (a word substituted, dropped or inserted)',
  vary: (p, { rand }) => {
    const parts = splitWords(p);
    const edits = new Map<number, number>(); // word index → 0 substitute, 1 drop, 2 insert before
    for (let block = 0; block < parts.words.length; block += 12) {
      const size = Math.min(12, parts.words.length - block);
      const count = size < 6 ? 1 : 1 + Math.floor(rand() * 2);
      for (let k = 0; k < count; k++) {
        const at = block + Math.floor(rand() * size);
        if (!edits.has(at) && !edits.has(at - 1) && !edits.has(at + 1)) edits.set(at, Math.floor(rand() * 3));
      }
    }
    return rebuild(
      parts,
      (i, b) => {
        const edit = edits.get(i);
        if (edit === 2) b.other(`${pick(rand, EDIT_WORDS)} `);
        if (edit === 0) b.source(pick(rand, EDIT_WORDS.filter((w) => w !== parts.words[i]!.toLowerCase())));
        else if (edit !== 1) b.source(parts.words[i]!);
      },
      // A dropped word takes the gap before it along (unless it is the first word).
      (i, b) => void b.other(edits.get(i) === 1 && i > 0 ? '' : parts.gaps[i]!),
    );
  },
};

const paraphrase: Family = {
  id: 'paraphrase',
  description: 'light paraphrase: a WordNet synonym swapped in every ~4 words',
  vary: (p, { rand, synonyms }) => {
    const parts = splitWords(p);
    const s = synonyms();
    const swap = every(parts, rand, 4, (i) => s.of(parts.words[i]!) !== null);
    return rebuild(parts, (i, b) => void b.source(swap.has(i) ? s.of(parts.words[i]!)! : parts.words[i]!));
  },
};

export const FAMILIES: readonly Family[] = [
  verbatim, caseFamily, unicodePunctuation, markdown, hyphenation, compounds, numbers, diacritics, lookalikes,
  insertions, crossSentence, nearVerbatim, paraphrase, crossSentenceShort,
];

export const CONTROLS: readonly Control[] = [
  { id: 'control: unrelated', description: 'held-out Factbook sentences no record quotes (real prose of the same domain)' },
  { id: 'control: boilerplate', description: 'sentences made only of stock phrases mined from the corpus (4-grams of common words held by 3–40 clusters)' },
];
