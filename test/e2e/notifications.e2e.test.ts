/**
 * The side panel's Notifications view end to end (docs/architecture.md#the-extensions-notifications): the built
 * extension in Debian's Chromium against the real API on the real Neo4j. With a contributor's key saved, an output
 * quoting their record is recorded through the API and the RECORD_USED notification appears in the open panel without
 * a reload, with the unread count on the tab; the panel is closed, a proposal names the contributor meanwhile, and the
 * reopened panel replays it (by cursor) without showing the first event twice. A wrong key says "Strata rejected your
 * API key" with the link to the options, no key says how to get notifications.
 * Screenshot: test-results/screenshots/notifications.png.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyConstraints } from '../../api/store/constraints';
import { gql, startTestApi, type TestApi } from '../integration/support/api';
import { expectOk, M, member, type Member } from '../integration/support/contributions';
import { testGraph } from '../integration/support/graph';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { extensionPages, until } from './support/extension-pages';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const EXTENSION_DIR = process.env.STRATA_E2E_EXTENSION_DIR ?? join(repoRoot, 'extension', '.output', 'chrome-mv3');
const SHOTS = join(repoRoot, 'test-results', 'screenshots');
const ADMIN_KEY = 'e2e-notify-admin-key-0123456789';
const RUN = Date.now().toString(36);

// A record people can read in the screenshot; the run's tag keeps it (and its cluster) this run's own.
const RECORD_TEXT =
  `Salt marshes on the Wadden Sea coast bury carbon in their sediments for centuries, and a restored hectare of marsh ` +
  `captures more carbon each year than a hectare of young forest, according to survey ${RUN} of the tidal flats.`;
const MODEL = { name: `Coastal Notes ${RUN}`, version: '1' };

let api: TestApi;
let browser: ExtensionBrowser;
let alice: Member;
let owner: Member;
let model: string;
let aliceRecord: string;
const pageErrors: string[] = [];

const { openPage, saveOptions: saveOptionsTo } = extensionPages(() => browser, pageErrors, { width: 440, height: 760 });
const saveOptions = (apiKey: string | null) => saveOptionsTo(api.url, apiKey);

/** Waits for the panel's stream to be open; when it never is, the status line says why. */
async function connected(panel: Page): Promise<void> {
  await expect
    .poll(async () => `${await panel.locator('#notif-status').getAttribute('data-stream')}: ${await panel.locator('#notif-status').textContent()}`, { timeout: 20_000 })
    .toBe('connected: Connected: new events appear here as they happen.');
}

/** The output's share of Alice's record, as the API says it. */
async function aliceShare(output: string): Promise<number> {
  const res = await gql<{ output: { attribution: { records: { record: { id: string }; share: number }[] } } }>(
    api.url,
    'query($id: ID!) { output(id: $id) { attribution { records { record { id } share } } } }',
    { id: output },
  );
  expect(res.errors).toBeUndefined();
  const mine = res.data!.output.attribution.records.filter((r) => r.record.id === aliceRecord);
  expect(mine, 'the output credits Alice\'s record').toHaveLength(1);
  return mine[0]!.share;
}

const items = (panel: Page) => panel.locator('#notifications > li.notification');

