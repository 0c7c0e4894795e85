import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Two projects: `unit` needs nothing running; `integration` talks to a real Neo4j that the global setup starts
// (or reuses) once per run.
export default defineConfig({
  resolve: {
    // Pothos (run by Node) loads graphql's CommonJS build; point Vite at the same file so a test and the schema
    // share one graphql module instead of two incompatible copies.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    projects: [
      // The extension's unit tests (WXT plugin, fake browser) and its end-to-end tests in Chromium.
      'extension/vitest.config.ts',
      'test/e2e/vitest.config.ts',
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // The extension's unit tests run in their own project with WXT's plugin and fake browser.
          exclude: ['test/unit/extension/**'],
        },
      },
      {
        extends: true,
        // The global setups start (or reuse) a Neo4j and fetch the paraphrase tier's embedding model.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts', 'test/integration/embedding-model-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
