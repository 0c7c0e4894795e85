/**
 * The trace index on disk, one file per tier (docs/architecture.md#the-trace-index-in-tiers): a head file (`file`:
 * metadata, word counts, clusters, the tiers' names) and each tier's arrays in `<file>.tiers/<name>`, every file in the
 * segmented layout of index-file.ts (read and written in 64 MiB pieces, checksummed). Tiers never change once built
 * and their names are fixed by the index's lineage and their document range, so a save writes only the tiers not on
 * disk yet (a new batch's, a merge's), then the head, then removes the files no head names any more: a crash at any
 * point leaves the previous head and every file it names.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SectionArray } from '../attribution/trace/binary-sections.js';
import { IndexFormatError } from '../attribution/trace/binary-sections.js';
import { CorpusIndex, INDEX_MAGIC, TIER_MAGIC, TIER_MAGIC_SHA256 } from '../attribution/trace/corpus-index.js';
import { CURRENT_TRACE_METHOD, type TraceMethod } from '../attribution/trace/trace-method.js';
import { readIndexFile, writeIndexFile, type Progress } from './index-file.js';

export function tierDirectory(file: string): string {
  return `${file}.tiers`;
}

/** Writes the tiers not on disk yet, then the head; removes tier files the head no longer names. Returns bytes written. */
export async function saveTieredIndex(file: string, index: CorpusIndex, progress?: Progress): Promise<{ written: number; tiers: number }> {
  const { head, tiers } = index.toSegments();
  const dir = tierDirectory(file);
  await mkdir(dir, { recursive: true });
  const present = new Set(await readdir(dir));
  let written = 0;
  let count = 0;
  for (const tier of tiers) {
    if (present.has(tier.name)) continue;
    await writeIndexFile(join(dir, tier.name), TIER_MAGIC, tier.meta, tier.arrays, progress);
    written += tier.arrays.reduce((n, a) => n + a.byteLength, 0);
    count++;
  }
  await writeIndexFile(file, INDEX_MAGIC, head.meta, head.arrays);
  const named = new Set(tiers.map((t) => t.name));
  for (const name of present) if (!named.has(name)) await rm(join(dir, name), { force: true });
  return { written, tiers: count };
}

/**
 * Tier files read at the same time by a cold load. Each read hashes one piece while the next is read, so with two
 * files in flight the disk always has a read queued while the event loop hashes (bench/trace-index.ts measures it).
 */
export const PARALLEL_TIER_READS = 2;

/**
 * Reads the head and every tier it names (or a format-3 file, whose arrays are inline), PARALLEL_TIER_READS tier files
 * at a time. Throws IndexFormatError when any file is missing, damaged, of another format, or does not match the head.
 */
export async function loadTieredIndex(
  file: string,
  method: TraceMethod = CURRENT_TRACE_METHOD,
  progress?: Progress,
  parallel = PARALLEL_TIER_READS,
): Promise<CorpusIndex> {
  const head = await readIndexFile(file, INDEX_MAGIC);
  const lineage = (head.meta as { lineage?: string }).lineage;
  const tiers = ((head.meta as { tiers?: Array<{ file?: string; docs: number; tokens: number }> }).tiers ?? []).filter((t) => t.file);
  const paths = tiers.map((t) => join(tierDirectory(file), t.file!));
  // Progress over all the files together: a cold load of 10^9 tokens is ~8 GiB in several files.
  let total = 0;
  for (const path of paths) total += await stat(path).then((s) => s.size, () => 0);
  const done = paths.map(() => 0);
  const report = () => progress?.(done.reduce((a, b) => a + b, 0), total);
  const loaded: SectionArray[][] = paths.map(() => []);
  let next = 0;
  let failed = false;
  const readTiers = async () => {
    // Each reader takes the next file until none is left or another reader failed (no reading on for nothing).
    while (!failed && next < paths.length) {
      const k = next++;
      const path = paths[k]!;
      try {
        const tier = await readIndexFile(path, [TIER_MAGIC, TIER_MAGIC_SHA256], progress && ((bytes) => ((done[k] = bytes), report())));
        const meta = tier.meta as { lineage?: string; docs?: number; tokens?: number };
        const expected = tiers[k]!;
        if (meta.docs !== expected.docs || meta.tokens !== expected.tokens || meta.lineage !== lineage) {
          throw new IndexFormatError(`tier file ${path} does not match the index head`);
        }
        loaded[k] = tier.arrays;
      } catch (error) {
        failed = true;
        throw (error as NodeJS.ErrnoException).code === 'ENOENT' ? new IndexFormatError(`tier file ${path} is missing`) : error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, paths.length)) }, readTiers));
  return CorpusIndex.fromSections(head.meta, [...head.arrays, ...loaded.flat()], method);
}
