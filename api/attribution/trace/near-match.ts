/**
 * The NEAR evidence tier of span-trace/2 and /3 (docs/architecture.md#attribution): passages of the output that a record
 * holds with a few words changed, dropped or inserted ("near-verbatim"), found by seed-and-extend on the same suffix
 * arrays as the exact tier.
 *
 * 1. Seeds: at every output word near a word the exact tier left unexplained, the next `seedWords` words if they are
 *    rare enough together (at least `minSeedInformation`) and occur at most `maxSeedOccurrences` times in the corpus
 *    (so "of the" never seeds).
 * 2. Chains: per eligible record, seeds in the same order in output and record, with at most `maxGap` words between
 *    them on either side (~2 edits per 12 words), extended over equal words at both ends; chains stay in one output
 *    window (span-trace/2: a sentence; span-trace/3: the whole text, as exact spans).
 * 3. Alignment: a word-level longest common subsequence, each word weighted by its surprisal, so a match carried by
 *    "it" and "a" weighs nothing. Similarity = 2·matched / (output window + record window), in weights (Dice).
 * 4. Ownership: each output word not already explained by an exact span goes to the best candidate that matched it;
 *    candidates within `similarityTie` of the best are as good, and among them the EARLIEST record (the index adds
 *    records in acceptance order) owns the word, as the first record owns a cluster: a reworded copy submitted later
 *    earns nothing where the original explains the words as well. A candidate keeps what it owns only when its aligned
 *    words carry the rarity rule's information for the number of tied clusters plus `extraInformation` (a near match
 *    is weaker evidence than an exact one).
 */
import type { Vocabulary } from './vocabulary.js';
import type { StartMatches } from './suffix-array.js';
import type { RarityRule, TraceCorpus } from './trace.js';

export interface NearRule {
  seedWords: number;
  maxSeedOccurrences: number;
  minSeedInformation: number;
  maxGap: number;
  minSimilarity: number;
  similarityTie: number;
  /** Information a near passage needs beyond the exact tier's rarity rule (a near match is weaker evidence). */
  extraInformation: number;
  /**
   * How extension steps past an edit: `total` — at most maxGap words skipped on both sides together (span-trace/2);
   * `perSide` — up to maxGap on each side (span-trace/3: a dropped word next to a substituted one is two edits on
   * the record's side and one on the output's).
   */
  editBudget: 'total' | 'perSide';
}

export const NEAR_DEFAULTS: NearRule = {
  seedWords: 2,
  maxSeedOccurrences: 16,
  minSeedInformation: 9,
  maxGap: 3,
  minSimilarity: 0.7,
  similarityTie: 0.02,
  extraInformation: 20,
  editBudget: 'total',
};

/** span-trace/3's NEAR rule (its window is the whole text: trace.ts). */
export const NEAR_DEFAULTS_V3: NearRule = { ...NEAR_DEFAULTS, editBudget: 'perSide' };

export interface NearSpan {
  /** Output token range [first, end) from the first to the last word the candidate owns. */
  first: number;
  end: number;
  /** Output tokens credited to this span (matched words not explained by an exact span). */
  owned: number[];
  doc: number;
  /** Matched record token range, as token offsets from the record's start (for source context). */
  docFirst: number;
  docEnd: number;
  similarity: number;
  /** Distinct clusters of the candidates tied with the owner (the commonness of the passage). */
  tiedClusters: number;
}

interface Hit {
  shard: number;
  doc: number;
  out: number;
  pos: number; // position in the shard's token stream
}

interface Candidate {
  shard: number;
  doc: number;
  outFirst: number;
  outEnd: number;
  docFirst: number; // stream positions
  docEnd: number;
  matched: number[];
  similarity: number;
}

export interface NearInput {
  corpus: TraceCorpus;
  /** Per shard, the longest match from every start to the end of the text (SuffixArray.matchAll). */
  matches: readonly StartMatches[];
  vocab: Vocabulary;
  ids: Int32Array;
  /** First token index after the window (sentence or text, by method) holding token i. */
  sentenceLimit: Int32Array;
  /** First token index of the window holding token i. */
  sentenceStart: Int32Array;
  /** 1 where an output sentence ends after the token: one equal word there is enough to step past an edit. */
  sentenceEnds: Uint8Array;
  isEligible: (doc: number) => boolean;
  /** Tokens the exact tier already explains. */
  exact: Uint8Array;
  rarity: RarityRule;
  rule: NearRule;
}

