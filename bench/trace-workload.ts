/**
 * The trace benchmarks' workload (bench/trace.ts, trace-index.ts, trace-fulltext.ts): a deterministic synthetic corpus
 * of a given size and planted 500-token outputs, so every trace row traces the same kind of text.
 */
import type { CorpusRecord } from '../api/attribution/trace/corpus-index.js';
import { tokenize } from '../api/attribution/trace/tokenize.js';
import { plantOutputs } from '../test/unit/trace/planted-outputs.js';
import { generateRecords } from '../test/unit/trace/synthetic-corpus.js';

export const OUTPUT_TOKENS = 500;

/** Synthetic records until their text holds `target` words. */
export function recordsWithWords(target: number, seed: number): CorpusRecord[] {
  const records: CorpusRecord[] = [];
  let words = 0;
  for (const record of generateRecords({ seed, records: Number.MAX_SAFE_INTEGER })) {
    records.push(record);
    words += record.text.split(' ').length;
    if (words >= target) break;
  }
  return records;
}

/** Outputs of OUTPUT_TOKENS tokens: ~10 corpus passages of 8–30 words between filler sentences. */
export function outputsOf(records: CorpusRecord[], count: number): string[] {
  return plantOutputs(records, { seed: 7, outputs: count, minPassages: 12, maxPassages: 12 }).map(({ text }) => {
    const tokens = tokenize(text);
    if (tokens.length < OUTPUT_TOKENS) throw new Error(`output has only ${tokens.length} tokens`);
    return text.slice(0, tokens[OUTPUT_TOKENS - 1]!.end);
  });
}
