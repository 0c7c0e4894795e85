/**
 * The index file written and read in pieces (api/corpus/index-file.ts): byte for byte the layout `serialize` packs,
 * read back into the same index, chunk sizes that split every array, and any damage refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexFormatError } from '../../../api/attribution/trace/binary-sections.js';
import { CorpusIndex, INDEX_MAGIC } from '../../../api/attribution/trace/corpus-index.js';
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
});
