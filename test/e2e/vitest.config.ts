import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * End-to-end tests: the built extension in Debian's Chromium (headless) against the real API on the real Neo4j.
 * Run alone with `npx vitest run --config test/e2e/vitest.config.ts`, or as a project of the root config.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  // As in the root config: one graphql module for the tests and the schema (Pothos loads the CommonJS build).
  resolve: { alias: { graphql: require.resolve('graphql') } },
  test: {
    name: 'e2e',
    root: repoRoot,
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
