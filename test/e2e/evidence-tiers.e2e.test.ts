/**
 * Evidence tiers in the extension, end to end (docs/architecture.md#attribution): the built extension in Debian's
 * Chromium against the real API — with the paraphrase tier on (the pinned model, fetched from Maven Central like the
 * integration tests fetch it) — on the real, seeded Neo4j. One answer holds a demo record's sentence word for word, a
 * sentence of another with one word changed, and a third record's sentence reworded: recorded (recognised by its
 * hash) and traced (on the user's click), each highlight carries its tier's style, its tooltip and the popover's
 * passages show the source's text around the match with the match marked, and the popover splits the coverage by tier.
 * Screenshots: test-results/screenshots/popover.png, highlight.png, traced-tiers.png.
 * STRATA_SEMANTIC=off runs it without the paraphrase tier (and without the reworded sentence's SEMANTIC checks).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEmbeddingModel } from '../../tools/embedding-model/fetch-model';
import { gql, startTestApi, type TestApi } from '../integration/support/api';
import { until as untilWithin } from './support/extension-pages';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const EXTENSION_DIR = process.env.STRATA_E2E_EXTENSION_DIR ?? join(repoRoot, 'extension', '.output', 'chrome-mv3');
const FIXTURES_DIR = join(repoRoot, 'test', 'e2e', 'fixtures');
const SHOTS = join(repoRoot, 'test-results', 'screenshots');
const ADMIN_KEY = 'e2e-tiers-admin-key-0123456789';
const semanticOn = process.env.STRATA_SEMANTIC !== 'off';

// Sentences of demo records (seed/corpus: the World Factbook datanet):
// rec_factbook.be.background, word for word;
const EXACT_SENTENCE = 'The country prospered in the past half century as a modern, technologically advanced European state and member of NATO and the EU.';
// rec_factbook.bb.background says "…when first settled by the British in 1627": one word changed;
const NEAR_SENTENCE = 'The island was uninhabited when first colonised by the British in 1627.';
const NEAR_SOURCE_WORDS = 'first settled by the British in 1627';
// rec_factbook.ar.background says "After Bolivia, Paraguay, and Uruguay went their separate ways, the area that remained
// became Argentina.": reworded, sharing no four words with it (the paraphrase tier's integration test uses it too).
const REWORDED_SENTENCE = 'When Bolivia, Paraguay and Uruguay separated, the remaining territory formed Argentina.';
const ANSWER = ['Here is a short history.', EXACT_SENTENCE, NEAR_SENTENCE, REWORDED_SENTENCE].join(' ');

type Kind = 'EXACT' | 'NEAR' | 'SEMANTIC';
interface ApiSource {
  context: string;
  matchStart: number;
  matchEnd: number;
  record: { id: string; text: string; datanet: { name: string } | null; contributor: { handle: string } | null };
}
interface ApiSpan {
  start: number;
  end: number;
  text: string;
  kind: Kind;
  similarity: number;
  sources: ApiSource[];
}
interface ApiAttribution {
  coverage: number;
  coverageByKind: { kind: Kind; coverage: number }[];
  spans: ApiSpan[];
}
const ATTRIBUTION = /* GraphQL */ `coverage coverageByKind { kind coverage }
  spans { start end text kind similarity sources { context matchStart matchEnd record { id text datanet { name } contributor { handle } } } }`;

async function query<T>(q: string, variables: Record<string, unknown> = {}, key?: string): Promise<T> {
  const res = await gql<T>(api.url, q, variables, key);
  if (res.errors?.length) throw new Error(`API error: ${res.errors.map((e) => e.message).join('; ')}`);
  return res.data as T;
}

// ---------------------------------------------------------------------------------------------------------------
// What the extension should say, written out here from the API's numbers (not with the extension's own code)

