import { describe, expect, it } from 'vitest';
import config from '../../../extension/wxt.config';

// The log proof check needs Ed25519 in Web Crypto (extension/lib/log-verify.ts): the manifest must not let the
// extension install on a browser without it (Chrome 137, Firefox 129).
describe('manifest minimum versions', () => {
  it('Chrome ≥ 137 and Firefox ≥ 129, where Web Crypto has Ed25519', () => {
    const manifest = config.manifest as { minimum_chrome_version?: string; browser_specific_settings?: { gecko?: { strict_min_version?: string } } };
    expect(Number(manifest.minimum_chrome_version)).toBeGreaterThanOrEqual(137);
    expect(Number.parseFloat(manifest.browser_specific_settings?.gecko?.strict_min_version ?? '0')).toBeGreaterThanOrEqual(129);
  });
});
