/**
 * Token string → dense integer id, plus unigram counts.
 *
 * Ids are what the suffix array stores, so they must never change once assigned: new words get the next id, old
 * ids keep theirs, and an index built incrementally shares one vocabulary across its main and delta parts.
 * Counts give unigram log-probabilities for span rarity and token surprisal (the credit weight).
 */

/** Id for a query word the corpus has never seen. It equals no corpus token (separators stop far above it). */
export const UNKNOWN_TOKEN = -0x80000000;

export interface VocabularySnapshot {
  words: string[];
  counts: Float64Array;
}

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  private counts: Float64Array = new Float64Array(1024);
  private total = 0;

  /** Number of distinct words. */
  get size(): number {
    return this.words.length;
  }

  /** Number of counted word occurrences. */
  get totalCount(): number {
    return this.total;
  }

  /** Id of `word`, or UNKNOWN_TOKEN. */
  idOf(word: string): number {
    return this.ids.get(word) ?? UNKNOWN_TOKEN;
  }

  wordOf(id: number): string | undefined {
    return this.words[id];
  }

  /** Id of `word`, assigning the next id if new, and counts one occurrence. */
  add(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
      if (id >= this.counts.length) {
        const grown = new Float64Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
    }
    this.counts[id]! += 1;
    this.total += 1;
    return id;
  }

  count(id: number): number {
    return id >= 0 && id < this.words.length ? this.counts[id]! : 0;
  }

  /**
   * Natural-log unigram probability with add-one (Laplace) smoothing over the known words plus one slot for
   * unseen words, so an unknown word is rarer than any seen one and no probability is zero.
   */
  logProb(id: number): number {
    return Math.log((this.count(id) + 1) / (this.total + this.words.length + 1));
  }

  /** −log p: how much information the token carries; the weight a covered token contributes to credit. */
  surprisal(id: number): number {
    return -this.logProb(id);
  }

  /**
   * A replica's catch-up (a tracing thread's copy, docs/architecture.md#tracing-off-the-event-loop): `words` are the
   * words new since the last call, in id order; `counts` are every word's counts as of now, adopted rather than
   * copied (a shared array its owner never writes again).
   */
  extend(words: readonly string[], counts: Float64Array): void {
    for (const word of words) {
      if (this.ids.has(word)) throw new Error(`vocabulary replica repeats the word ${JSON.stringify(word)}`);
      this.ids.set(word, this.words.length);
      this.words.push(word);
    }
    if (counts.length < this.words.length) throw new Error(`vocabulary replica has ${this.words.length} words but ${counts.length} counts`);
    this.counts = counts;
    let total = 0;
    for (let id = 0; id < this.words.length; id++) total += counts[id]!;
    this.total = total;
  }

  snapshot(): VocabularySnapshot {
    return { words: this.words.slice(), counts: this.counts.slice(0, this.words.length) };
  }

  static fromSnapshot(snapshot: VocabularySnapshot): Vocabulary {
    if (snapshot.counts.length !== snapshot.words.length) {
      throw new Error(`vocabulary snapshot has ${snapshot.words.length} words but ${snapshot.counts.length} counts`);
    }
    const vocab = new Vocabulary();
    vocab.counts = new Float64Array(Math.max(1024, snapshot.words.length));
    vocab.counts.set(snapshot.counts);
    snapshot.words.forEach((word, id) => {
      if (vocab.ids.has(word)) throw new Error(`vocabulary snapshot repeats the word ${JSON.stringify(word)}`);
      vocab.ids.set(word, id);
      vocab.words.push(word);
      vocab.total += snapshot.counts[id]!;
    });
    return vocab;
  }
}
