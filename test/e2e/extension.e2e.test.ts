/**
 * The Strata extension end to end: the built extension in Debian's Chromium (headless, --load-extension) against the
 * real API on the real (seeded) Neo4j. Fixture pages on 127.0.0.1 mimic ChatGPT's, Claude's and Gemini's answer
 * markup, a streamed answer, an SPA, the data-ai-output protocol and a malicious answer. Screenshots of the badge,
 * the popover and the side panel land in test-results/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributionShape } from '../../api/attribution/attribution-shape';
import { canonicalWords } from '../../api/attribution/trace/words-hash';
import { toMarkdown, toSiteHtml, type Block } from '../unit/trace/markdown-docs';
import { answerDocument } from './support/rendered-answers';
import { gql, startTestApi, type TestApi } from '../integration/support/api';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { graphGeometryProblems } from '../unit/extension/support/graph-geometry';
import { drawnGeometry, geometryProblems } from './support/drawn-geometry';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const chrome: any;

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// STRATA_E2E_EXTENSION_DIR: another build to measure (e.g. an older one), else the one the global setup built.
const EXTENSION_DIR = process.env.STRATA_E2E_EXTENSION_DIR ?? join(repoRoot, 'extension', '.output', 'chrome-mv3');
const FIXTURES_DIR = join(repoRoot, 'test', 'e2e', 'fixtures');
const SHOTS = join(repoRoot, 'test-results', 'screenshots');

// ---------------------------------------------------------------------------------------------------------------
// What the API says (asked directly, independently of the extension)

const ATTRIBUTION = /* GraphQL */ `
  method methodVersion coverage
  datanets { datanet { id name } share }
  adapters { adapter { id name } share }
  contributors { contributor { id handle } share }
  spans { start end text records { id datanet { id name } } }`;

interface Share {
  id: string;
  name: string;
  share: number;
}
interface ApiSpan {
  start: number;
  end: number;
  text: string;
  records: { id: string; datanet: { id: string; name: string } | null }[];
}
/** The method and coverage come back as the API's own attribution has them; the share lists are flattened here. */
type AttributionHead = Pick<AttributionShape, 'method' | 'methodVersion' | 'coverage'>;

interface ApiAttribution extends AttributionHead {
  datanets: Share[];
  adapters: Share[];
  contributors: Share[];
  spans: ApiSpan[];
}
interface ApiOutput {
  id: string;
  text: string;
  prompt: string | null;
  contentHash: string;
  attribution: ApiAttribution | null;
}

type RawAttribution = AttributionHead & {
  datanets: { datanet: { id: string; name: string }; share: number }[];
  adapters: { adapter: { id: string; name: string }; share: number }[];
  contributors: { contributor: { id: string; handle: string }; share: number }[];
  spans: ApiSpan[];
};

function flatten(a: RawAttribution | null): ApiAttribution | null {
  if (!a) return null;
  return {
    method: a.method,
    methodVersion: a.methodVersion,
    coverage: a.coverage,
    datanets: a.datanets.map((d) => ({ id: d.datanet.id, name: d.datanet.name, share: d.share })),
    adapters: a.adapters.map((d) => ({ id: d.adapter.id, name: d.adapter.name, share: d.share })),
    contributors: a.contributors.map((d) => ({ id: d.contributor.id, name: d.contributor.handle, share: d.share })),
    spans: a.spans,
  };
}

async function query<T>(q: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await gql<T>(api.url, q, variables);
  if (res.errors?.length) throw new Error(`API error: ${res.errors.map((e) => e.message).join('; ')}`);
  return res.data as T;
}

async function outputByContent(contentHash: string): Promise<ApiOutput | null> {
  const data = await query<{ outputByContent: (Omit<ApiOutput, 'attribution'> & { attribution: RawAttribution | null }) | null }>(
    `query($h: String) { outputByContent(contentHash: $h) { id text prompt contentHash attribution { ${ATTRIBUTION} } } }`,
    { h: contentHash },
  );
  const o = data.outputByContent;
  return o && { ...o, attribution: flatten(o.attribution) };
}

/** The log index the API reports for an output, or undefined when this API has no transparency log. */
async function logIndex(outputId: string): Promise<string | null | undefined> {
  const res = await gql<{ output: { logEntry: { index: string } | null } | null }>(
    api.url,
    'query($id: ID!) { output(id: $id) { logEntry { index } } }',
    { id: outputId },
  );
  if (res.errors?.length) return undefined;
  return res.data?.output?.logEntry?.index ?? null;
}

async function traceText(text: string): Promise<{ spans: ApiSpan[]; attribution: ApiAttribution } | undefined> {
  const res = await gql<{ traceText: { spans: ApiSpan[]; attribution: RawAttribution } }>(
    api.url,
    `query($t: String!) { traceText(text: $t) { spans { start end text records { id datanet { id name } } } attribution { ${ATTRIBUTION} } } }`,
    { t: text },
  );
  if (res.errors?.length || !res.data) return undefined;
  return { spans: res.data.traceText.spans, attribution: flatten(res.data.traceText.attribution)! };
}

// ---------------------------------------------------------------------------------------------------------------
// Expectations computed here, not with the extension's code

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
const countsText = (a: ApiAttribution) =>
  `${plural(a.datanets.length, 'datanet')} · ${plural(a.adapters.length, 'adapter')} · ${plural(a.contributors.length, 'contributor')}`;
const COUNTS = /^\d+ datanets? · \d+ adapters? · \d+ contributors?$/;

function topShares(rows: Share[], limit: number): Share[] {
  return [...rows].sort((a, b) => b.share - a.share || a.name.localeCompare(b.name)).slice(0, limit);
}

// ---------------------------------------------------------------------------------------------------------------
// Page helpers

function chipIn(page: Page, scope: string): Locator {
  return page.locator(`${scope} strata-badge .chip`);
}

async function waitForChipText(chip: Locator, expected: string | RegExp, timeout = 20_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await chip.count()) > 0 ? await chip.first().textContent() : '') ?? '';
    if (typeof expected === 'string' ? last === expected : expected.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  const label = (await chip.count()) > 0 ? await chip.first().getAttribute('aria-label') : null;
  throw new Error(`badge text stayed ${JSON.stringify(last)} (${label}), expected ${String(expected)}`);
}