export function findNearSpans(input: NearInput): NearSpan[] {
  const { corpus, vocab, ids, rule } = input;
  const m = ids.length;
  const w = new Float64Array(m);
  for (let t = 0; t < m; t++) w[t] = vocab.surprisal(ids[t]!);

  // 1. Seeds, grouped by record. Deep inside an exact span a seed could only rediscover it: seeds start within
  // reach (maxGap + seedWords words) of a word the exact tier left unexplained.
  const reach = rule.maxGap + rule.seedWords;
  const nearGap = new Uint8Array(m);
  let lastOpen = -Infinity;
  for (let t = 0; t < m; t++) {
    if (!input.exact[t]) lastOpen = t;
    if (t - lastOpen <= reach) nearGap[t] = 1;
  }
  lastOpen = Infinity;
  for (let t = m - 1; t >= 0; t--) {
    if (!input.exact[t]) lastOpen = t;
    if (lastOpen - t <= reach) nearGap[t] = 1;
  }
  const hits = new Map<number, Hit[]>();
  for (let i = 0; i + rule.seedWords <= m; i++) {
    if (!nearGap[i] || i + rule.seedWords > input.sentenceLimit[i]!) continue;
    let info = 0;
    for (let t = i; t < i + rule.seedWords; t++) info += w[t]!;
    if (info < rule.minSeedInformation) continue;
    // Occurrences over all shards (the main index and its delta) decide, so a split index seeds like a whole one. They
    // are only counted up to the limit: past it, the seed is skipped whatever the exact count.
    const ranges: Array<[number, number]> = [];
    let occurrences = 0;
    for (let s = 0; s < corpus.shards.length && occurrences <= rule.maxSeedOccurrences; s++) {
      const { index } = corpus.shards[s]!;
      const { lengths, ranks } = input.matches[s]!;
      // Each shard's range is worked out only as far as the occurrences the seed has left.
      const range: [number, number] =
        lengths[i]! < rule.seedWords ? [0, 0] : [index.widen(ids, i, rule.seedWords, ranks[i]!, ranks[i]! + 1, rule.maxSeedOccurrences - occurrences), index.widenHi];
      ranges.push(range);
      occurrences += range[1] - range[0];
    }
    if (occurrences === 0 || occurrences > rule.maxSeedOccurrences) continue;
    corpus.shards.forEach(({ index, docBase }, s) => {
      const [lo, hi] = ranges[s]!;
      for (let k = lo; k < hi; k++) {
        const pos = index.sa[k]!;
        const doc = docBase + index.docOf(pos);
        if (!input.isEligible(doc)) continue;
        const list = hits.get(doc);
        const hit = { shard: s, doc, out: i, pos };
        if (list) list.push(hit);
        else hits.set(doc, [hit]);
      }
    });
  }

  // 2–3. Chains per record, extended and aligned.
  const candidates: Candidate[] = [];
  for (const list of hits.values()) {
    list.sort((a, b) => a.out - b.out || a.pos - b.pos);
    const chains: Hit[][] = [];
    for (const hit of list) {
      const chain = chains.find((c) => continuesChain(c[c.length - 1]!, hit, rule, input.sentenceLimit));
      if (chain) chain.push(hit);
      else chains.push([hit]);
    }
    for (const chain of chains) {
      if (chain.length < 2) continue; // one seed is an exact match at most: the exact tier's business
      const candidate = align(input, w, chain);
      if (candidate && candidate.similarity >= rule.minSimilarity && candidate.similarity < 1 - 1e-9) candidates.push(candidate);
    }
  }
  if (candidates.length === 0) return [];

  // 4. Ownership per output token: best similarity, ties to the earliest record.
  const best = new Float64Array(m).fill(-1);
  for (const c of candidates) for (const t of c.matched) if (!input.exact[t] && c.similarity > best[t]!) best[t] = c.similarity;
  const owner = new Int32Array(m).fill(-1);
  const tied = new Map<number, Set<number>>(); // candidate -> clusters tied with it somewhere
  candidates.forEach((c, ci) => {
    for (const t of c.matched) {
      if (input.exact[t] || c.similarity < best[t]! - rule.similarityTie) continue;
      const current = owner[t]!;
      if (current < 0 || c.doc < candidates[current]!.doc) owner[t] = ci;
    }
  });
  candidates.forEach((c, ci) => {
    for (const t of c.matched) {
      const o = owner[t]!;
      if (o < 0 || input.exact[t] || c.similarity < best[t]! - rule.similarityTie) continue;
      const set = tied.get(o) ?? new Set<number>();
      set.add(corpus.clusterOf(c.doc));
      tied.set(o, set);
    }
  });

  const spans: NearSpan[] = [];
  candidates.forEach((c, ci) => {
    const matchedOwned = c.matched.filter((t) => owner[t] === ci);
    if (matchedOwned.length === 0) return;
    // The words between the first and last it owns that no exact span or other candidate explains (the edited
    // words) belong to the same near-copy.
    const owned: number[] = [];
    for (let t = matchedOwned[0]!; t <= matchedOwned[matchedOwned.length - 1]!; t++) {
      if (owner[t] === ci || (owner[t] === -1 && !input.exact[t])) owned.push(t);
    }
    const clusters = tied.get(ci)?.size ?? 1;
    // The evidence is the whole aligned passage, words the exact tier explains included.
    let information = 0;
    for (const t of c.matched) information += w[t]!;
    const r = input.rarity;
    if (clusters > r.commonClusters || information < r.informationBase + rule.extraInformation + r.informationPerCluster * Math.log(clusters)) return;
    const { index } = corpus.shards[c.shard]!;
    const docStart = index.docStarts[c.doc - corpus.shards[c.shard]!.docBase]!;
    spans.push({
      first: owned[0]!,
      end: owned[owned.length - 1]! + 1,
      owned,
      doc: c.doc,
      docFirst: c.docFirst - docStart,
      docEnd: c.docEnd - docStart,
      similarity: c.similarity,
      tiedClusters: clusters,
    });
  });
  return spans.sort((a, b) => a.first - b.first || a.doc - b.doc);
}

