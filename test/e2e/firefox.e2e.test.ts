/**
 * The Firefox build: `web-ext lint` finds no errors in it, and Debian's Firefox ESR (headless, WebDriver BiDi through
 * puppeteer-core) runs it as a temporary add-on against the real API on the real (seeded) Neo4j: the options page
 * points it at the API, and an answer on a ChatGPT-shaped fixture page gets the badge the API's attribution implies.
 */
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rm } from 'node:fs/promises';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from '../integration/support/api';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from './support/firefox';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const FIREFOX_BUILD = join(repoRoot, 'extension', '.output', 'firefox-mv3');
const SHOTS = join(repoRoot, 'test-results', 'screenshots');

interface Attributed {
  id: string;
  text: string;
  datanets: number;
  adapters: number;
  contributors: number;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

let api: TestApi;
let fixtures: FixtureServer;
let firefox: FirefoxWithExtension | undefined;
let out: Attributed;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  api = await startTestApi();
  // What the API says, asked directly: the first seeded output with datanets in its attribution.
  const res = await gql<{ outputs: { edges: { node: { id: string; text: string; attribution: { datanets: unknown[]; adapters: unknown[]; contributors: unknown[] } | null } }[] } }>(
    api.url,
    '{ outputs(first: 20) { edges { node { id text attribution { datanets { share } adapters { share } contributors { share } } } } } }',
  );
  const node = res.data!.outputs.edges.map((e) => e.node).find((n) => (n.attribution?.datanets.length ?? 0) > 0)!;
  expect(node, 'the seeded demo graph has an attributed output').toBeDefined();
  out = { id: node.id, text: node.text, datanets: node.attribution!.datanets.length, adapters: node.attribution!.adapters.length, contributors: node.attribution!.contributors.length };
  fixtures = await startFixtureServer(join(repoRoot, 'test', 'e2e', 'fixtures'));
});

afterAll(async () => {
  await firefox?.close();
  await fixtures?.close();
  await api?.stop();
});

/** The badge's chip text, read through the shadow root the content script attached (open). */
async function chipText(page: Page, scope: string): Promise<string> {
  return page.evaluate((s) => document.querySelector(`${s} strata-badge`)?.shadowRoot?.querySelector('.chip')?.textContent ?? '', scope);
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

describe('Strata extension in Firefox', () => {
  it('web-ext lint: no errors in the Firefox build', () => {
    const lint = spawnSync(join(repoRoot, 'node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', FIREFOX_BUILD, '--output', 'json', '--no-config-discovery'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const report = JSON.parse(lint.stdout) as { summary: { errors: number; warnings: number; notices: number }; errors: { code: string; message: string; file?: string }[]; warnings: { code: string; message: string }[] };
    console.log(`[firefox] web-ext lint: ${JSON.stringify(report.summary)}${report.warnings.map((w) => `\n  warning ${w.code}: ${w.message}`).join('')}`);
    expect(report.errors.map((e) => `${e.code}: ${e.message} (${e.file ?? ''})`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  }, 300_000);

  it('loads in Firefox ESR as a temporary add-on and badges a recorded answer as the API attributes it', async () => {
    // WebDriver BiDi refuses to open the add-on's own pages ("Navigation to moz-extension://…/options.html is not
    // allowed in this context"), so the options page cannot point it at the API under test: the same Firefox build,
    // with the test API as its default endpoint (WXT_STRATA_DEFAULT_ENDPOINT; 127.0.0.1 is in its host permissions).
    const outDir = join(repoRoot, 'extension', '.output-e2e-firefox');
    await rm(outDir, { recursive: true, force: true });
    const build = spawnSync(join(repoRoot, 'node_modules', '.bin', 'wxt'), ['build', 'extension', '-b', 'firefox'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', WXT_STRATA_DEFAULT_ENDPOINT: api.url, STRATA_EXTENSION_OUT_DIR: outDir },
    });
    expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
    firefox = await launchFirefoxWithExtension(join(outDir, 'firefox-mv3'));
    expect(firefox.addonId).toBe('strata@strata.dev');
    console.log(`[firefox] ${await firefox.browser.version()} runs the add-on ${firefox.addonId}`);

    const page = await firefox.browser.newPage();
    await page.setViewport({ width: 1000, height: 700 });
    await page.goto(fixtures.page('/firefox-chatgpt', 'chatgpt.html', { prompt: '', answer: out.text }));
    const scope = '[data-message-author-role="assistant"]';
    const expected = `${plural(out.datanets, 'datanet')} · ${plural(out.adapters, 'adapter')} · ${plural(out.contributors, 'contributor')}`;
    await until(() => chipText(page, scope), (t) => t === expected, 'the Firefox badge', 60_000);
    const answer = await page.$(scope);
    await answer!.screenshot({ path: join(SHOTS, 'firefox-badge.png') });
    await page.close();
  }, 240_000);
});
