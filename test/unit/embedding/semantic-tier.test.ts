import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDING_MODEL, embeddingModelDir } from '../../../api/embedding/embedding-model.js';
import { loadSemanticTier } from '../../../api/embedding/onnx-embedder.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Without its model the tier is off, with the reason, never an error (the real model: test/integration).
describe('the semantic tier without its model', () => {
  it('is off when switched off', async () => {
    expect(await loadSemanticTier({ disabled: true })).toEqual({ status: { state: 'off', reason: 'switched off (STRATA_SEMANTIC=off)' }, embedder: null });
  });

  it('is off, naming the folder and the fix, when the model is not there', async () => {
    const tier = await loadSemanticTier({ dir: join(dir, 'absent') });
    expect(tier.embedder).toBeNull();
    expect(tier.status).toEqual({ state: 'off', reason: `the embedding model is not in ${join(dir, 'absent')} (run npm run model:fetch)` });
  });

  it('is off when a file is not the pinned one', async () => {
    writeFileSync(join(dir, EMBEDDING_MODEL.files.model.name), 'not a model');
    writeFileSync(join(dir, EMBEDDING_MODEL.files.tokenizer.name), '{}');
    const tier = await loadSemanticTier({ dir });
    expect(tier.status.state).toBe('off');
    expect(tier.status.state === 'off' && tier.status.reason).toMatch(/is not the pinned .*SHA-256 differs/);
  });

  it('keeps the model under .strata/, one folder per pinned version', () => {
    expect(embeddingModelDir()).toBe(`.strata/models/${EMBEDDING_MODEL.artifactId}-${EMBEDDING_MODEL.version}`);
  });
});