const pct = (f: number) => {
  const p = Math.round(f * 100);
  return p === 0 && f > 0 ? '<1%' : p === 100 && f < 1 ? '>99%' : `${p}%`;
};
const PHRASE: Record<Kind, string> = { EXACT: 'word for word', NEAR: 'reworded', SEMANTIC: 'paraphrased' };
const LINE: Record<Kind, string> = { EXACT: 'solid', NEAR: 'dashed', SEMANTIC: 'dotted' };
const tierText = (s: ApiSpan) =>
  s.kind === 'EXACT' ? 'Word for word' : `${s.kind === 'NEAR' ? 'Reworded' : 'Paraphrased'} · ${pct(s.similarity)} similar`;
function coverageLine(a: ApiAttribution): string {
  const parts = (['EXACT', 'NEAR', 'SEMANTIC'] as const).flatMap((k) => {
    const c = a.coverageByKind.find((x) => x.kind === k)?.coverage ?? 0;
    return c > 0 ? [`${pct(c)} ${PHRASE[k]}`] : [];
  });
  return `Coverage: ${pct(a.coverage)} of the text — ${parts.join(', ')}`;
}

/** The answer's spans must hold the three tiers this test is about (else the input, not the extension, is wrong). */
function spanOf(a: ApiAttribution, kind: Kind, words: string): { span: ApiSpan; index: number } {
  const index = a.spans.findIndex((s) => s.kind === kind && s.text.includes(words));
  expect(index, `a ${kind} span with "${words}" in ${JSON.stringify(a.spans.map((s) => [s.kind, s.text]))}`).toBeGreaterThanOrEqual(0);
  return { span: a.spans[index]!, index };
}

// ---------------------------------------------------------------------------------------------------------------
// Page helpers

async function openPage(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
  await page.goto(url);
  return page;
}

// Rendering the tiers waits on a trace: a longer patience than the support module's default.
const until = <T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string) => untilWithin(read, ok, what, 20_000);

const chipText = (chip: Locator) => async () => ((await chip.count()) > 0 ? ((await chip.first().textContent()) ?? '') : '');

/** Every highlight as drawn: its span, tier attribute, the line under it (computed style) and its words. */
async function drawnMarks(page: Page) {
  return page.locator('strata-mark[data-strata-span]').evaluateAll((ms) =>
    ms.map((m) => ({
      span: Number(m.getAttribute('data-strata-span')),
      kind: m.getAttribute('data-strata-kind'),
      line: getComputedStyle(m).borderBottomStyle,
      text: m.textContent ?? '',
    })),
  );
}

/** Each span's highlights carry its tier and that tier's line; and the three tiers are all drawn. */
async function expectTieredHighlights(page: Page, a: ApiAttribution, expected: Kind[]): Promise<void> {
  await until(() => page.locator('strata-mark[data-strata-span]').count(), (n) => n > 0, 'highlights');
  const marks = await drawnMarks(page);
  for (const m of marks) {
    const span = a.spans[m.span]!;
    expect(m.kind, `highlight of "${m.text}"`).toBe(span.kind);
    expect(m.line, `line under "${m.text}" (${span.kind})`).toBe(LINE[span.kind]);
  }
  expect([...new Set(marks.map((m) => m.kind))].sort()).toEqual([...expected].sort());
}

/** The tooltip of a highlight, focused (as a keyboard user does) or hovered: tier, source, context. */
async function expectTooltip(page: Page, spanIndex: number, span: ApiSpan, how: 'focus' | 'hover'): Promise<Locator> {
  const mark = page.locator(`strata-mark[data-strata-span="${spanIndex}"]`).first();
  await (how === 'focus' ? mark.focus() : mark.hover());
  const tip = page.locator('strata-tooltip .tip');
  await tip.waitFor({ state: 'visible' });
  expect(await tip.locator('.tier').textContent()).toBe(tierText(span));
  const source = span.sources[0]!;
  const li = tip.locator('.sources li').first();
  expect(await li.locator('.dn').textContent()).toBe(source.record.datanet!.name);
  expect(await li.locator('.by').textContent()).toBe(` · by ${source.record.contributor!.handle}`);
  // The record's own text around the match, the match marked exactly where the API says it is.
  const marked = source.context.slice(source.matchStart, source.matchEnd);
  expect(await li.locator('.context mark').textContent()).toBe(marked);
  expect(source.record.text).toContain(source.context);
  const shown = ((await li.locator('.context').textContent()) ?? '').replace(/^…|…$/g, '');
  expect(source.context).toContain(shown);
  expect(await li.textContent()).not.toContain(source.record.id);
  return tip;
}

