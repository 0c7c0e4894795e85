import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import type { Embedder } from '../attribution/semantic/embedder.js';
import { meanPoolNormalized } from '../attribution/semantic/vectors.js';
import { WordPieceTokenizer } from '../attribution/semantic/wordpiece.js';
import { EMBEDDING_MODEL, EMBEDDING_MODEL_VERSION, embeddingModelDir } from './embedding-model.js';

/** Whether the paraphrase tier can run, and if not, why: a missing model switches the tier off, it is never an error. */
export type SemanticTierStatus = { state: 'on'; modelVersion: string } | { state: 'off'; reason: string };

export type SemanticTier = { status: Extract<SemanticTierStatus, { state: 'on' }>; embedder: OnnxEmbedder } | { status: Extract<SemanticTierStatus, { state: 'off' }>; embedder: null };

export interface LoadOptions {
  /** The folder with model.onnx and tokenizer.json (default `.strata/models/<artifact>-<version>`). */
  dir?: string;
  /** Switch the tier off without looking for the model (STRATA_SEMANTIC=off). */
  disabled?: boolean;
  /**
   * Texts per ONNX run (default 1). The model quantises its activations dynamically, over the whole batch: a text's
   * vector then depends on what it was batched with (cosine 0.992 to itself alone, measured). One text per run keeps
   * every vector a function of its text, which cached and re-verifiable embeddings need. It may cost throughput
   * (bench/semantic.ts measures both; on a loaded 2-core machine one run gave 60 vs 92 sentences/s, another 57 vs 36).
   */
  batchSize?: number;
  /** ONNX Runtime's intra-op threads (default: its own choice, one per core). */
  threads?: number;
}

const off = (reason: string): SemanticTier => ({ status: { state: 'off', reason }, embedder: null });

/**
 * Loads the pinned model when it is present and intact; otherwise the tier is off with the reason. Never throws:
 * a fresh clone without the model, a changed file or an ONNX Runtime that fails to load all mean "off".
 */
export async function loadSemanticTier(options: LoadOptions = {}): Promise<SemanticTier> {
  if (options.disabled) return off('switched off (STRATA_SEMANTIC=off)');
  const dir = options.dir ?? embeddingModelDir();
  let model: Buffer;
  let tokenizerJson: Buffer;
  try {
    [model, tokenizerJson] = await Promise.all([readFile(join(dir, EMBEDDING_MODEL.files.model.name)), readFile(join(dir, EMBEDDING_MODEL.files.tokenizer.name))]);
  } catch {
    return off(`the embedding model is not in ${dir} (run npm run model:fetch)`);
  }
  for (const [data, file] of [[model, EMBEDDING_MODEL.files.model], [tokenizerJson, EMBEDDING_MODEL.files.tokenizer]] as const) {
    if (createHash('sha256').update(data).digest('hex') !== file.sha256) {
      return off(`${join(dir, file.name)} is not the pinned ${EMBEDDING_MODEL_VERSION} (SHA-256 differs; run npm run model:fetch after deleting it)`);
    }
  }
  try {
    const tokenizer = WordPieceTokenizer.fromTokenizerJson(JSON.parse(tokenizerJson.toString('utf8')), { maxTokens: EMBEDDING_MODEL.maxTokens });
    // Imported here, not at the top: a platform without the native binary must switch the tier off, not stop the API.
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(model, {
      graphOptimizationLevel: 'all',
      ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    });
    const embedder = new OnnxEmbedder(session, ort.Tensor, tokenizer, options.batchSize ?? 1);
    return { status: { state: 'on', modelVersion: EMBEDDING_MODEL_VERSION }, embedder };
  } catch (error) {
    return off(`the embedding model could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

type TensorConstructor = typeof import('onnxruntime-node').Tensor;

/** all-MiniLM-L6-v2 on ONNX Runtime (CPU): WordPiece ids → last hidden state → mean pooling → unit vectors. */
export class OnnxEmbedder implements Embedder {
  readonly modelVersion = EMBEDDING_MODEL_VERSION;
  readonly dimensions = EMBEDDING_MODEL.dimensions;

  constructor(
    private readonly session: InferenceSession,
    private readonly Tensor: TensorConstructor,
    readonly tokenizer: WordPieceTokenizer,
    private readonly batchSize: number,
  ) {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const encoded = texts.map((text) => this.tokenizer.encode(text));
    // Batches (when asked for) of similar lengths waste less work on padding; results go back in the caller's order.
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.length - encoded[b]!.length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let from = 0; from < order.length; from += this.batchSize) {
      const batch = order.slice(from, from + this.batchSize);
      const pooled = await this.run(batch.map((i) => encoded[i]!));
      batch.forEach((i, k) => (vectors[i] = pooled[k]!));
    }
    return vectors;
  }

  private async run(sequences: number[][]): Promise<Float32Array[]> {
    const batch = sequences.length;
    const length = Math.max(...sequences.map((s) => s.length));
    const ids = new BigInt64Array(batch * length).fill(BigInt(this.tokenizer.pad));
    const mask = new BigInt64Array(batch * length);
    sequences.forEach((sequence, b) =>
      sequence.forEach((id, t) => {
        ids[b * length + t] = BigInt(id);
        mask[b * length + t] = 1n;
      }),
    );
    const shape = [batch, length];
    const result = await this.session.run({
      input_ids: new this.Tensor('int64', ids, shape),
      attention_mask: new this.Tensor('int64', mask, shape),
      token_type_ids: new this.Tensor('int64', new BigInt64Array(batch * length), shape),
    });
    const hidden = result.last_hidden_state;
    if (!hidden) throw new Error('the model returned no last_hidden_state');
    return meanPoolNormalized(hidden.data as Float32Array, mask, batch, length, this.dimensions);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
