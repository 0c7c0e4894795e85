import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

/**
 * Unit tests of the extension (test/unit/extension), with WXT's vitest plugin: `wxt/browser` is the in-memory fake
 * browser, and the same aliases and config as the build. Run from the repo root:
 *   npx vitest run --config extension/vitest.config.ts
 * or as a project of the root vitest config (`projects: [..., 'extension/vitest.config.ts']`).
 */
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const extensionRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: repoRoot,
  plugins: [WxtVitest({ root: extensionRoot })],
  test: {
    name: 'extension',
    root: repoRoot,
    include: ['test/unit/extension/**/*.test.ts'],
    environment: 'node',
  },
});