// ---------------------------------------------------------------------------------------------------------------

let api: TestApi;
let fixtures: FixtureServer;
let browser: ExtensionBrowser;
const pageErrors: string[] = [];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  const dir = semanticOn ? await ensureEmbeddingModel({ log: (line) => console.log(`[model] ${line}`) }) : '';
  api = await startTestApi({ adminKey: ADMIN_KEY, config: { semantic: semanticOn, ...(dir ? { embeddingModelDir: dir } : {}) } });
  fixtures = await startFixtureServer(FIXTURES_DIR);
  browser = await launchWithExtension(EXTENSION_DIR);
  const options = await openPage(browser.url('options.html'));
  await options.waitForFunction(() => (document.getElementById('endpoint') as HTMLInputElement).value !== '');
  await options.locator('#endpoint').fill(api.url);
  await options.locator('button.primary').click();
  await until(() => options.locator('#save-status').textContent(), (t) => t === 'Saved', 'saving the endpoint');
  await options.close();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
  await api?.stop();
});

const expectedKinds: Kind[] = semanticOn ? ['EXACT', 'NEAR', 'SEMANTIC'] : ['EXACT', 'NEAR'];

describe('evidence tiers in Chromium', () => {
  it('a recorded answer: each highlight styled by its tier, its source in context, coverage split by tier in the popover', async () => {
    const models = await query<{ models: { edges: { node: { id: string } }[] } }>('{ models(first: 1) { edges { node { id } } } }');
    const recorded = await query<{ recordOutput: { output: { contentHash: string; attribution: ApiAttribution } } }>(
      `mutation($m: ID!, $t: String!) { recordOutput(input: {modelId: $m, text: $t}) { output { contentHash attribution { ${ATTRIBUTION} } } } }`,
      { m: models.models.edges[0]!.node.id, t: ANSWER },
      ADMIN_KEY,
    );
    const a = recorded.recordOutput.output.attribution;
    const exact = spanOf(a, 'EXACT', 'technologically advanced European state');
    const near = spanOf(a, 'NEAR', 'colonised');
    const semantic = semanticOn ? spanOf(a, 'SEMANTIC', 'remaining territory') : null;
    console.log(`[e2e] tiers of the recorded answer: ${a.spans.map((s) => `${s.kind} ${s.similarity.toFixed(2)} "${s.text}"`).join(' | ')}`);

    const page = await openPage(fixtures.page('/tiers-recorded', 'chatgpt.html', { prompt: 'Three bits of history, please', answer: ANSWER }));
    await page.setViewportSize({ width: 1000, height: 900 });
    const chip = page.locator('[data-message-author-role="assistant"] strata-badge .chip');
    await until(chipText(chip), (t) => /datanets? ·/.test(t), 'the badge of the recorded answer');
    await expectTieredHighlights(page, a, expectedKinds);

    // Hover or focus: the tier in words, the datanet, the contributor, the record's text with the match marked.
    await expectTooltip(page, exact.index, exact.span, 'focus');
    await page.locator(`strata-mark[data-strata-span="${exact.index}"]`).first().blur();
    const tip = await expectTooltip(page, near.index, near.span, 'hover');
    // The near copy's source is the record as written: the matched words are the record's ("settled"), not the answer's.
    expect(await tip.locator('.context mark').textContent()).toContain(NEAR_SOURCE_WORDS);
    await page.screenshot({ path: join(SHOTS, 'highlight.png'), clip: { x: 0, y: 0, width: 1000, height: 420 } });
    if (semantic) await expectTooltip(page, semantic.index, semantic.span, 'focus');
    await page.locator('strata-mark:focus').blur();
    await page.locator('[data-message-author-role="user"]').hover();

    // The popover: the coverage line by tier, the legend, and passages that expand to their sources in context.
    await chip.click();
    const popover = page.locator('strata-badge .popover');
    await popover.waitFor({ state: 'visible' });
    // All of it inside the window (it scrolls when it is taller than the room it has).
    const placed = (await popover.boundingBox())!;
    expect(placed.y).toBeGreaterThanOrEqual(0);
    expect(placed.y + placed.height).toBeLessThanOrEqual(page.viewportSize()!.height);
    expect(await popover.locator('.coverage').textContent()).toBe(coverageLine(a));
    expect(await popover.locator('.legend .sample').evaluateAll((xs) => xs.map((x) => [x.getAttribute('data-kind'), x.textContent, getComputedStyle(x).borderBottomStyle]))).toEqual(
      (['EXACT', 'NEAR', 'SEMANTIC'] as const).map((k) => [k, PHRASE[k], LINE[k]]),
    );
    expect(await popover.locator('details.passage').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-kind')))).toEqual(a.spans.slice(0, 8).map((s) => s.kind));

    const passage = popover.locator(`details.passage[data-span="${near.index}"]`);
    await passage.locator('summary').focus();
    await page.keyboard.press('Enter'); // keyboard users expand a passage too
    await until(() => passage.getAttribute('open'), (v) => v !== null, 'the passage opening');
    expect(await passage.locator('.tier').textContent()).toBe(tierText(near.span));
    const src = near.span.sources[0]!;
    expect(await passage.locator('.sources li .context').first().textContent()).toBe(src.context);
    expect(await passage.locator('.sources li .context mark').first().textContent()).toBe(src.context.slice(src.matchStart, src.matchEnd));
    await passage.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
    await page.screenshot({ path: join(SHOTS, 'popover.png'), clip: await around(popover, chip) });
    await page.close();
  });

  it('a traced answer (on the user\'s click): the same tiers, styles and sources', async () => {
    const text = `A reader pasted this into a note. ${EXACT_SENTENCE} ${NEAR_SENTENCE} ${REWORDED_SENTENCE}`;
    const traced = await query<{ traceText: { attribution: ApiAttribution } }>(`query($t: String!) { traceText(text: $t) { attribution { ${ATTRIBUTION} } } }`, { t: text });
    const a = traced.traceText.attribution;
    const near = spanOf(a, 'NEAR', 'colonised');
    if (semanticOn) spanOf(a, 'SEMANTIC', 'remaining territory');

    const page = await openPage(fixtures.page('/tiers-traced', 'protocol.html', { title: 'A note', outputId: '', answer: text }));
    await page.setViewportSize({ width: 1000, height: 700 });
    const chip = page.locator('[data-ai-output] strata-badge .chip');
    await until(chipText(chip), (t) => t === 'not recorded · trace it?', 'the unrecorded badge');
    await chip.click();
    await until(chipText(chip), (t) => /traced/.test(t), 'the traced badge');
    await expectTieredHighlights(page, a, expectedKinds);
    await expectTooltip(page, near.index, near.span, 'focus');
    await page.screenshot({ path: join(SHOTS, 'traced-tiers.png'), clip: { x: 0, y: 0, width: 1000, height: 420 } });
    await page.close();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** A screenshot clip around the popover and its chip, wherever the popover opened (below or above the chip). */
async function around(popover: Locator, chip: Locator) {
  const p = (await popover.boundingBox())!;
  const c = (await chip.boundingBox())!;
  const top = Math.max(0, Math.min(p.y, c.y) - 16);
  const bottom = Math.max(p.y + p.height, c.y + c.height) + 16;
  const left = Math.max(0, Math.min(p.x, c.x) - 16);
  return { x: left, y: top, width: Math.max(p.x + p.width, c.x + c.width) + 16 - left, height: bottom - top };
}
