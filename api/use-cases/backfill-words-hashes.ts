/**
 * At start: gives every output a words hash of the current version (docs/architecture.md#the-words-hash). Outputs
 * recorded before words hashes existed have none; when the tokenizer changes (`TOKENIZER_VERSION`), every stored hash
 * is of the old version and would no longer match what the extension computes. Batched, one write transaction per
 * batch, so a large graph never holds one huge transaction; idempotent (a batch done is not found again).
 */
import { WORDS_HASH_VERSION, wordsHash } from '../attribution/trace/words-hash.js';
import type { GraphStore } from '../store/graph-store.js';
import { setWordsHashes, staleWordsHashes } from '../store/outputs.js';

export async function backfillWordsHashes(graph: GraphStore, options: { batchSize?: number; log?: (line: string) => void } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let done = 0;
  for (;;) {
    const n = await graph.write(async (tx) => {
      const stale = await staleWordsHashes(tx, WORDS_HASH_VERSION, batchSize);
      const rows = await Promise.all(stale.map(async (o) => ({ id: o.id, wordsHash: await wordsHash(o.text) })));
      await setWordsHashes(tx, WORDS_HASH_VERSION, rows);
      return rows.length;
    });
    done += n;
    if (n < batchSize) break;
  }
  if (done > 0) options.log?.(`Words hashes (version ${WORDS_HASH_VERSION}) computed for ${done} outputs.`);
  return done;
}
