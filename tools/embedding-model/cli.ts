import { ensureEmbeddingModel } from './fetch-model.js';

// `npm run model:fetch`: fetch the paraphrase tier's sentence-embedding model into .strata/models/ (once).
try {
  const dir = await ensureEmbeddingModel();
  console.log(`The embedding model is in ${dir}.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