let firstOutput: string;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  // The graph of this run's own (unique names), added to whatever the other e2e files left; its indexes first, as
  // the other files get them with the demo seed.
  await applyConstraints(testGraph());
  api = await startTestApi({ adminKey: ADMIN_KEY, seed: false });
  [alice, owner] = await Promise.all([member(api.url, ADMIN_KEY, `e2e-notify-alice-${RUN}`, ['CONTRIBUTOR']), member(api.url, ADMIN_KEY, `e2e-notify-owner-${RUN}`, ['CONTRIBUTOR'])]);
  const datanet = expectOk(await gql(api.url, M.createDatanet, { input: { name: `Coasts ${RUN}`, admission: 'OPEN' } }, ADMIN_KEY)).createDatanet.datanet.id;
  aliceRecord = expectOk(await gql(api.url, M.submitRecords, { input: { datanetId: datanet, records: [{ text: RECORD_TEXT, license: 'CC0-1.0' }] } }, alice.key)).submitRecords.records[0].id;
  const base = expectOk(await gql(api.url, M.registerBaseModel, { input: { name: `Coastal Base ${RUN}`, family: 'f' } }, ADMIN_KEY)).registerBaseModel.baseModel.id;
  const adapter = expectOk(await gql(api.url, M.registerAdapter, { input: { name: `Coastal LoRA ${RUN}`, baseModelId: base, trainedOn: [datanet] } }, owner.key)).registerAdapter.adapter.id;
  model = expectOk(await gql(api.url, M.registerModel, { input: { ...MODEL, baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }] } }, owner.key)).registerModel.model.id;
  browser = await launchWithExtension(EXTENSION_DIR);
  await saveOptions(alice.key);
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('Notifications in Chromium', () => {
  it('an output that uses the contributor\'s record is shown live, with the unread count, in plain words', async () => {
    const panel = await openPage(browser.url('sidepanel.html'));
    await connected(panel);
    expect(await items(panel).count()).toBe(0);
    expect(await panel.locator('#view-notifications').getAttribute('aria-label')).toBe('Notifications');

    // The owner's model answers with a passage of Alice's record: a RECORD_USED event for Alice.
    const text = `As a recent survey put it: ${RECORD_TEXT.split(' ').slice(0, 24).join(' ')}. Marshes are worth restoring.`;
    firstOutput = expectOk(await gql(api.url, M.recordOutput, { input: { modelId: model, text } }, owner.key)).recordOutput.output.id;
    await api.notifications.settled();

    // No reload: the Lineage tab is showing, and the Notifications tab counts one unread.
    await expect.poll(() => panel.locator('#unread-count').textContent(), { timeout: 20_000 }).toBe('1');
    expect(await panel.locator('#view-notifications').getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await panel.locator('#view-notifications').click();
    await expect(items(panel).count()).resolves.toBe(1);
    const share = await aliceShare(firstOutput);
    const snippet = RECORD_TEXT.split(' ').slice(0, 8).join(' ');
    await expect
      .poll(() => items(panel).first().locator('.what').textContent(), { timeout: 10_000 })
      .toBe(`Your record “${snippet}…” was used in an output of model ${MODEL.name} ${MODEL.version}. It counted for ${Math.round(share * 100)}% of that output.`);
    expect(await items(panel).first().getAttribute('data-kind')).toBe('RECORD_USED');
    expect(await items(panel).first().locator('time').textContent()).toMatch(/^\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC$/);
    // Seen now: the count is gone.
    await expect.poll(() => panel.locator('#unread-count').isHidden()).toBe(true);
    expect(await panel.locator('#notifications').getAttribute('aria-live')).toBe('polite');

    // Keyboard: Tab reaches the item's button, Enter opens the output's lineage.
    const go = items(panel).first().locator('button.go');
    expect(await go.textContent()).toBe('Show the output\'s lineage');
    await panel.locator('#view-notifications').focus();
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'go'; i++) {
      await panel.keyboard.press('Tab');
      focused = await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.className ?? '');
    }
    expect(focused, 'Tab reaches the notification\'s button').toBe('go');
    await panel.keyboard.press('Enter');
    await expect.poll(() => panel.locator('#of').inputValue()).toBe(firstOutput);
    expect(await panel.locator('#lineage-view').isVisible()).toBe(true);
    await panel.close();
  });

  it('reopened, the panel replays what it missed by cursor and shows no event twice', async () => {
    // While the panel is closed, a proposal names Alice.
    const create = 'mutation($input: CreateProposalInput!) { createProposal(input: $input) { proposal { id title } } }';
    const proposal = expectOk(
      await gql(api.url, create, { input: { kind: 'CONTRIBUTOR_SANCTION', subjectId: alice.id, title: 'Suspend payouts while the survey is checked?', rationale: 'A reader asked.' } }, owner.key),
    ).createProposal.proposal;
    await api.notifications.settled();

    const panel = await openPage(browser.url('sidepanel.html?view=notifications'));
    await connected(panel);
    await expect.poll(() => items(panel).count(), { timeout: 20_000 }).toBe(2);
    await expect
      .poll(() => items(panel).first().locator('.what').textContent(), { timeout: 10_000 })
      .toBe('Proposal “Suspend payouts while the survey is checked?” (contributor sanction) names you.');
    const ids = await items(panel).evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')));
    expect(ids).toEqual([`proposal-named:${proposal.id.split(':')[1]}:${alice.localId}`, `record-used:${firstOutput.split(':')[1]}:${alice.localId}`]);
    // The replay starts a minute before the cursor, so the first event came again: still listed once.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await items(panel).count()).toBe(2);
    // The panel down to the end of the list (the rest of the window is empty).
    const bottom = await panel.locator('#notifications').evaluate((ol) => Math.ceil(ol.getBoundingClientRect().bottom) + 16);
    await panel.screenshot({ path: join(SHOTS, 'notifications.png'), clip: { x: 0, y: 0, width: 440, height: bottom } });

    // The proposal's button opens it in the Governance list.
    await items(panel).first().locator('button.go').click();
    await expect.poll(() => panel.locator(`li.proposal[data-id="${proposal.id}"]`).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await panel.locator('#view-governance').getAttribute('aria-pressed')).toBe('true');
    await panel.close();
  });

  it('a wrong key shows "Strata rejected your API key" with the link to the options, not "unreachable"', async () => {
    await saveOptions(`not-a-real-key-${RUN}`);
    const panel = await openPage(browser.url('sidepanel.html?view=notifications'));
    await expect.poll(() => panel.locator('#notif-status').textContent(), { timeout: 20_000 }).toMatch(/^Strata rejected your API key\. .*Change the key in the options$/);
    expect(await panel.locator('#notif-status').getAttribute('data-stream')).toBe('key-rejected');
    expect(await panel.locator('#notif-status a.options-link').getAttribute('href')).toBe(browser.url('options.html'));
    // Another key, another inbox: Alice's notifications are not shown to it.
    expect(await items(panel).count()).toBe(0);
    await panel.close();
  });

  it('without a key it says how to get notifications', async () => {
    await saveOptions(null);
    const panel = await openPage(browser.url('sidepanel.html?view=notifications'));
    await expect.poll(() => panel.locator('#notif-status').textContent(), { timeout: 20_000 }).toBe('Add your API key in options to get notifications. Open the options');
    expect(await panel.locator('#notif-status a.options-link').getAttribute('href')).toBe(browser.url('options.html'));
    await panel.close();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