async function popoverRows(page: Page, kind: string): Promise<{ id: string | null; share: number; name: string; pct: string }[]> {
  return page.locator(`strata-badge .popover [data-kind="${kind}"] .row:not(.more)`).evaluateAll((rows) =>
    rows.map((r) => ({
      id: r.getAttribute('data-id'),
      share: Number(r.getAttribute('data-share')),
      name: r.querySelector('.name')?.textContent ?? '',
      pct: r.querySelector('.pct')?.textContent ?? '',
    })),
  );
}

/** A value for a double-quoted CSS attribute selector. */
const cssString = (v: string) => v.replace(/["\\]/g, '\\$&');

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`no box for ${selector}`);
  return b;
}

/** A screenshot clip around the popover and its chip, wherever the popover opened (below or above the chip). */
async function around(popover: Locator, chip: Locator) {
  const p = (await popover.boundingBox())!;
  const c = (await chip.boundingBox())!;
  const top = Math.max(0, Math.min(p.y, c.y) - 16);
  const bottom = Math.max(p.y + p.height, c.y + c.height) + 16;
  const left = Math.max(0, Math.min(p.x, c.x) - 16);
  return { x: left, y: top, width: Math.max(p.x + p.width, c.x + c.width) + 16 - left, height: bottom - top };
}

async function openPage(url: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
  await page.goto(url);
  return page;
}

async function setOptions(change: (page: Page) => Promise<void>): Promise<void> {
  const page = await openPage(browser.url('options.html'));
  await page.locator('#endpoint').waitFor();
  await page.waitForFunction(() => (document.getElementById('endpoint') as HTMLInputElement).value !== '');
  await change(page);
  await page.close();
}

/** Polls until `read()` satisfies `ok` (usable in hooks, unlike expect.poll). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

async function setEndpoint(url: string): Promise<void> {
  await setOptions(async (page) => {
    await page.locator('#endpoint').fill(url);
    await page.locator('button.primary').click();
    await until(() => page.locator('#save-status').textContent(), (t) => t === 'Saved', 'saving the endpoint');
  });
}

// ---------------------------------------------------------------------------------------------------------------

const ADMIN_KEY = 'e2e-admin-key-0123456789';
let api: TestApi;
/** What the extension sends goes through here, so tests can check what left the browser. */
let proxy: RecordingProxy;
let fixtures: FixtureServer;
let browser: ExtensionBrowser;
let attributed: ApiOutput[] = [];
let unattributed: ApiOutput | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  api = await startTestApi({ adminKey: ADMIN_KEY });
  const list = await query<{ outputs: { edges: { node: { id: string; contentHash: string } }[] } }>(
    '{ outputs(first: 20) { edges { node { id contentHash } } } }',
  );
  attributed = [];
  for (const { node } of list.outputs.edges) {
    const o = await outputByContent(node.contentHash);
    if (o?.attribution && o.attribution.datanets.length > 0) attributed.push(o);
    else if (o) unattributed ??= o;
  }
  expect(attributed.length, 'the seeded demo graph has attributed outputs').toBeGreaterThanOrEqual(4);
  // The log's first checkpoint is made on first demand: make it now, so the first page's lookup is not the one that
  // waits for it (under load that can pass the extension's 10 s request timeout).
  const t0 = Date.now();
  await query('{ logCheckpoint { treeSize } }');
  console.log(`[e2e] first logCheckpoint took ${Date.now() - t0} ms`);
  fixtures = await startFixtureServer(FIXTURES_DIR);
  browser = await launchWithExtension(EXTENSION_DIR);
  // The API under test runs on a free port: point the extension at it (through the recording proxy) from its options
  // page (127.0.0.1 needs no extra permission, like the default http://localhost:4000/graphql).
  proxy = await startRecordingProxy(api.url);
  await setEndpoint(proxy.url);
});

afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
  await proxy?.close();
  await api?.stop();
});

