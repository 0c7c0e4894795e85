/**
 * What the paraphrase tier needs from a sentence-embedding model. The real one runs ONNX on the CPU
 * (api/embedding/onnx-embedder.ts); unit tests pass a deterministic fake so the engine is tested without a model.
 */
export interface Embedder {
  /** Names the model exactly (see EMBEDDING_MODEL_VERSION); keys cached vectors. */
  readonly modelVersion: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
