import { WORDS_HASH_VERSION, wordsHash } from '../api/attribution/trace/words-hash.js';
import type { OutputImport } from '../api/store/outputs.js';

/** Seeded outputs carry the words hash recordOutput writes (docs/architecture.md#the-words-hash), so the graphs agree. */
export async function withWordsHashes(rows: ReadonlyArray<Omit<OutputImport, 'wordsHash' | 'wordsHashVersion'>>): Promise<OutputImport[]> {
  return Promise.all(rows.map(async (o) => ({ ...o, wordsHash: await wordsHash(o.text), wordsHashVersion: WORDS_HASH_VERSION })));
}
