/**
 * The index file written and read in pieces (api/corpus/index-file.ts): byte for byte the layout `serialize` packs,
 * read back into the same index, chunk sizes that split every array, and any damage refused.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexFormatError } from '../../../api/attribution/trace/binary-sections.js';
import { CorpusIndex, INDEX_MAGIC, TIER_MAGIC, TIER_MAGIC_SHA256 } from '../../../api/attribution/trace/corpus-index.js';
import { readIndexFile, writeIndexFile } from '../../../api/corpus/index-file.js';
import { plantOutputs } from '../trace/planted-outputs.js';
import { generateRecords } from '../trace/synthetic-corpus.js';

const records = [...generateRecords({ seed: 31, records: 400 })];
const index = new CorpusIndex();
for (let at = 0; at < records.length; at += 150) index.addBatch(records.slice(at, at + 150));

describe('index file in pieces', () => {
  it('writes what serialize packs, and reads back an index that traces identically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-index-'));
    for (const chunk of [1000, 4093, 1 << 20]) {
      const file = join(dir, `index-${chunk}.bin`);
      const { meta, arrays } = index.toSections();
      const seen: number[] = [];
      await writeIndexFile(file, INDEX_MAGIC, meta, arrays, (done) => seen.push(done), chunk);
      expect(readFileSync(file).equals(index.serialize())).toBe(true);
      expect(seen.at(-1)).toBe(readFileSync(file).length - 32);
      const read = await readIndexFile(file, INDEX_MAGIC, undefined, chunk);
      const restored = CorpusIndex.fromSections(read.meta, read.arrays);
      expect(restored.digest()).toBe(index.digest());
      for (const output of plantOutputs(records, { seed: 2, outputs: 10 })) expect(restored.trace(output.text)).toEqual(index.trace(output.text));
    }
  });

  it('refuses a truncated or altered file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-index-'));
    const bytes = index.serialize();
    const truncated = join(dir, 'truncated.bin');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    await expect(readIndexFile(truncated, INDEX_MAGIC)).rejects.toBeInstanceOf(IndexFormatError);
    const altered = join(dir, 'altered.bin');
    const copy = Buffer.from(bytes);
    copy[copy.length - 200]! ^= 1;
    writeFileSync(altered, copy);
    await expect(readIndexFile(altered, INDEX_MAGIC)).rejects.toThrow(/checksum/);
  });

  it('tier files end in a CRC-32 of their bytes; the SHA-256 ones written before still read, and damage to either is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-index-'));
    const { tiers } = index.toSegments();
    const tier = tiers[0]!;
    const file = join(dir, 'tier');
    await writeIndexFile(file, TIER_MAGIC, tier.meta, tier.arrays, undefined, 4093);
    const bytes = readFileSync(file);
    const body = bytes.subarray(0, bytes.length - 32);
    expect(body.toString('latin1', 0, 8)).toBe(TIER_MAGIC);
    expect(bytes.readUInt32LE(bytes.length - 32)).toBe(crc32(body));
    expect(bytes.subarray(bytes.length - 28).every((b) => b === 0)).toBe(true);
    const read = await readIndexFile(file, [TIER_MAGIC, TIER_MAGIC_SHA256], undefined, 4093);
    expect(read.arrays.map((a) => Array.from(a))).toEqual(tier.arrays.map((a) => Array.from(a)));

    // The same file as the first tier format wrote it: STRTIER1, SHA-256.
    const older = Buffer.concat([Buffer.from(TIER_MAGIC_SHA256, 'latin1'), body.subarray(8)]);
    const olderFile = join(dir, 'older');
    writeFileSync(olderFile, Buffer.concat([older, createHash('sha256').update(older).digest()]));
    expect((await readIndexFile(olderFile, [TIER_MAGIC, TIER_MAGIC_SHA256])).arrays.map((a) => Array.from(a))).toEqual(read.arrays.map((a) => Array.from(a)));
    // A CRC trailer under the old magic, an altered byte, a magic not asked for: refused.
    writeFileSync(olderFile, Buffer.concat([older, bytes.subarray(bytes.length - 32)]));
    await expect(readIndexFile(olderFile, [TIER_MAGIC, TIER_MAGIC_SHA256])).rejects.toThrow(/checksum/);
    const altered = Buffer.from(bytes);
    altered[altered.length - 100]! ^= 4;
    writeFileSync(file, altered);
    await expect(readIndexFile(file, [TIER_MAGIC, TIER_MAGIC_SHA256])).rejects.toThrow(/checksum/);
    await expect(readIndexFile(file, INDEX_MAGIC)).rejects.toThrow(/not a STRTRC01 file/);
  });
});