describe('Strata extension in Chromium', () => {
  it('ChatGPT answer: badge, popover shares equal to the API, log status, highlighted spans', async () => {
    const out = attributed.find((o) => o.attribution!.spans.length > 0) ?? attributed[0]!;
    const page = await openPage(fixtures.page('/chatgpt', 'chatgpt.html', { prompt: out.prompt ?? 'Question', answer: out.text }));
    const chip = chipIn(page, '[data-message-author-role="assistant"]');
    const fromApi = (await outputByContent(out.contentHash))!;
    const a = fromApi.attribution!;
    await waitForChipText(chip, countsText(a));

    // L1: focusable, labelled, fixed height.
    expect(await chip.getAttribute('aria-label')).toBe(`Strata lineage: ${countsText(a)}. Show details`);
    await chip.focus();
    expect(await chip.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    expect((await box(page, 'strata-badge')).height).toBe(28);
    await page.locator('[data-message-author-role="assistant"]').screenshot({ path: join(SHOTS, 'badge.png') });

    // L2: opening the popover moves nothing on the page.
    const before = await box(page, '#below');
    await page.keyboard.press('Enter');
    const popover = page.locator('strata-badge .popover');
    await popover.waitFor({ state: 'visible' });
    expect(await box(page, '#below')).toEqual(before);

    for (const [kind, rows, limit] of [
      ['datanets', a.datanets, 8],
      ['adapters', a.adapters, 8],
      ['contributors', a.contributors, 5],
    ] as const) {
      const shown = await popoverRows(page, kind);
      const expected = topShares(rows, limit);
      expect(shown.map((r) => [r.id, r.name, r.share]), kind).toEqual(expected.map((r) => [r.id, r.name, r.share]));
    }
    expect(await popover.locator('.method').textContent()).toBe(`Method: ${a.method} (version ${a.methodVersion})`);
    const index = await logIndex(out.id);
    const logLine = (await popover.locator('.log').textContent()) ?? '';
    if (typeof index === 'string') expect(logLine).toBe(`✓ verified in log #${index}`);
    else expect(logLine).toMatch(/^⚠ not verified: /);

    await page.screenshot({ path: join(SHOTS, 'popover-plain.png'), clip: await around(popover, chip) });
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'hidden' });

    // Spans the API traced are highlighted; hovering one names its source records and datanet.
    if (a.spans.length > 0) {
      const marks = page.locator('strata-mark[data-strata-span]');
      await expect.poll(() => marks.count()).toBeGreaterThan(0);
      const first = marks.first();
      const spanIndex = Number(await first.getAttribute('data-strata-span'));
      const span = a.spans[spanIndex]!;
      await first.hover();
      const tip = page.locator('strata-tooltip .tip');
      await tip.waitFor({ state: 'visible' });
      // Sources named for people: the datanet, the contributor, the passage in its record; no raw ids.
      const tipText = (await tip.textContent()) ?? '';
      if (span.records[0]!.datanet) expect(tipText).toContain(span.records[0]!.datanet.name);
      expect(tipText).not.toContain(span.records[0]!.id);
      // …and the source's own text around the passage, the matched words marked.
      expect(await tip.locator('.context mark').count()).toBeGreaterThan(0);
      await page.locator('[data-message-author-role="assistant"]').screenshot({ path: join(SHOTS, 'highlight-plain.png') });
    }
    // Wrapping spans never changed the answer's text.
    const shownText = await page.locator('.markdown').evaluate((el) => el.textContent!.replace(/\s+/g, ' ').trim());
    expect(shownText).toBe(out.text.normalize('NFKC').replace(/\s+/g, ' ').trim());
    await page.close();
  });

  it('Claude and Gemini answers get their badges', async () => {
    const [, claudeOut, geminiOut] = attributed;
    const claude = await openPage(fixtures.page('/claude', 'claude.html', { prompt: claudeOut!.prompt ?? '', answer: claudeOut!.text }));
    await waitForChipText(chipIn(claude, '.font-claude-response'), countsText(claudeOut!.attribution!));
    const gemini = await openPage(fixtures.page('/gemini', 'gemini.html', { prompt: geminiOut!.prompt ?? '', answer: geminiOut!.text }));
    await waitForChipText(chipIn(gemini, 'model-response'), countsText(geminiOut!.attribution!));
    // The user's own turn is never annotated.
    expect(await claude.locator('strata-badge').count()).toBe(1);
    await claude.close();
    await gemini.close();
  });

  describe('rendered markdown answers (lists, headings, code blocks with labels and copy buttons, tables, links, artifacts)', () => {
    const SITES = [
      { site: 'chatgpt', template: 'chatgpt-rendered.html', scope: '[data-message-author-role="assistant"]' },
      { site: 'claude', template: 'claude-rendered.html', scope: '.font-claude-response' },
      { site: 'gemini', template: 'gemini-rendered.html', scope: 'model-response' },
    ] as const;
    interface Recorded { id: string; markdown: string; doc: Block[]; attribution: ApiAttribution | null }

    async function recordMarkdown(markdown: string): Promise<Omit<Recorded, 'doc'>> {
      const models = await query<{ models: { edges: { node: { id: string } }[] } }>('{ models(first: 1) { edges { node { id } } } }');
      const res = await gql<{ recordOutput: { output: { id: string; contentHash: string } } }>(
        api.url,
        'mutation($m: ID!, $t: String!) { recordOutput(input: {modelId: $m, text: $t}) { output { id contentHash } } }',
        { m: models.models.edges[0]!.node.id, t: markdown },
        ADMIN_KEY,
      );
      if (res.errors?.length) throw new Error(res.errors.map((e) => e.message).join('; '));
      const o = (await outputByContent(res.data!.recordOutput.output.contentHash))!;
      return { id: o.id, markdown, attribution: o.attribution };
    }

    function pageVars(site: (typeof SITES)[number]['site'], r: Recorded): Record<string, unknown> {
      if (site !== 'claude') return { prompt: 'Tell me about it', answerHtml: toSiteHtml(r.doc, site) };
      const half = Math.max(1, Math.floor(r.doc.length / 2));
      return { prompt: 'Tell me about it', firstHtml: toSiteHtml(r.doc.slice(0, half), 'claude'), secondHtml: toSiteHtml(r.doc.slice(half), 'claude'), artifactTitle: 'Harbour notes' };
    }

    /** Sentences of an answer long enough to be unmistakable in a request body. */
    const telltales = (text: string) => text.split(/(?<=[.!?])\s+/).map((x) => x.trim()).filter((x) => x.length >= 30).map((x) => JSON.stringify(x).slice(1, 31));

    it('recognised as their recorded outputs on ChatGPT-, Claude- and Gemini-shaped pages, read whole, spans exact, no text sent', async () => {
      const sentBefore = proxy.bodies.length;
      const rows: { site: string; recognised: boolean; chars: number; markdownChars: number }[] = [];
      let layout = 0;
      for (const [i, out] of attributed.entries()) {
        for (const s of SITES) {
          const doc = answerDocument(out.text, layout++);
          const r: Recorded = { ...(await recordMarkdown(toMarkdown(doc))), doc };
          const page = await openPage(fixtures.page(`/rendered-${s.site}-${i}`, s.template, pageVars(s.site, r)));
          const chip = chipIn(page, s.scope);
          const shown = await waitForChipText(chip, /datanets? ·|no lineage|not recorded|partly traced|fully traced|retry/);
          const label = (await chip.getAttribute('aria-label')) ?? '';
          const recognised = label.startsWith('Strata lineage:') || label.startsWith('Strata: this answer is recorded');
          if (recognised && r.attribution && r.attribution.datanets.length > 0) expect(shown).toBe(countsText(r.attribution));
          const chars = Number(await page.locator(`${s.scope} strata-badge`).getAttribute('data-strata-chars'));
          rows.push({ site: s.site, recognised, chars, markdownChars: r.markdown.length });

          // The user's turn is not annotated, the card and the code chrome are not read.
          expect(await page.locator('strata-badge').count()).toBe(1);
          if (recognised && r.attribution && r.attribution.spans.length > 0) {
            // Every highlighted span shows exactly the recorded span's words.
            const marks = page.locator('strata-mark[data-strata-span]');
            await expect.poll(() => marks.count()).toBeGreaterThan(0);
            const bySpan = await marks.evaluateAll((ms) => {
              const out: Record<string, string[]> = {};
              for (const m of ms) (out[m.getAttribute('data-strata-span')!] ??= []).push(m.textContent ?? '');
              return out;
            });
            for (const [k, texts] of Object.entries(bySpan)) {
              const span = r.attribution.spans[Number(k)]!;
              expect(canonicalWords(texts.join(' ')).map((t) => t.norm), `span ${k} on ${s.site}`).toEqual(canonicalWords(span.text).map((t) => t.norm));
            }
            if (i === 0) {
              await page.locator(s.scope).screenshot({ path: join(SHOTS, `rendered-${s.site}.png`) });
              if (s.site === 'chatgpt') {
                await chip.click();
                const popover = page.locator('strata-badge .popover');
                await popover.waitFor({ state: 'visible' });
                expect(await popover.locator('.match').textContent()).toBe('Recognised by its words (the page renders its formatting)');
                expect(await popover.locator('.model').textContent()).toMatch(/^Model: \S/);
                // The share bars are drawn: each fill is as wide as its share of the bar.
                const widths = await popover.locator('[data-kind="datanets"] .row:not(.more)').evaluateAll((rs) =>
                  rs.map((row) => ({ share: Number(row.getAttribute('data-share')), fill: row.querySelector('.fill')!.getBoundingClientRect().width, bar: row.querySelector('.bar')!.getBoundingClientRect().width })),
                );
                for (const w of widths) expect(Math.abs(w.fill - Math.max(2, w.share * w.bar))).toBeLessThan(1.5);
                await page.screenshot({ path: join(SHOTS, 'popover-rendered.png'), clip: await around(popover, chip) });
                // The per-answer highlight switch.
                await popover.locator('.action.highlights').click();
                await expect.poll(() => marks.count()).toBe(0);
                await popover.locator('.action.highlights').click();
                await expect.poll(() => marks.count()).toBeGreaterThan(0);
                await page.keyboard.press('Escape');
                await marks.first().hover();
                await page.locator('strata-tooltip .tip').waitFor({ state: 'visible' });
                await page.screenshot({ path: join(SHOTS, 'highlight-rendered.png'), clip: { x: 0, y: 0, width: 1100, height: 800 } });
              }
            }
          }
          await page.close();
        }
      }
      const recognised = rows.filter((r) => r.recognised).length;
      console.log(`[measure] recognised ${recognised}/${rows.length} rendered answers`);
      for (const r of rows) console.log(`[measure] ${r.site}: recognised=${r.recognised} chars read=${r.chars} markdown chars=${r.markdownChars}`);
      // Nothing of any answer's text left the browser: only hashes.
      const leaked = proxy.bodies.slice(sentBefore).filter((b) => attributed.some((o) => telltales(o.text).some((t) => b.includes(t))));
      console.log(`[measure] requests carrying answer text before the user asked: ${leaked.length} of ${proxy.bodies.length - sentBefore}`);
      for (const b of leaked) console.log(`[measure] leaked: ${b.slice(0, 400)}`);
      expect(leaked).toEqual([]);
      expect(recognised).toBe(rows.length);
    }, 600_000); // 15 pages, each a real page load, lookup and highlight: minutes on a loaded machine

    it('a streamed answer re-rendered at every chunk is recognised once it is finished', async () => {
      const out = attributed[1]!;
      const doc = answerDocument(out.text, 0);
      const r: Recorded = { ...(await recordMarkdown(toMarkdown(doc))), doc };
      // Frames as a streaming renderer shows them: block by block, the last one growing word by word.
      const frames: string[] = [];
      for (let k = 1; k <= doc.length; k++) {
        const b = doc[k - 1]!;
        if (b.kind === 'paragraph' || b.kind === 'heading') {
          const words = b.inlines.flatMap((x) => x.words);
          for (let w = 3; w < words.length; w += 4) frames.push(toSiteHtml([...doc.slice(0, k - 1), { ...b, inlines: [{ kind: 'text', words: words.slice(0, w) }] }]));
        }
        frames.push(toSiteHtml(doc.slice(0, k)));
      }
      const page = await openPage(fixtures.page('/stream-rendered', 'stream-rendered.html', { prompt: 'Stream it', framesJson: frames }) + '?interval=120');
      const chip = chipIn(page, '[data-message-author-role="assistant"]');
      while (!(await page.evaluate(() => (window as { __streamDone?: boolean }).__streamDone))) {
        const text = (await chip.count()) > 0 ? await chip.textContent() : null;
        expect(text === null || text === 'Strata…').toBe(true);
        await page.waitForTimeout(150);
      }
      await waitForChipText(chip, r.attribution && r.attribution.datanets.length > 0 ? countsText(r.attribution) : 'no lineage');
      expect(await chip.getAttribute('aria-label')).toMatch(/^Strata (lineage:|: this answer is recorded)/);
      await page.close();
    });
  });

  it('data-ai-output page protocol', async () => {
    const out = attributed[3]!;
    const page = await openPage(fixtures.page('/protocol', 'protocol.html', { title: 'Release notes assistant', outputId: out.id, answer: out.text }));
    await waitForChipText(chipIn(page, '[data-ai-output]'), countsText(out.attribution!));
    await page.close();
  });

  it('a recorded output with nothing attributed says "no lineage", still verified in the log', async () => {
    if (!unattributed) return; // the demo seed has one; nothing to check if a future seed does not
    const page = await openPage(fixtures.page('/recorded-none', 'protocol.html', { title: 'Naming a starter', outputId: unattributed.id, answer: unattributed.text }));
    const chip = chipIn(page, '[data-ai-output]');
    await waitForChipText(chip, 'no lineage');
    expect(await chip.getAttribute('aria-label')).toBe('Strata: this answer is recorded but has no lineage');
    const index = await logIndex(unattributed.id);
    if (typeof index === 'string') {
      await chip.click();
      expect(await page.locator('strata-badge .popover .log').textContent()).toBe(`✓ verified in log #${index}`);
    }
    await page.close();
  });

  it('a streamed answer is annotated only when finished, from its whole text', async () => {
    const out = attributed[1]!;
    const words = out.text.split(/(?<=\s)/);
    const chunks: string[] = [];
    for (let i = 0; i < words.length; i += 6) chunks.push(words.slice(i, i + 6).join(''));
    const page = await openPage(fixtures.page('/stream', 'stream.html', { prompt: out.prompt ?? '', chunksJson: chunks }) + '?interval=150');
    const chip = chipIn(page, '[data-message-author-role="assistant"]');
    // While chunks arrive (and the stop button is there), the badge waits.
    let sawWaiting = 0;
    while (!(await page.evaluate(() => (window as { __streamDone?: boolean }).__streamDone))) {
      const text = (await chip.count()) > 0 ? await chip.textContent() : null;
      expect(text === null || text === 'Strata…').toBe(true);
      if (text === 'Strata…') sawWaiting++;
      await page.waitForTimeout(200);
    }
    expect(sawWaiting).toBeGreaterThan(0);
    // Then it shows the lineage of the complete answer: a partial text would not match the recorded output.
    await waitForChipText(chip, countsText(out.attribution!));
    await page.close();
  });

  it('re-scans after SPA navigation', async () => {
    const out = attributed[2]!;
    const paragraphs = out.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    const page = await openPage(fixtures.page('/spa', 'spa.html', { paragraphsJson: paragraphs }));
    await page.waitForFunction(() => location.hash === '#/chat/42');
    await waitForChipText(chipIn(page, '.font-claude-response'), countsText(out.attribution!));
    await page.close();
  });

  it('text that is not a recorded output: only hashes are sent; on a click it is traced: "partly traced N%", spans highlighted', async () => {
    const source = attributed.find((o) => o.attribution!.spans.length > 0)!;
    const quote = source.attribution!.spans[0]!.text;
    const text = `Someone pasted this into a forum post. ${quote} That is all they wrote about it.`;
    const trace = await traceText(text.normalize('NFKC').replace(/\s+/g, ' ').trim());
    expect(trace, 'the API answers traceText').toBeDefined();
    const sentBefore = proxy.bodies.length;
    const page = await openPage(fixtures.page('/traced', 'protocol.html', { title: 'Forum post', outputId: '', answer: text }));
    const chip = chipIn(page, '[data-ai-output]');
    await waitForChipText(chip, 'not recorded · trace it?');
    expect(proxy.bodies.slice(sentBefore).filter((b) => b.includes('pasted this into a forum'))).toEqual([]);
    await chip.click(); // the user asks: now the text is sent
    const cov = trace!.attribution.coverage;
    const expected = trace!.spans.length === 0 || cov <= 0 ? 'no lineage' : cov >= 1 ? 'fully traced' : `partly traced ${Math.round(cov * 100)}%`;
    await waitForChipText(chip, expected);
    if (trace!.spans.length > 0) {
      await expect.poll(() => page.locator('strata-mark[data-strata-span]').count()).toBeGreaterThan(0);
      const marked = await page.locator('strata-mark[data-strata-span]').evaluateAll((m) => m.map((x) => x.textContent).join(''));
      expect(text).toContain(marked.slice(0, 20));
      expect(proxy.bodies.slice(sentBefore).filter((b) => b.includes('pasted this into a forum'))).toHaveLength(1);
      await chip.click();
      expect(await page.locator('strata-badge .popover .log').textContent()).toMatch(/not in log/);
      expect(await page.locator('strata-badge .popover .action.site-trace').textContent()).toBe('Always trace on this site');
      await page.locator('[data-ai-output]').screenshot({ path: join(SHOTS, 'traced.png') });
    }
    await page.close();
  });

  it('a malicious answer, and malicious names from the API, show as text and run nothing', async () => {
    // Recorded through the real write path: a datanet, an adapter and an output whose names and text are markup.
    const evilName = '<img src=x onerror="window.__strataXss=1">';
    const evilAdapter = '<svg onload="window.__strataXss=3"></svg>Adapter';
    const passage = 'Quartz lanterns shimmer beside the velvet harbour while seven copper herons argue about the evening tide.';
    const answer = `${evilName} Here is what I found. ${passage} <script>window.__strataXss=2</script>`;
    const as = async <T,>(key: string, q: string, variables: Record<string, unknown>): Promise<T> => {
      const res = await gql<T>(api.url, q, variables, key);
      if (res.errors?.length) throw new Error(res.errors.map((e) => e.message).join('; '));
      return res.data as T;
    };
    const mallory = await as<{ createContributor: { apiKey: string } }>(ADMIN_KEY, 'mutation { createContributor(input: {handle: "mallory", roles: [CONTRIBUTOR]}) { apiKey } }', {});
    const key = mallory.createContributor.apiKey;
    const dn = await as<{ createDatanet: { datanet: { id: string } } }>(ADMIN_KEY, 'mutation($n: String!) { createDatanet(input: {name: $n, description: $n, admission: OPEN}) { datanet { id } } }', { n: evilName });
    const datanetId = dn.createDatanet.datanet.id;
    await as(key, 'mutation($dn: ID!, $t: String!) { submitRecords(input: {datanetId: $dn, records: [{text: $t, license: "CC0-1.0"}]}) { records { id status } } }', { dn: datanetId, t: passage });
    const bm = await as<{ registerBaseModel: { baseModel: { id: string } } }>(ADMIN_KEY, 'mutation { registerBaseModel(input: {name: "Evil Base", family: "test"}) { baseModel { id } } }', {});
    const baseModelId = bm.registerBaseModel.baseModel.id;
    const ad = await as<{ registerAdapter: { adapter: { id: string } } }>(key, 'mutation($bm: ID!, $dn: ID!, $n: String!) { registerAdapter(input: {name: $n, baseModelId: $bm, trainedOn: [$dn]}) { adapter { id } } }', { bm: baseModelId, dn: datanetId, n: evilAdapter });
    const model = await as<{ registerModel: { model: { id: string } } }>(key, 'mutation($bm: ID!, $ad: ID!) { registerModel(input: {name: "Evil Assistant", version: "1", baseModelId: $bm, adapters: [{adapterId: $ad, weight: 1}]}) { model { id } } }', { bm: baseModelId, ad: ad.registerAdapter.adapter.id });
    const recorded = await as<{ recordOutput: { output: { id: string; contentHash: string } } }>(key, 'mutation($m: ID!, $t: String!) { recordOutput(input: {modelId: $m, text: $t}) { output { id contentHash } } }', { m: model.registerModel.model.id, t: answer });
    const fromApi = (await outputByContent(recorded.recordOutput.output.contentHash))!;
    expect(fromApi.attribution!.datanets.map((d) => d.name)).toContain(evilName);

    const page = await openPage(fixtures.page('/malicious', 'protocol.html', { title: 'Malicious answer', outputId: '', answer }));
    const chip = chipIn(page, '[data-ai-output]');
    await waitForChipText(chip, countsText(fromApi.attribution!));
    await chip.click();
    await page.locator('strata-badge .popover').waitFor({ state: 'visible' });
    expect((await popoverRows(page, 'datanets')).map((r) => r.name)).toContain(evilName);
    expect((await popoverRows(page, 'adapters')).map((r) => r.name)).toContain(evilAdapter);
    const marks = page.locator('strata-mark[data-strata-span]');
    if ((await marks.count()) > 0) {
      await marks.first().hover();
      await expect.poll(() => page.locator('strata-tooltip .tip').textContent()).toContain(evilName);
    }
    await page.waitForTimeout(300);
    // No element was made from any of it, anywhere (page, shadow roots), and nothing ran.
    const made = await page.evaluate(() => {
      const inShadows = (root: Document | ShadowRoot | Element): number =>
        Array.from(root.querySelectorAll('*')).reduce(
          (n, el) => n + (el.shadowRoot ? el.shadowRoot.querySelectorAll('img, svg, script').length + inShadows(el.shadowRoot) : 0),
          0,
        );
      return document.querySelectorAll('img, svg, [data-ai-output] script').length + inShadows(document);
    });
    expect(made).toBe(0);
    expect(await page.evaluate(() => (window as { __strataXss?: number }).__strataXss)).toBeUndefined();
    expect(await page.locator('[data-ai-output]').textContent()).toContain(evilName);
    await page.locator('[data-ai-output]').screenshot({ path: join(SHOTS, 'malicious.png') });
    await page.close();
  });

  it('honours <meta name="strata-annotate" content="off">', async () => {
    const page = await openPage(fixtures.page('/optout', 'optout.html', { answer: attributed[0]!.text }));
    await page.waitForTimeout(2500);
    expect(await page.locator('strata-badge').count()).toBe(0);
    await page.close();
  });

  it('side panel: lineage graph from the popover, expandable frontier, copyable query', async () => {
    const out = attributed[0]!;
    const page = await openPage(fixtures.page('/chatgpt-panel', 'chatgpt.html', { prompt: out.prompt ?? '', answer: out.text }));
    const chip = chipIn(page, '[data-message-author-role="assistant"]');
    await waitForChipText(chip, countsText(out.attribution!));
    await chip.click();
    await page.locator('strata-badge .popover .action.graph').click();
    // The worker records the panel's target (and opens the panel, which a headless browser does not draw).
    await expect
      .poll(() => browser.worker.evaluate(() => chrome.storage.session.get('panelTarget').then((x: { panelTarget?: { of?: string } }) => x.panelTarget?.of)))
      .toBe(out.id);

    const panel = await openPage(browser.url('sidepanel.html'), { width: 420, height: 900 });
    const nodes = panel.locator('#graph svg g.node');
    // On failure, say what the panel said (its status line) and any page error.
    await expect
      .poll(async () => ((await nodes.count()) > 0 ? 'drawn' : `status: ${await panel.locator('#status').textContent()}; errors: ${pageErrors.join(' | ')}`), { timeout: 30_000 })
      .toBe('drawn');
    const graph = await query<{ lineageGraph: { nodes: { id: string; kind: string }[]; edges: { from: string; to: string }[]; frontier: { id: string; hiddenNeighbours: number }[] } }>(
      `query($of: ID!) { lineageGraph(of: $of, direction: UPSTREAM, maxDepth: 2, maxNodes: 60) { nodes { id kind } edges { from to } frontier { id hiddenNeighbours } } }`,
      { of: out.id },
    );
    // Kinds with more than 20 nodes start hidden (the root's never): the panel opens on a graph it can show whole.
    const kindCounts = new Map<string, number>();
    for (const n of graph.lineageGraph.nodes) kindCounts.set(n.kind, (kindCounts.get(n.kind) ?? 0) + 1);
    expect((await panel.locator('#kinds .kind-filter').evaluateAll((ls) => ls.map((l) => l.textContent))).sort()).toEqual(
      [...kindCounts].map(([k, c]) => `${k} ${c}`).sort(),
    );
    const rootKind = graph.lineageGraph.nodes.find((n) => n.id === out.id)!.kind;
    const crowded = [...kindCounts].filter(([k, c]) => c > 20 && k !== rootKind);
    const firstView = graph.lineageGraph.nodes.filter((n) => !crowded.some(([k]) => k === n.kind));
    await expect.poll(() => nodes.count()).toBe(firstView.length);
    for (const [k] of crowded) expect(await panel.locator(`#kinds .kind-filter[data-kind="${k}"] input`).isChecked()).toBe(false);
    console.log(`[e2e] side panel: ${graph.lineageGraph.nodes.length} nodes (${[...kindCounts].map(([k, c]) => `${k} ${c}`).join(', ')}); first view ${firstView.length}`);
    // The layered layout as the browser drew it: no two boxes overlap, every edge (sampled along the real curve)
    // leaves its `from` box, ends on its `to` box and passes through no other box.
    expect(geometryProblems(await drawnGeometry(panel))).toEqual([]);
    expect(await panel.locator(`#graph svg g.node.root[data-id="${cssString(out.id)}"]`).isVisible()).toBe(true);
    await panel.screenshot({ path: join(SHOTS, 'sidepanel.png'), fullPage: true });

    // Ticking the hidden kinds draws the whole graph the API gave, still clean.
    for (const [k] of crowded) await panel.locator(`#kinds .kind-filter[data-kind="${k}"] input`).check();
    await expect.poll(() => nodes.count()).toBe(graph.lineageGraph.nodes.length);
    expect((await nodes.evaluateAll((n) => n.map((x) => x.getAttribute('data-id')))).sort()).toEqual(graph.lineageGraph.nodes.map((n) => n.id).sort());
    const ids = new Set(graph.lineageGraph.nodes.map((n) => n.id));
    expect(await panel.locator('#graph svg path.edge').count()).toBe(graph.lineageGraph.edges.filter((e) => ids.has(e.from) && ids.has(e.to)).length);
    expect(await panel.locator(`#graph svg g.node.root[data-id="${cssString(out.id)}"]`).count()).toBe(1);
    const drawn = await drawnGeometry(panel);
    expect(drawn.boxes.length).toBe(graph.lineageGraph.nodes.length);
    expect(graphGeometryProblems(drawn.boxes, drawn.routes)).toEqual([]);
    await panel.screenshot({ path: join(SHOTS, 'sidepanel-all.png'), fullPage: true });

    // Unticking a kind hides its nodes (and their edges); ticking it brings them back.
    const busiest = [...kindCounts].filter(([k]) => k !== rootKind).sort((a, b) => b[1] - a[1])[0]!;
    await panel.locator(`#kinds .kind-filter[data-kind="${busiest[0]}"] input`).uncheck();
    await expect.poll(() => nodes.count()).toBe(graph.lineageGraph.nodes.length - busiest[1]);
    expect(await panel.locator(`#graph svg g.node[data-kind="${busiest[0]}"]`).count()).toBe(0);
    expect(geometryProblems(await drawnGeometry(panel))).toEqual([]);
    await panel.locator(`#kinds .kind-filter[data-kind="${busiest[0]}"] input`).check();
    await expect.poll(() => nodes.count()).toBe(graph.lineageGraph.nodes.length);

    // The copy link's query is exactly what the panel drew, and runs as is.
    const copied = (await panel.locator('#query-text').textContent())!;
    expect(copied).toContain(`lineageGraph(of: ${JSON.stringify(out.id)}, direction: UPSTREAM, maxDepth: 2, maxNodes: 60)`);
    await panel.locator('#copy-query').click();
    await expect.poll(() => panel.locator('#copy-status').textContent()).toMatch(/Copied|Copy failed/);
    const rerun = await query<{ lineageGraph: { nodes: unknown[] } }>(copied);
    expect(rerun.lineageGraph.nodes.length).toBe(graph.lineageGraph.nodes.length);

    // Expanding a frontier node merges in its own lineage graph (one level), exactly as the API gives it.
    const frontier = graph.lineageGraph.frontier.filter((f) => f.hiddenNeighbours > 0);
    if (frontier.length > 0) {
      const target = frontier[0]!.id;
      const more = await query<{ lineageGraph: { nodes: { id: string }[] } }>(
        `query($of: ID!) { lineageGraph(of: $of, direction: UPSTREAM, maxDepth: 1, maxNodes: 60) { nodes { id } } }`,
        { of: target },
      );
      const union = [...new Set([...graph.lineageGraph.nodes, ...more.lineageGraph.nodes].map((n) => n.id))].sort();
      await panel.locator(`#graph svg g.expand[data-expand="${cssString(target)}"]`).click();
      await expect.poll(() => nodes.count()).toBe(union.length);
      expect((await nodes.evaluateAll((n) => n.map((x) => x.getAttribute('data-id')))).sort()).toEqual(union);
      expect(await panel.locator(`#graph svg g.expand[data-expand="${cssString(target)}"]`).count()).toBe(0);
      expect(geometryProblems(await drawnGeometry(panel))).toEqual([]);
      await panel.screenshot({ path: join(SHOTS, 'sidepanel-expanded.png'), fullPage: true });
    }
    await panel.close();
    await page.close();
  });

  it('context menu "Trace with Strata" shows the result beside the selection', async () => {
    const source = attributed.find((o) => o.attribution!.spans.length > 0)!;
    const quote = `As the assistant put it: ${source.attribution!.spans[0]!.text}`;
    const url = fixtures.page('/plain', 'plain.html', { title: 'An article', quote });
    const page = await openPage(url);
    await page.locator('#quote').selectText();
    // A headless browser cannot click a native context menu: run the menu's handler in the worker.
    await browser.worker.evaluate(
      async ({ url, text }) => {
        const [tab] = await chrome.tabs.query({ url });
        await (globalThis as unknown as { __strataTest: { traceSelection(id: number, t: string): Promise<void> } }).__strataTest.traceSelection(tab!.id!, text);
      },
      { url, text: quote },
    );
    const chip = page.locator('strata-selection strata-badge .chip');
    await waitForChipText(chip, /partly traced|fully traced|no lineage|datanets? ·/);
    await page.screenshot({ path: join(SHOTS, 'context-menu.png') });
    await page.close();
  });

  it('per-site off switch from the popover, and back on from the options page', async () => {
    const out = attributed[0]!;
    const url = fixtures.page('/site-switch', 'chatgpt.html', { prompt: '', answer: out.text });
    const page = await openPage(url);
    const chip = chipIn(page, '[data-message-author-role="assistant"]');
    await waitForChipText(chip, countsText(out.attribution!));
    await chip.click();
    await page.locator('strata-badge .popover .action.site-off').click();
    await expect.poll(() => page.locator('strata-badge').count()).toBe(0);
    await page.reload();
    await page.waitForTimeout(2000);
    expect(await page.locator('strata-badge').count()).toBe(0);

    const host = new URL(url).host;
    await setOptions(async (options) => {
      const row = options.locator('#disabled-sites li', { hasText: host });
      await row.locator('button').click();
      await expect.poll(() => options.locator('#disabled-sites li', { hasText: host }).count()).toBe(0);
    });
    await page.reload();
    await waitForChipText(chip, countsText(out.attribution!));
    await page.close();
  });

  it('keeps the API key out of reach of content scripts', async () => {
    const page = await openPage(fixtures.page('/key-check', 'plain.html', { title: 'Key check', quote: 'nothing here' }));
    await setOptions(async (options) => {
      await options.locator('#api-key').fill('e2e-secret-key');
      await options.locator('button.primary').click();
      await expect.poll(() => options.locator('#save-status').textContent()).toBe('Saved');
    });
    const seen = await browser.worker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      // Runs in the page's isolated world: exactly what a content script can do.
      const [res] = await chrome.scripting.executeScript({
        target: { tabId: tab!.id! },
        func: async () => {
          const read = async (area: { get(keys: null): Promise<unknown> }) => {
            try {
              return JSON.stringify(await area.get(null));
            } catch (e) {
              return `denied: ${(e as Error).message}`;
            }
          };
          return { local: await read(chrome.storage.local), session: await read(chrome.storage.session) };
        },
      });
      return res!.result as { local: string; session: string };
    }, page.url());
    expect(seen.local).not.toContain('e2e-secret-key');
    expect(seen.session).not.toContain('e2e-secret-key');
    // The worker does hold it.
    expect(await browser.worker.evaluate(() => chrome.storage.local.get('apiKey').then((x: { apiKey?: string }) => x.apiKey))).toBe('e2e-secret-key');
    await setOptions(async (options) => {
      await options.locator('#remove-key').click();
      await expect.poll(() => options.locator('#save-status').textContent()).toBe('Key removed');
    });
    await page.close();
  });

  it('a revoked key: "Strata key rejected — options", a link to the options page, never "unreachable"; a good key recovers', async () => {
    const out = attributed[0]!;
    const handle = `e2e-revoked-${Date.now().toString(36)}`;
    const created = await gql<{ createContributor: { apiKey: string; contributor: { id: string } } }>(
      api.url,
      'mutation($input: CreateContributorInput!) { createContributor(input: $input) { apiKey contributor { id } } }',
      { input: { handle } },
      ADMIN_KEY,
    );
    expect(created.errors).toBeUndefined();
    const { apiKey, contributor } = created.data!.createContributor;
    await setOptions(async (options) => {
      await options.locator('#api-key').fill(apiKey);
      await options.locator('button.primary').click();
      await expect.poll(() => options.locator('#save-status').textContent()).toBe('Saved');
    });
    // With the key still good, the extension's lookups (sent with it) succeed.
    const accepted = await openPage(fixtures.page('/key-good', 'chatgpt.html', { prompt: '', answer: `${out.text}\n\nA line only the key test shows.` }));
    await waitForChipText(chipIn(accepted, '[data-message-author-role="assistant"]'), /not recorded · trace it\?|datanets? ·/);
    await accepted.close();

    const revoked = await gql(api.url, 'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { contributor { id } } }', { input: { contributorId: contributor.id, reason: 'e2e: a revoked key' } }, ADMIN_KEY);
    expect(revoked.errors).toBeUndefined();
    // What the API itself says to that key now (asked directly): HTTP 401 UNAUTHENTICATED.
    const direct = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(direct.status).toBe(401);

    const page = await openPage(fixtures.page('/key-revoked', 'chatgpt.html', { prompt: '', answer: `${out.text}\n\nA line only the revoked key sees.` }));
    const chip = chipIn(page, '[data-message-author-role="assistant"]');
    await waitForChipText(chip, 'Strata key rejected — options');
    expect(await chip.getAttribute('aria-label')).toMatch(/^Strata rejected your API key \(.+\)\. Open the Strata options to change it$/);
    await page.locator('[data-message-author-role="assistant"]').screenshot({ path: join(SHOTS, 'key-rejected.png') });
    // The chip links to the options page (opened by the worker in a new tab).
    const opened = browser.context.waitForEvent('page', { timeout: 15_000 });
    await chip.click();
    const options = await opened;
    await options.waitForURL(browser.url('options.html'), { timeout: 15_000 });
    await options.close();

    // The side panel says the same, with its own link to the options.
    const panel = await openPage(browser.url(`sidepanel.html?of=${encodeURIComponent(out.id)}`), { width: 420, height: 600 });
    await expect.poll(() => panel.locator('#status').textContent(), { timeout: 20_000 }).toMatch(/^Strata rejected your API key\. .*Change the key in the options$/);
    expect(await panel.locator('#status a.options-link').getAttribute('href')).toBe(browser.url('options.html'));
    await panel.close();

    // Without the key (anonymous reads need none), the same answer is recognised again: a rejection is never cached.
    await setOptions(async (o) => {
      await o.locator('#remove-key').click();
      await expect.poll(() => o.locator('#save-status').textContent()).toBe('Key removed');
    });
    await page.reload();
    await waitForChipText(chip, /not recorded · trace it\?|datanets? ·/);
    await page.close();
  });

  it('says "Strata unreachable — retry" when the API is down, and retry recovers', async () => {
    const out = attributed[0]!;
    await api.stop();
    const text = `${out.text}\n\nA line the cache has not seen.`;
    const page = await openPage(fixtures.page('/unreachable', 'chatgpt.html', { prompt: '', answer: text }));
    const chip = chipIn(page, '[data-message-author-role="assistant"]');
    await waitForChipText(chip, 'Strata unreachable — retry');
    expect(await chip.getAttribute('aria-label')).toMatch(/^Strata unreachable/);
    await page.locator('[data-message-author-role="assistant"]').screenshot({ path: join(SHOTS, 'unreachable.png') });
    const before = await box(page, '#below');

    api = await startTestApi({ seed: false });
    proxy.setTarget(api.url);
    await chip.click(); // retry
    await waitForChipText(chip, 'not recorded · trace it?');
    expect(await box(page, '#below')).toEqual(before); // the state change moved nothing
    await page.close();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
