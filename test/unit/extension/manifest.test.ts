import { describe, expect, it } from 'vitest';
import config from '../../../extension/wxt.config';

// The log proof check needs Ed25519 in Web Crypto (extension/lib/log-verify.ts): the manifest must not let the
// extension install on a browser without it (Chrome 137, Firefox 129).
describe('manifest minimum versions', () => {
  type Manifest = { minimum_chrome_version?: string; permissions?: string[]; browser_specific_settings?: { gecko?: { strict_min_version?: string } } };
  const manifestFor = (browser: string) => (config.manifest as (env: { browser: string }) => Manifest)({ browser });

  it('Chrome ≥ 137 and Firefox ≥ 129, where Web Crypto has Ed25519', () => {
    expect(Number(manifestFor('chrome').minimum_chrome_version)).toBeGreaterThanOrEqual(137);
    expect(Number.parseFloat(manifestFor('firefox').browser_specific_settings?.gecko?.strict_min_version ?? '0')).toBeGreaterThanOrEqual(129);
  });

  it('each browser gets only the keys it knows', () => {
    expect(manifestFor('chrome').permissions).toContain('sidePanel');
    expect(manifestFor('chrome').browser_specific_settings).toBeUndefined();
    expect(manifestFor('firefox').permissions).not.toContain('sidePanel');
    expect(manifestFor('firefox').minimum_chrome_version).toBeUndefined();
  });
});
