import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusService } from '../../api/corpus/corpus-service.js';
import { buildDemoPlan } from '../../seed/demo-plan.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, M, member, passage } from './support/contributions.js';
import { testGraph } from './support/graph.js';

// The trace index saved beside the API and read back at the next start (docs/architecture.md#the-trace-index-in-tiers):
// built from the real Neo4j, loaded without a rebuild, caught up with what was accepted since, same answers.
const ADMIN = 'test-admin-key-corpus-persistence';
const plan = buildDemoPlan();
const accepted = plan.records.filter((r) => r.status === 'ACCEPTED');
const quoting = plan.outputs.find((o) => o.attribution.records.length > 0)!;
let api: TestApi;
let dir: string;
let file: string;

function service(): { corpus: CorpusService; lines: string[] } {
  const lines: string[] = [];
  return { corpus: new CorpusService(testGraph(), { file, log: (line) => lines.push(line) }), lines };
}
const attribute = (corpus: CorpusService) => corpus.attribute(quoting.text, { training: null });

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
  dir = mkdtempSync(join(tmpdir(), 'strata-corpus-'));
  file = join(dir, 'index.bin');
});
afterAll(async () => {
  await api?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the persisted trace index', () => {
  let built: Awaited<ReturnType<typeof attribute>>;

  it('is built from Neo4j on the first start and saved, records in columns', async () => {
    const { corpus, lines } = service();
    built = await attribute(corpus);
    await corpus.close();
    expect(corpus.recordCount).toBe(accepted.length);
    expect(lines.some((l) => l.includes('loaded from'))).toBe(false);
    expect(existsSync(file)).toBe(true);
    const records = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8'));
    expect(records.format).toBe(2);
    expect(records.acceptedAtMs).toHaveLength(accepted.length);
    expect(new Set(records.datanets)).toEqual(new Set(accepted.map((r) => r.datanetId)));
  });

  it('is read back at the next start, without a rebuild, with the same attribution', async () => {
    const { corpus, lines } = service();
    expect(await attribute(corpus)).toEqual(built);
    await corpus.close();
    expect(lines).toContainEqual(expect.stringContaining(`loaded from ${file} (${accepted.length} records)`));
    expect(lines.some((l) => l.includes('rebuilding'))).toBe(false);
  });

  it('catches up with records accepted since it was saved, and saves them', async () => {
    const alice = await member(api.url, ADMIN, 'alice_persist', ['CONTRIBUTOR']);
    const net = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Persisted', description: 'Records accepted after the index was saved.', admission: 'OPEN' } }, ADMIN)).createDatanet.datanet;
    const submitted = expectOk(await gql(api.url, M.submitRecords, { input: { datanetId: net.id, records: [0, 1, 2].map((k) => ({ text: passage(`persist${k}`), license: 'CC0-1.0' })) } }, alice.key));
    expect(submitted.submitRecords.records.map((r: { status: string }) => r.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);

    const first = service();
    await attribute(first.corpus);
    await first.corpus.close();
    expect(first.corpus.recordCount).toBe(accepted.length + 3);
    expect(first.lines).toContainEqual(expect.stringContaining('+3 records'));

    // The next start finds the three in the file: nothing to catch up.
    const second = service();
    await attribute(second.corpus);
    await second.corpus.close();
    expect(second.corpus.recordCount).toBe(accepted.length + 3);
    expect(second.lines).toContainEqual(expect.stringContaining(`(${accepted.length + 3} records)`));
    expect(second.lines.some((l) => l.includes('+3 records'))).toBe(false);
  });

  it('still reads a records file in the first layout (one object per record)', async () => {
    const { corpus: probe } = service();
    const expected = await attribute(probe);
    await probe.close();
    const columns = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8'));
    const meta = [...(probe as unknown as { meta: Map<string, object> }).meta.values()];
    writeFileSync(`${file}.meta.json`, JSON.stringify({ digest: columns.digest, watermarkMs: columns.watermarkMs, meta }));
    const { corpus, lines } = service();
    expect(await attribute(corpus)).toEqual(expected);
    await corpus.close();
    expect(lines).toContainEqual(expect.stringContaining(`loaded from ${file} (${meta.length} records)`));
    expect(lines.some((l) => l.includes('rebuilding'))).toBe(false);
  });
});
