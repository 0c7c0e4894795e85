/**
 * A small trace corpus over the candidate records a phrase search found (phrase-search.ts): their tokens in one
 * suffix array, the corpus-wide vocabulary (ids and counts), and stand-ins for the common phrases. Tracing over it
 * with the ordinary tracer (trace.ts) gives the whole corpus's EXACT spans (docs/architecture.md#the-full-text-candidate-path).
 *
 * Why the spans are the same, beyond phrase-search.ts's argument:
 *  - word ids and counts are the corpus's (the vocabulary is the whole corpus's unigram model), so surprisal, the
 *    rarity rule and the suffix order of occurrences are the same;
 *  - candidates are added in the index's document order (acceptance order), so separators keep their relative order,
 *    documents their relative numbers, and the first occurrence met in a record (a span's source offset) is the same;
 *  - each common phrase is held by `commonClusters + 1` stand-in documents, each its own cluster and never eligible,
 *    so the walk stops at the same length with the same "common" verdict and no stand-in is ever credited.
 */
import { SuffixArray } from './suffix-array.js';
import { TokenStreamBuilder } from './token-stream.js';
import { forEachToken } from './tokenize.js';
import { traceText, type TraceCorpus, type TraceOptions, type TraceResult } from './trace.js';
import type { TraceMethod } from './trace-method.js';
import type { Vocabulary } from './vocabulary.js';

/** A candidate record: its canonical tokens and where it is in the index's acceptance order. */
export interface CandidateRecord {
  recordId: string;
  clusterId: string;
  /** The record's canonical tokens (canonicalTokenText), space-joined. */
  tokens: string;
  acceptedAtMs: number;
}

/** A record's canonical token sequence, space-joined: what the full-text index holds and phrase queries match. */
export function canonicalTokenText(text: string, method: TraceMethod): string {
  const words: string[] = [];
  forEachToken(text, (norm) => words.push(norm), method.tokenizer);
  return words.join(' ');
}

/** Stand-in record ids start with a character no record id has. */
const STAND_IN = '\u0000common-phrase-holder:';

export class CandidateCorpus implements TraceCorpus {
  readonly shards: ReadonlyArray<{ index: SuffixArray; docBase: number }>;
  readonly documentCount: number;
  private readonly recordIds: string[] = [];
  private readonly clusters: Int32Array;
  private readonly clusterNames: string[] = [];
  /** Documents from this number on are stand-ins. */
  readonly standInsFrom: number;

  constructor(
    readonly method: TraceMethod,
    readonly vocabulary: Vocabulary,
    candidates: readonly CandidateRecord[],
    commonPhrases: ReadonlyArray<readonly string[]>,
    commonClusters: number,
  ) {
    if (method.sentenceSeparators) throw new Error(`the full-text candidate path serves span-trace/2 and later, not ${method.version}`);
    const ordered = [...candidates].sort((a, b) => a.acceptedAtMs - b.acceptedAtMs || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
    const stream = new TokenStreamBuilder();
    const clusterIndex = new Map<string, number>();
    const clusterOfDoc: number[] = [];
    const intern = (name: string) => {
      let c = clusterIndex.get(name);
      if (c === undefined) {
        c = this.clusterNames.length;
        clusterIndex.set(name, c);
        this.clusterNames.push(name);
      }
      return c;
    };
    for (const record of ordered) {
      stream.beginDocument();
      if (record.tokens.length > 0) {
        for (const word of record.tokens.split(' ')) {
          const id = vocabulary.idOf(word);
          if (id < 0) throw new Error(`record ${record.recordId} holds a word the vocabulary does not know: ${JSON.stringify(word)}`);
          stream.pushToken(id);
        }
      }
      stream.endDocument();
      this.recordIds.push(record.recordId);
      clusterOfDoc.push(intern(record.clusterId));
    }
    this.standInsFrom = this.recordIds.length;
    if (commonPhrases.length > 0) {
      for (let k = 0; k <= commonClusters; k++) {
        stream.beginDocument();
        for (const phrase of commonPhrases) {
          for (const word of phrase) stream.pushToken(vocabulary.idOf(word));
          stream.endSentence(); // a separator: no match runs from one common phrase into the next
        }
        stream.endDocument();
        this.recordIds.push(`${STAND_IN}${k}`);
        clusterOfDoc.push(intern(`${STAND_IN}${k}`));
      }
    }
    const parts = stream.finish();
    this.shards = [{ index: SuffixArray.build(parts.tokens, parts.docStarts), docBase: 0 }];
    this.documentCount = this.recordIds.length;
    this.clusters = Int32Array.from(clusterOfDoc);
  }

  recordIdOf(doc: number): string {
    const id = this.recordIds[doc];
    if (id === undefined) throw new RangeError(`no document ${doc}`);
    return id;
  }

  clusterOf(doc: number): number {
    return this.clusters[doc]!;
  }

  clusterName(cluster: number): string {
    return this.clusterNames[cluster]!;
  }

  /** The exact tier over the candidates: the NEAR tier needs other candidates (two-word seeds) and is not served. */
  trace(text: string, options: TraceOptions = {}): TraceResult {
    const eligible = options.eligible;
    return traceText(this, text, {
      ...options,
      near: false,
      eligible: (recordId) => !recordId.startsWith(STAND_IN) && (eligible ? eligible(recordId) : true),
    });
  }
}
