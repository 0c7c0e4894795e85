/**
 * Which records a trace needs, found by phrase queries (docs/architecture.md#the-full-text-candidate-path): the plan
 * of the full-text candidate search. Pure: it says which phrases to ask an engine about and takes the answers; the
 * asking is done elsewhere (api/corpus/fulltext-trace.ts over Neo4j's full-text index).
 *
 * The exact tier (trace.ts) decides, at each output word start i, by walking the run length l down from the longest
 * match: the clusters holding phrase(i, l) over the WHOLE corpus (more than `commonClusters` ends the walk: common),
 * and the eligible records holding it. So a local index over a few candidate records gives the very same spans when,
 * for every start i, with l_c(i) the longest length at which phrase(i, l) is common:
 *  - every record holding phrase(i, l) for l > l_c(i) is a candidate (the walk sees the same occurrences), and
 *  - phrase(i, l_c(i)) is seen in more than `commonClusters` clusters (the walk stops there, as it does globally).
 * The second needs no records: the local index adds `commonClusters + 1` stand-in documents of their own clusters that
 * hold the common phrases (candidate-corpus.ts). Stand-ins hold only common phrases and their parts, which are common
 * too, so they never change a walk above its common length.
 *
 * Commonness is monotone (a longer phrase has fewer holders), so each start asks phrase(i, minWords), then one word
 * longer while the answer is "common", round by round. Holders of phrase(i, l) also hold phrase(i + 1, l − 1): when
 * that was already found not common, phrase(i, l) is not common either and all its holders are candidates already,
 * so it is not asked (most starts inside a quoted passage stop after one query).
 */
import { UNKNOWN_TOKEN } from './vocabulary.js';

/** What an engine says about one phrase. */
export interface PhraseAnswer {
  /** Accepted records holding the phrase, counted up to the query's limit. */
  records: number;
  /** Distinct content clusters among them. */
  clusters: number;
  /** Their ids when the phrase is not common (empty otherwise). */
  recordIds: readonly string[];
  /** False when `records` reached the query's limit: the count is a lower bound. */
  complete: boolean;
}

export interface PhraseQuery {
  /** The phrase's canonical tokens, space-joined: the key of its answer. */
  phrase: string;
  /** Records to count at most (grows when an answer was cut off). */
  limit: number;
}

export interface PhraseSearchRule {
  minWords: number;
  /** A phrase held by more clusters than this is common (the rarity rule's commonClusters). */
  commonClusters: number;
  /** A phrase in at least this many records is common too (trace.ts's maxScan: its occurrences end the walk). */
  maxScan: number;
  /** Records counted by a first query; a cut-off answer that is not yet common is asked again with ten times more. */
  firstLimit: number;
}

export interface PhraseSearchResult {
  /** Records holding some phrase above its start's common length. */
  recordIds: Set<string>;
  /** Common phrases (canonical tokens), each phrase(i, l_c(i)). */
  commonPhrases: string[][];
  /** Phrase queries asked, and rounds (round trips). */
  queries: number;
  rounds: number;
}

/**
 * Runs the plan: `ask` answers a batch of phrase queries (one round trip). `words` are the output's canonical tokens,
 * `ids` their ids in the corpus vocabulary (UNKNOWN_TOKEN for a word no record holds: no phrase with it is asked).
 */
export async function searchPhrases(
  words: readonly string[],
  ids: Int32Array,
  rule: PhraseSearchRule,
  ask: (queries: PhraseQuery[]) => Promise<Map<string, PhraseAnswer>>,
): Promise<PhraseSearchResult> {
  const m = words.length;
  const { minWords } = rule;
  const recordIds = new Set<string>();
  const common = new Map<string, string[]>();
  // length[i]: the length start i asks next; notCommonFrom[i]: the first length at which phrase(i, ·) is not common
  // (Infinity while unknown). A start is open while notCommonFrom is unknown.
  const length = new Int32Array(m).fill(minWords);
  const notCommonFrom = new Float64Array(m).fill(Infinity);
  const limit = new Float64Array(m).fill(rule.firstLimit);
  const known = (i: number) => ids[i] !== UNKNOWN_TOKEN;
  const phraseOf = (i: number, l: number) => words.slice(i, i + l);
  /** Start i is settled: phrase(i, l) is not common; phrase(i, l − 1), if long enough, is its common phrase. */
  const settle = (i: number, l: number) => {
    notCommonFrom[i] = l;
    if (l > minWords) {
      const phrase = phraseOf(i, l - 1);
      common.set(phrase.join(' '), phrase);
    }
  };
  const open: number[] = [];
  for (let i = 0; i + minWords <= m; i++) {
    let allKnown = true;
    for (let t = i; t < i + minWords; t++) if (!known(t)) allKnown = false;
    if (allKnown) open.push(i);
    else notCommonFrom[i] = minWords;
  }
  for (let i = Math.max(0, m - minWords + 1); i < m; i++) notCommonFrom[i] = minWords;

  let queries = 0;
  let rounds = 0;
  let pending = open;
  while (pending.length > 0) {
    const asking = new Map<string, { query: PhraseQuery; starts: number[] }>();
    const next: number[] = [];
    // Right to left, so a start sees whether its right neighbour settled in an earlier round.
    for (const i of [...pending].sort((a, b) => b - a)) {
      const l = length[i]!;
      if (i + l > m || !known(i + l - 1)) {
        settle(i, l); // the text ends, or the new word is in no record: phrase(i, l) has no holder
        continue;
      }
      if (l > minWords && notCommonFrom[i + 1]! <= l - 1) {
        settle(i, l); // holders ⊆ those of phrase(i + 1, l − 1), not common and already candidates
        continue;
      }
      const phrase = phraseOf(i, l).join(' ');
      const entry = asking.get(phrase);
      if (entry) {
        entry.starts.push(i);
        entry.query.limit = Math.max(entry.query.limit, limit[i]!);
      } else asking.set(phrase, { query: { phrase, limit: limit[i]! }, starts: [i] });
    }
    if (asking.size === 0) break;
    rounds++;
    queries += asking.size;
    const answers = await ask([...asking.values()].map((a) => a.query));
    for (const [phrase, { query, starts }] of asking) {
      const answer = answers.get(phrase);
      if (!answer) throw new Error(`no answer for the phrase ${JSON.stringify(phrase)}`);
      const isCommon = answer.clusters > rule.commonClusters || answer.records >= rule.maxScan;
      for (const i of starts) {
        if (isCommon) {
          length[i] = length[i]! + 1;
          next.push(i);
        } else if (!answer.complete) {
          limit[i] = Math.min(rule.maxScan, query.limit * 10); // ask again, counting further
          next.push(i);
        } else {
          for (const id of answer.recordIds) recordIds.add(id);
          settle(i, length[i]!);
        }
      }
    }
    pending = next;
  }
  return { recordIds, commonPhrases: [...common.values()], queries, rounds };
}
