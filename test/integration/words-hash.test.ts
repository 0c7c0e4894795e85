import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORDS_HASH_VERSION, wordsHash } from '../../api/attribution/trace/words-hash.js';
import { backfillWordsHashes } from '../../api/use-cases/backfill-words-hashes.js';
import { buildDemoPlan } from '../../seed/demo-plan.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { testGraph } from './support/graph.js';

// The words hash end to end (docs/architecture.md#the-words-hash): recordOutput stores it, outputByContent finds an
// output from the words of its rendered page, and the backfill at start repairs missing and stale hashes.
const ADMIN = 'test-admin-key-words-hash';
const plan = buildDemoPlan();
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
});
afterAll(async () => {
  await api.stop();
});

const BY_WORDS = 'query($w: String!) { outputByContent(wordsHash: $w) { id text } }';

async function stored(id: string): Promise<{ wordsHash: string | null; wordsHashVersion: string | null }> {
  const [row] = await testGraph().read<{ w: string | null; v: string | null }>('MATCH (o:Output {id: $id}) RETURN o.wordsHash AS w, o.wordsHashVersion AS v', { id });
  return { wordsHash: row!.w, wordsHashVersion: row!.v };
}

describe('words hash', () => {
  it('recordOutput stores it; the rendered page\'s words find the output, its exact text still works', async () => {
    const markdown = [
      '## 1. Where the tide turns',
      'The **copper herons** argue about the [evening tide](https://example.com/tide "Tides") every night.',
      '1. Quartz lanterns shimmer\n2. Velvet harbour walls',
      '```python\nprint("the harbour at dusk")\n```',
      '| Bird | Count |\n|---|---|\n| heron | 7 |',
    ].join('\n\n');
    const rendered = '1. Where the tide turns\nThe copper herons argue about the evening tide every night.\nQuartz lanterns shimmer\nVelvet harbour walls\nprint("the harbour at dusk")\n\tBird\tCount\n\theron\t7';
    const model = plan.models[0]!;
    const res = await gql(api.url, 'mutation($m: ID!, $t: String!) { recordOutput(input: {modelId: $m, text: $t}) { output { id contentHash } } }', { m: `Model:${model.id}`, t: markdown }, ADMIN);
    expect(res.errors).toBeUndefined();
    const output = res.data.recordOutput.output;
    const localId = String(output.id).replace(/^Output:/, '');
    expect(await stored(localId)).toEqual({ wordsHash: await wordsHash(markdown), wordsHashVersion: WORDS_HASH_VERSION });

    const found = await gql(api.url, BY_WORDS, { w: (await wordsHash(rendered))! });
    expect(found.errors).toBeUndefined();
    expect(found.data.outputByContent).toEqual({ id: output.id, text: markdown });
    // The page text's character hash is another: only the words hash finds it.
    const byText = await gql(api.url, 'query($t: String!) { outputByContent(text: $t) { id } }', { t: rendered });
    expect(byText.data.outputByContent).toBeNull();
    const exact = await gql(api.url, 'query($h: String!) { outputByContent(contentHash: $h) { id } }', { h: output.contentHash });
    expect(exact.data.outputByContent.id).toBe(output.id);
  });

  it('the seeds write it; the backfill at start fills missing and other-version hashes, batch by batch, and then finds nothing', async () => {
    const [a, b, c] = plan.outputs;
    for (const o of [a!, b!, c!]) expect(await stored(o.id)).toEqual({ wordsHash: await wordsHash(o.text), wordsHashVersion: WORDS_HASH_VERSION });
    await testGraph().write(async (tx) => {
      await tx.run('MATCH (o:Output {id: $id}) REMOVE o.wordsHash, o.wordsHashVersion', { id: a!.id });
      await tx.run("MATCH (o:Output {id: $id}) SET o.wordsHash = 'stale', o.wordsHashVersion = '0.0'", { id: b!.id });
    });
    expect((await gql(api.url, BY_WORDS, { w: (await wordsHash(b!.text))! })).data.outputByContent).toBeNull();

    expect(await backfillWordsHashes(testGraph(), { batchSize: 1 })).toBe(2);
    for (const o of [a!, b!]) expect(await stored(o.id)).toEqual({ wordsHash: await wordsHash(o.text), wordsHashVersion: WORDS_HASH_VERSION });
    expect((await gql(api.url, BY_WORDS, { w: (await wordsHash(b!.text))! })).data.outputByContent.id).toBe(`Output:${b!.id}`);
    expect(await backfillWordsHashes(testGraph())).toBe(0);
  });
});
