import { describe, expect, it } from 'vitest';
import { checkFingerprintScheme } from '../../../api/store/fingerprint-scheme.js';
import { recording } from './recording.js';

describe('fingerprint scheme store', () => {
  it('records the scheme on first start and refuses a graph fingerprinted with another', async () => {
    const { graph, sent } = recording([[{ version: 'shingle5-v1' }], [{ version: 'shingle5-v1' }]]);
    await expect(checkFingerprintScheme(graph, 'shingle5-v1')).resolves.toBeUndefined();
    await expect(checkFingerprintScheme(graph, 'shingle7-v2')).rejects.toThrow('fingerprinted with "shingle5-v1" but this Strata computes "shingle7-v2"');
    expect(sent[0]).toMatchSnapshot();
  });
});
