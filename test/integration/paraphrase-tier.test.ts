/**
 * The paraphrase (SEMANTIC) tier in the running API, with the real model (fetched by the global setup) on a real
 * Neo4j seeded with the demo graph: traceText credits a reworded sentence of a Factbook record, recordOutput stores
 * and logs the model it ran, verifyAttribution recomputes it, and a server without the tier says precisely why it
 * cannot verify that attribution (docs/architecture.md#the-paraphrase-tier-semantic).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EMBEDDING_MODEL_VERSION } from '../../api/embedding/embedding-model.js';
import { gql, startTestApi, type TestApi } from './support/api.js';

const ADMIN = 'test-admin-key-paraphrase';
// The Argentina background in the demo corpus says: "After Bolivia, Paraguay, and Uruguay went their separate ways,
// the area that remained became Argentina." Reworded (cosine 0.90 with the pinned model), quoting no 4 words of it.
const REWORDED = 'When Bolivia, Paraguay and Uruguay separated, the remaining territory formed Argentina.';
const OUTPUT = `Here is a short history. ${REWORDED}`;

const TRACE = `query($t: String!) { traceText(text: $t) { spans { kind similarity text records { id } }
  attribution { methodVersion embeddingModel coverageByKind { kind coverage } records { record { id } share } } } }`;

const off = process.env.STRATA_SEMANTIC === 'off';

describe(off ? 'the paraphrase tier with STRATA_SEMANTIC=off' : 'the paraphrase tier in the API, with the real model', () => {
  let api: TestApi;
  let recordedId = '';

  beforeAll(async () => {
    const dir = inject('embeddingModelDir');
    if (!off && !dir) throw new Error(`The embedding model could not be fetched: ${inject('embeddingModelError')}`);
    api = await startTestApi({ adminKey: ADMIN, config: { semantic: !off, embeddingModelDir: dir || '/nonexistent' } });
  }, 300_000);
  afterAll(async () => api?.stop());

  if (off) {
    it('leaves attributions without SEMANTIC evidence, and says nothing of a model', async () => {
      const { data } = await gql(api.url, TRACE, { t: OUTPUT });
      expect(data.traceText.attribution.embeddingModel).toBeNull();
      expect(data.traceText.attribution.methodVersion).not.toContain('semantic');
    });
    return;
  }

  it('credits the reworded sentence as SEMANTIC to the record it rewords, and names the model', async () => {
    const { data, errors } = await gql(api.url, TRACE, { t: OUTPUT });
    expect(errors).toBeUndefined();
    const { spans, attribution } = data.traceText;
    const semantic = spans.filter((s: { kind: string }) => s.kind === 'SEMANTIC');
    expect(semantic).toHaveLength(1);
    expect(OUTPUT).toContain(semantic[0].text);
    expect(semantic[0].similarity).toBeGreaterThanOrEqual(0.8);
    expect(semantic[0].records.map((r: { id: string }) => r.id)).toEqual(['Record:rec_factbook.ar.background']);
    expect(attribution.embeddingModel).toBe(EMBEDDING_MODEL_VERSION);
    expect(attribution.methodVersion).toBe('span-trace/3+semantic/2+owen/1');
    expect(attribution.coverageByKind.find((k: { kind: string }) => k.kind === 'SEMANTIC').coverage).toBeGreaterThan(0.5);
    expect(attribution.records[0].record.id).toBe('Record:rec_factbook.ar.background');
  });

  it('records the model with the output and in its log entry, and verifyAttribution recomputes it', async () => {
    const models = await gql(api.url, '{ models(first: 1) { edges { node { id } } } }');
    const modelId = models.data.models.edges[0].node.id;
    const recorded = await gql(
      api.url,
      `mutation($input: RecordOutputInput!) { recordOutput(input: $input) { output { id attribution { methodVersion embeddingModel } logEntry { entry } } } }`,
      { input: { modelId, text: OUTPUT, idempotencyKey: 'paraphrase-1' } },
      ADMIN,
    );
    expect(recorded.errors).toBeUndefined();
    const output = recorded.data.recordOutput.output;
    recordedId = output.id;
    expect(output.attribution.embeddingModel).toBe(EMBEDDING_MODEL_VERSION);
    const entry = JSON.parse(output.logEntry.entry);
    expect(entry.embeddingModel).toBe(EMBEDDING_MODEL_VERSION);
    expect(entry.methodVersion).toBe('span-trace/3+semantic/2+owen/1');
    const check = await gql(api.url, 'query($id: ID!) { verifyAttribution(outputId: $id) { matches differences } }', { id: output.id });
    expect(check.errors).toBeUndefined();
    expect(check.data.verifyAttribution).toEqual({ matches: true, differences: [] });
  });

  it('a server without the tier refuses to verify it, saying which model it needs', async () => {
    expect(recordedId).not.toBe('');
    const plain = await startTestApi({ seed: false, adminKey: ADMIN });
    try {
      const check = await gql(plain.url, 'query($id: ID!) { verifyAttribution(outputId: $id) { matches } }', { id: recordedId });
      expect(check.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(check.errors?.[0]?.message).toContain(EMBEDDING_MODEL_VERSION);
      expect(check.errors?.[0]?.message).toContain('npm run model:fetch');
    } finally {
      await plain.stop();
    }
  });
});