/** Does `next` continue the chain ending in `last`: later on both sides, close on both sides, same output sentence? */
function continuesChain(last: Hit, next: Hit, rule: NearRule, sentenceLimit: Int32Array): boolean {
  if (next.shard !== last.shard || next.out <= last.out || next.pos <= last.pos) return false;
  if (next.out >= sentenceLimit[last.out]!) return false;
  const outGap = next.out - (last.out + rule.seedWords);
  const docGap = next.pos - (last.pos + rule.seedWords);
  return outGap <= rule.maxGap && docGap <= rule.maxGap && Math.abs(next.pos - next.out - (last.pos - last.out)) <= rule.maxGap;
}

/** The chain's windows, extended over equal words at both ends, and their weighted alignment. */
function align(input: NearInput, w: Float64Array, chain: Hit[]): Candidate | null {
  const { ids, vocab } = input;
  const { index } = input.corpus.shards[chain[0]!.shard]!;
  const tokens = index.tokens;
  const seed = input.rule.seedWords;
  let outFirst = chain[0]!.out;
  let docFirst = chain[0]!.pos;
  let outEnd = chain[chain.length - 1]!.out + seed;
  let docEnd = chain[chain.length - 1]!.pos + seed;
  const sentenceFirst = input.sentenceStart[outFirst]!;
  const sentenceEnd = input.sentenceLimit[outFirst]!;
  // Extend over equal words at both ends, also past a small edit (up to maxGap words skipped on either side) when
  // two equal words follow it, or one that ends the output's sentence.
  const gap = input.rule.maxGap;
  const yLimit = (x: number) => (input.rule.editBudget === 'perSide' ? gap : gap - x);
  const inDoc = (p: number) => p >= 0 && p < tokens.length && tokens[p]! >= 0;
  // A skipped edit never steps over the separator into the next record.
  const withinRecord = (from: number, to: number) => {
    for (let p = from; p < to; p++) if (!inDoc(p)) return false;
    return true;
  };
  for (;;) {
    if (outEnd < sentenceEnd && inDoc(docEnd) && tokens[docEnd] === ids[outEnd]) {
      outEnd++;
      docEnd++;
      continue;
    }
    let stepped = false;
    for (let x = 0; x <= gap && !stepped; x++) {
      for (let y = 0; y <= yLimit(x) && !stepped; y++) {
        if (x + y === 0) continue;
        const o = outEnd + x;
        const d = docEnd + y;
        if (o >= sentenceEnd || !inDoc(d) || tokens[d] !== ids[o]) continue;
        let run = 1;
        while (run < 2 && o + run < sentenceEnd && inDoc(d + run) && tokens[d + run] === ids[o + run]) run++;
        if ((run < 2 && o + 1 < sentenceEnd && !input.sentenceEnds[o]) || !withinRecord(docEnd, d)) continue;
        outEnd = o + run;
        docEnd = d + run;
        stepped = true;
      }
    }
    if (!stepped) break;
  }
  for (;;) {
    if (outFirst > sentenceFirst && inDoc(docFirst - 1) && tokens[docFirst - 1] === ids[outFirst - 1]) {
      outFirst--;
      docFirst--;
      continue;
    }
    let stepped = false;
    for (let x = 0; x <= gap && !stepped; x++) {
      for (let y = 0; y <= yLimit(x) && !stepped; y++) {
        if (x + y === 0) continue;
        const o = outFirst - 1 - x;
        const d = docFirst - 1 - y;
        if (o < sentenceFirst || !inDoc(d) || tokens[d] !== ids[o]) continue;
        let run = 1;
        while (run < 2 && o - run >= sentenceFirst && inDoc(d - run) && tokens[d - run] === ids[o - run]) run++;
        if ((run < 2 && o > sentenceFirst && !(o > 0 && input.sentenceEnds[o - 1])) || !withinRecord(d + 1, docFirst)) continue;
        outFirst = o - run + 1;
        docFirst = d - run + 1;
        stepped = true;
      }
    }
    if (!stepped) break;
  }
  if (!withinRecord(docFirst, docEnd)) return null; // seeds chained across two records (never extended across one)

  // Weighted LCS (weights of the output's words; the record's equal words weigh the same).
  const a = outEnd - outFirst;
  const b = docEnd - docFirst;
  const table = new Float64Array((a + 1) * (b + 1));
  for (let i = a - 1; i >= 0; i--) {
    for (let j = b - 1; j >= 0; j--) {
      const here = i * (b + 1) + j;
      table[here] =
        ids[outFirst + i] === tokens[docFirst + j]
          ? w[outFirst + i]! + table[(i + 1) * (b + 1) + j + 1]!
          : Math.max(table[(i + 1) * (b + 1) + j]!, table[i * (b + 1) + j + 1]!);
    }
  }
  const matched: number[] = [];
  for (let i = 0, j = 0; i < a && j < b; ) {
    if (ids[outFirst + i] === tokens[docFirst + j] && table[i * (b + 1) + j] === w[outFirst + i]! + table[(i + 1) * (b + 1) + j + 1]!) {
      matched.push(outFirst + i);
      i++;
      j++;
    } else if (table[(i + 1) * (b + 1) + j]! >= table[i * (b + 1) + j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  let outWeight = 0;
  for (let t = outFirst; t < outEnd; t++) outWeight += w[t]!;
  let docWeight = 0;
  for (let p = docFirst; p < docEnd; p++) docWeight += vocab.surprisal(tokens[p]!);
  const similarity = outWeight + docWeight > 0 ? (2 * table[0]!) / (outWeight + docWeight) : 0;
  return { shard: chain[0]!.shard, doc: chain[0]!.doc, outFirst, outEnd, docFirst, docEnd, matched, similarity };
}
