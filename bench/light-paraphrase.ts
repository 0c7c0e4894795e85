import type { Rand } from '../seed/scale/random.js';
import type { Synonyms } from '../test/unit/trace/families/synonyms.js';
import { splitWords } from '../test/unit/trace/families/varied-text.js';

/** A light paraphrase: a WordNet synonym swapped in for about every `every`-th word (as the families evaluation does). */
export function lightParaphrase(text: string, synonyms: Synonyms, rand: Rand, every = 4): string {
  const parts = splitWords(text);
  let next = Math.floor(rand() * every);
  let out = '';
  parts.words.forEach((word, i) => {
    out += parts.gaps[i];
    const swap = i >= next ? synonyms.of(word) : null;
    if (swap) {
      out += swap;
      next = i + Math.max(2, Math.round(every * (0.5 + rand())));
    } else {
      out += word;
    }
  });
  return out + parts.tail;
}
