/**
 * The trace index on disk one file per tier (api/corpus/tier-files.ts): a cold load traces like the index saved; a save
 * writes only the tiers not on disk yet and removes the ones merged away; a missing or foreign tier file is refused;
 * an old single-file index (format 3) still loads.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexFormatError, packSections } from '../../../api/attribution/trace/binary-sections.js';
import { CorpusIndex, INDEX_MAGIC, mergeTiers } from '../../../api/attribution/trace/corpus-index.js';
import { loadTieredIndex, saveTieredIndex, tierDirectory } from '../../../api/corpus/tier-files.js';
import { plantOutputs } from '../trace/planted-outputs.js';
import { generateRecords } from '../trace/synthetic-corpus.js';

const records = [...generateRecords({ seed: 41, records: 600 })];
const outputs = plantOutputs(records, { seed: 3, outputs: 12 }).map((o) => o.text);
const traces = (index: CorpusIndex) => outputs.map((text) => index.trace(text));

describe('tier files', () => {
  it('a cold load of every tier traces like the index saved; saves write only new tiers and drop merged ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-tiers-'));
    const file = join(dir, 'index.bin');
    const index = new CorpusIndex({ merges: 'deferred' });
    for (let at = 0; at < 400; at += 100) index.addBatch(records.slice(at, at + 100));
    const first = await saveTieredIndex(file, index);
    expect(first.tiers).toBe(4);
    expect(readdirSync(tierDirectory(file))).toHaveLength(4);
    const loaded = await loadTieredIndex(file);
    expect(loaded.shards).toHaveLength(4);
    expect(loaded.digest()).toBe(index.digest());
    expect(traces(loaded)).toEqual(traces(index));

    index.addBatch(records.slice(400, 450));
    expect((await saveTieredIndex(file, index)).tiers).toBe(1); // only the new batch's tier
    const plan = index.planMerge()!;
    index.installMerge(plan, mergeTiers(plan.tiers));
    const afterMerge = await saveTieredIndex(file, index);
    expect(afterMerge.tiers).toBe(1); // the merged tier
    expect(readdirSync(tierDirectory(file))).toHaveLength(index.shards.length); // merged-away files removed
    const reloaded = await loadTieredIndex(file);
    expect(reloaded.shards.map((s) => s.index.length)).toEqual(index.shards.map((s) => s.index.length));
    expect(traces(reloaded)).toEqual(traces(index));
    // A loaded index keeps its lineage, so its next save reuses the files on disk.
    reloaded.addBatch(records.slice(450, 460));
    expect((await saveTieredIndex(file, reloaded)).tiers).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a head whose tier file is missing or belongs to another index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-tiers-'));
    const file = join(dir, 'index.bin');
    const index = new CorpusIndex({ merges: 'deferred' });
    index.addBatch(records.slice(0, 100));
    index.addBatch(records.slice(100, 150));
    await saveTieredIndex(file, index);
    const [name] = readdirSync(tierDirectory(file)).sort();
    rmSync(join(tierDirectory(file), name!));
    await expect(loadTieredIndex(file)).rejects.toBeInstanceOf(IndexFormatError);
    // Another lineage's tier of the same size under the expected name.
    const other = new CorpusIndex({ merges: 'deferred' });
    other.addBatch(records.slice(0, 100));
    const segment = other.toSegments().tiers[0]!;
    const { writeIndexFile } = await import('../../../api/corpus/index-file.js');
    await writeIndexFile(join(tierDirectory(file), name!), 'STRTIER1', segment.meta, segment.arrays);
    await expect(loadTieredIndex(file)).rejects.toThrow(/does not match/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads an old single-file index (format 3: a main array and a delta)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-tiers-'));
    const file = join(dir, 'index.bin');
    const index = new CorpusIndex({ mergeFraction: 0.5 });
    index.addBatch(records.slice(0, 300));
    index.addBatch(records.slice(300, 350));
    const { meta, arrays } = index.toSections() as { meta: Record<string, unknown>; arrays: Array<Int32Array | Float64Array> };
    const v3 = { ...meta, format: 3, mainDocs: 300, hasMain: true, hasDelta: true };
    const parts = index.shards.flatMap(({ index: t }) => [t.tokens, t.sa, t.docStarts]);
    writeFileSync(file, packSections(INDEX_MAGIC, v3, [arrays[0]!, arrays[1]!, ...parts]));
    const loaded = await loadTieredIndex(file);
    expect(traces(loaded)).toEqual(traces(index));
    expect(existsSync(tierDirectory(file))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
