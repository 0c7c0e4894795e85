import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot } from '../../tools/neo4j-local/local-neo4j.js';
import { testRunNeo4j } from '../../tools/neo4j-local/throwaway-neo4j.js';
import { CHROMIUM_PATH } from './support/browser';
import { ensureChromium, ensureFirefox } from './support/ensure-chromium';
import { FIREFOX_PATH } from './support/firefox';

/**
 * Once per run: builds the extension for Chromium and Firefox (extension/.output/chrome-mv3, firefox-mv3), checks
 * Chromium and Firefox ESR are installed, and starts (or
 * reuses) a Neo4j of the e2e tests' own, so they never wipe the graph under the integration tests, which may run at
 * the same time in another project. STRATA_E2E_NEO4J_URI points them at another server instead.
 */
export default async function setup(project: TestProject) {
  ensureChromium(CHROMIUM_PATH);
  const wxt = join(repoRoot, 'node_modules', '.bin', 'wxt');
  const build = spawnSync(wxt, ['build', 'extension'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (build.status !== 0) throw new Error(`extension build failed:\n${build.stdout}\n${build.stderr}`);
  // The Firefox build (extension/.output/firefox-mv3) for firefox.e2e.test.ts: linted by web-ext, run in Firefox ESR.
  ensureFirefox(FIREFOX_PATH);
  const firefoxBuild = spawnSync(wxt, ['build', 'extension', '-b', 'firefox'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (firefoxBuild.status !== 0) throw new Error(`Firefox extension build failed:\n${firefoxBuild.stdout}\n${firefoxBuild.stderr}`);

  // Like the integration tests: a free port and a store of this run's own, unless STRATA_E2E_NEO4J_PORT fixes one.
  const neo4j = await testRunNeo4j('e2e', {
    uriVariable: 'STRATA_E2E_NEO4J_URI',
    portVariable: 'STRATA_E2E_NEO4J_PORT',
    log: (line) => console.log(`[neo4j e2e] ${line}`),
  });
  project.provide('neo4jUri', neo4j.uri);
  return neo4j.stop;
}
