import { Bm25Index } from './bm25.js';
import { numbersOf, sentenceKey, splitSentences } from './sentences.js';

/**
 * The records the paraphrase tier can credit, cut into sentences, with a BM25 index over those sentences for
 * candidate retrieval. Holds no vectors: those come from an embedding cache (`SentenceVectors`), so the corpus is
 * rebuilt cheaply and the embeddings are computed once per distinct sentence and model.
 */
export interface SemanticRecord {
  id: string;
  text: string;
  /** When the record was accepted, as a sortable number (epoch ms, or a sequence): the earlier owns a tie. */
  acceptedAt: number;
}

export interface RecordSentence {
  /** Index of the record in `SemanticCorpus.records`. */
  record: number;
  start: number;
  end: number;
  text: string;
  /** `sentenceKey(modelVersion, text)`: what the vector is stored under. */
  key: string;
  /** Words in the sentence (the trace tokenizer's tokens). */
  words: number;
  /** Its number tokens (normalised): a paraphrase keeps the numbers of what it says. */
  numbers: string[];
}

/** Where the vectors of record sentences are kept (the embedding cache implements it). */
export interface SentenceVectors {
  vectorOf(key: string): Float32Array | undefined;
  /** The dot product of the stored vector with `vector` (their cosine: both are unit vectors), without copying it. */
  similarity(key: string, vector: Float32Array): number | undefined;
}

export interface CorpusOptions {
  /** Names the embedding model; part of each sentence's key. */
  modelVersion: string;
  /** Sentences with fewer words are not indexed: too short to be evidence of a paraphrase (default 6). */
  minWords?: number;
}

export class SemanticCorpus {
  readonly records: SemanticRecord[] = [];
  readonly sentences: RecordSentence[] = [];
  readonly bm25 = new Bm25Index();
  readonly modelVersion: string;
  readonly minWords: number;
  private readonly recordIndex = new Map<string, number>();

  constructor(options: CorpusOptions) {
    this.modelVersion = options.modelVersion;
    this.minWords = options.minWords ?? 6;
  }

  static build(records: Iterable<SemanticRecord>, options: CorpusOptions): SemanticCorpus {
    const corpus = new SemanticCorpus(options);
    corpus.add(records);
    return corpus;
  }

  /** Adds records (a record id already present is ignored: records are immutable once accepted). */
  add(records: Iterable<SemanticRecord>): void {
    for (const record of records) {
      if (this.recordIndex.has(record.id)) continue;
      const index = this.records.length;
      this.records.push(record);
      this.recordIndex.set(record.id, index);
      for (const sentence of splitSentences(record.text)) {
        if (sentence.terms.length < this.minWords) continue;
        const doc = this.bm25.add(sentence.terms);
        // BM25 document numbers are sentence indexes: both grow together.
        if (doc !== this.sentences.length) throw new Error('BM25 index and sentence list out of step');
        this.sentences.push({
          record: index,
          start: sentence.start,
          end: sentence.end,
          text: sentence.text,
          key: sentenceKey(this.modelVersion, sentence.text),
          words: sentence.terms.length,
          numbers: numbersOf(sentence.terms),
        });
      }
    }
  }

  recordNumber(id: string): number | undefined {
    return this.recordIndex.get(id);
  }
}
