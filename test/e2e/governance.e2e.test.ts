/**
 * The side panel's Governance view end to end (docs/architecture.md#the-extensions-governance-view): the built
 * extension in Debian's Chromium against the real API on the real, seeded Neo4j. The demo graph has one open
 * CONTRIBUTOR_SANCTION proposal; the view lists it with its impact and the evidence graph around its subject (the
 * lineage tab's dagre renderer, checked for overlaps like the lineage tab's), a non-voter's vote is refused plainly, a
 * voter's vote changes the tally shown, and a rejected key says so. Screenshot: test-results/screenshots/governance.png.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from '../integration/support/api';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { extensionPages, until } from './support/extension-pages';
import { drawnGeometry, geometryProblems } from './support/drawn-geometry';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const EXTENSION_DIR = process.env.STRATA_E2E_EXTENSION_DIR ?? join(repoRoot, 'extension', '.output', 'chrome-mv3');
const SHOTS = join(repoRoot, 'test-results', 'screenshots');
const ADMIN_KEY = 'e2e-gov-admin-key-0123456789';

interface ApiTally {
  yes: number;
  no: number;
  abstain: number;
  eligibleVoters: number;
  quorumReached: boolean;
}
interface ApiProposal {
  id: string;
  kind: string;
  title: string;
  proposer: { handle: string };
  subject: { id: string; handle?: string } | null;
  tally: ApiTally;
  impact: { records: number; clusters: number; duplicates: number; outputs: number };
}

const PROPOSAL = 'id kind title proposer { handle } subject { id ... on Contributor { handle } } tally { yes no abstain eligibleVoters quorumReached } impact { records clusters duplicates outputs }';

async function demoProposal(): Promise<ApiProposal> {
  const res = await gql<{ proposals: { edges: { node: ApiProposal }[] } }>(api.url, `{ proposals(status: OPEN, first: 20) { edges { node { ${PROPOSAL} } } } }`);
  expect(res.errors).toBeUndefined();
  const sanctions = res.data!.proposals.edges.map((e) => e.node).filter((p) => p.kind === 'CONTRIBUTOR_SANCTION');
  expect(sanctions, 'the seeded demo graph has one open CONTRIBUTOR_SANCTION proposal').toHaveLength(1);
  return sanctions[0]!;
}

/** What the view should say, written out here from the API's numbers (not with the extension's formatting code). */
const voters = (n: number) => `${n} voter${n === 1 ? '' : 's'}`;
const tallySentence = (t: ApiTally) =>
  `${t.yes} yes · ${t.no} no · ${t.abstain} abstain — ${t.yes + t.no + t.abstain} of ${voters(t.eligibleVoters)} voted, quorum ${t.quorumReached ? 'reached' : 'not reached'}`;

async function newContributor(handle: string, roles: string[]): Promise<string> {
  const res = await gql<{ createContributor: { apiKey: string } }>(
    api.url,
    'mutation($input: CreateContributorInput!) { createContributor(input: $input) { apiKey } }',
    { input: { handle, roles } },
    ADMIN_KEY,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createContributor.apiKey;
}

/** The subject's lineage graph as the panel asks for it: what a contributor's records went into, two steps out. */
async function subjectGraph(): Promise<{ nodes: { id: string; kind: string }[]; edges: { from: string; to: string }[] }> {
  const res = await gql<{ lineageGraph: { nodes: { id: string; kind: string }[]; edges: { from: string; to: string }[] } }>(
    api.url,
    'query($of: ID!) { lineageGraph(of: $of, direction: DOWNSTREAM, maxDepth: 2, maxNodes: 60) { nodes { id kind } edges { from to } } }',
    { of: demo.subject!.id },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.lineageGraph;
}

const evidenceSvg = () => `li.proposal[data-id="${demo.id}"] .evidence svg`;

/** Waits until the demo proposal's evidence graph is drawn; when it never is, the graph's status line says why. */
async function evidenceDrawn(panel: Page, nodes: number): Promise<void> {
  await expect
    .poll(async () => {
      const drawn = await panel.locator(`${evidenceSvg()} g.node`).count();
      return drawn === nodes ? 'drawn' : `${drawn} nodes; status: ${await panel.locator(`li.proposal[data-id="${demo.id}"] .graph-status`).textContent()}`;
    }, { timeout: 30_000 })
    .toBe('drawn');
}

const governancePanel = () => openPage(browser.url('sidepanel.html?view=governance'));

/** The demo proposal's item in the panel; when it never comes, the panel's status says why. */
async function demoItem(panel: Page) {
  const item = panel.locator(`li.proposal[data-id="${demo.id}"]`);
  try {
    await item.waitFor({ timeout: 30_000 });
  } catch (e) {
    throw new Error(`no proposal shown; the panel says: ${await panel.locator('#gov-status').textContent()}`, { cause: e });
  }
  return item;
}

let api: TestApi;
let browser: ExtensionBrowser;
let demo: ApiProposal;
const pageErrors: string[] = [];
const { openPage, saveOptions: saveOptionsTo } = extensionPages(() => browser, pageErrors, { width: 440, height: 900 });
const saveOptions = (apiKey: string | null) => saveOptionsTo(api.url, apiKey);

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  api = await startTestApi({ adminKey: ADMIN_KEY });
  demo = await demoProposal();
  browser = await launchWithExtension(EXTENSION_DIR);
  await saveOptions(null);
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('Governance view in Chromium', () => {
  it('lists the demo proposal with its kind, proposer, tally and impact in plain words', async () => {
    const panel = await governancePanel();
    const item = await demoItem(panel);
    expect(await item.locator(':scope > .kind').textContent()).toBe('Contributor sanction');
    expect(await item.locator('h2').textContent()).toBe(demo.title);
    expect(await item.locator('.meta').textContent()).toMatch(new RegExp(`^Proposed by ${demo.proposer.handle} · about ${demo.subject!.handle} · Voting ends \\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d UTC$`));
    expect(await item.locator('.tally').textContent()).toBe(tallySentence(demo.tally));
    const impact = await item.locator('.impact li').allTextContents();
    const i = demo.impact;
    expect(i.duplicates, 'the demo proposal is about a contributor with a duplicate').toBeGreaterThanOrEqual(1);
    expect(impact[0]).toBe(
      `${demo.subject!.handle} has ${i.records} record${i.records === 1 ? '' : 's'} in ${i.clusters} content cluster${i.clusters === 1 ? '' : 's'}; ${i.duplicates} ${i.duplicates === 1 ? 'is a copy' : 'are copies'} of a record someone accepted first.`,
    );
    expect(impact[1]).toBe(`Credited in ${i.outputs} recorded output${i.outputs === 1 ? '' : 's'}.`);
    expect(impact[2]).toMatch(/^Earned [\d,]+ base units so far \((<1|>99|\d{1,3})% of all contributors' earnings\); future payouts would be withheld\.$/);

    // The evidence graph around the subject: the nodes lineageGraph gives (a kind with more than 20 starts hidden, as in
    // the lineage tab), the subject as its root, the edges between drawn nodes, laid out with no overlap.
    const graph = await subjectGraph();
    const counts = new Map<string, number>();
    for (const n of graph.nodes) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
    const rootKind = graph.nodes.find((n) => n.id === demo.subject!.id)!.kind;
    const shown = graph.nodes.filter((n) => n.kind === rootKind || counts.get(n.kind)! <= 20);
    expect(shown.length, 'the subject has evidence around it').toBeGreaterThan(1);
    await evidenceDrawn(panel, shown.length);
    const drawnIds = await panel.locator(`${evidenceSvg()} g.node`).evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')));
    expect(drawnIds.sort()).toEqual(shown.map((n) => n.id).sort());
    expect(await panel.locator(`${evidenceSvg()} g.node.root`).getAttribute('data-id')).toBe(demo.subject!.id);
    const ids = new Set(shown.map((n) => n.id));
    expect(await panel.locator(`${evidenceSvg()} path.edge`).count()).toBe(graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to)).length);
    const geometry = await drawnGeometry(panel, evidenceSvg());
    expect(geometry.boxes.length).toBe(shown.length);
    expect(geometryProblems(geometry)).toEqual([]);
    // The graph scrolls inside its box: the panel never gets wider than its window.
    expect(await panel.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    console.log(`[e2e] governance evidence graph: ${graph.nodes.length} nodes (${[...counts].map(([k, c]) => `${k} ${c}`).join(', ')}), ${shown.length} drawn`);
    await panel.close();
  });

  it('a contributor who is not a voter is told so plainly, and nothing is counted', async () => {
    await saveOptions(await newContributor(`e2e-gov-nonvoter-${Date.now().toString(36)}`, ['CONTRIBUTOR']));
    const panel = await governancePanel();
    const item = await demoItem(panel);
    await item.locator('button.vote-yes').click();
    await expect.poll(() => item.locator('.vote-status').textContent(), { timeout: 20_000 }).toMatch(/^Your API key is not a voter's: only contributors with the VOTER role may vote/);
    expect((await demoProposal()).tally).toEqual(demo.tally);
    await panel.close();
  });

  it('a voter\'s vote changes the tally shown, as the API counts it; a second choice replaces the first', async () => {
    await saveOptions(await newContributor(`e2e-gov-voter-${Date.now().toString(36)}`, ['VOTER']));
    const panel = await governancePanel();
    const item = await demoItem(panel);
    expect(await item.locator('.tally').textContent()).toBe(tallySentence(demo.tally));

    await item.locator('button.vote-yes').click();
    await expect.poll(() => item.locator('.vote-status').textContent(), { timeout: 20_000 }).toBe('Your vote: yes.');
    const afterYes = (await demoProposal()).tally;
    expect(afterYes.yes).toBe(demo.tally.yes + 1);
    expect(await item.locator('.tally').textContent()).toBe(tallySentence(afterYes));
    await expect.poll(() => item.locator('.evidence svg g.node').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    await panel.screenshot({ path: join(SHOTS, 'governance.png'), fullPage: true });

    await item.locator('button.vote-no').click();
    await expect.poll(() => item.locator('.vote-status').textContent(), { timeout: 20_000 }).toBe('Your vote: no.');
    const afterNo = (await demoProposal()).tally;
    expect(afterNo).toMatchObject({ yes: demo.tally.yes, no: demo.tally.no + 1 });
    expect(await item.locator('.tally').textContent()).toBe(tallySentence(afterNo));
    await panel.close();
  });

  it('a rejected key shows "Strata rejected your API key" with the link to the options', async () => {
    await saveOptions('not-a-real-key-0123456789');
    const panel = await governancePanel();
    await expect.poll(() => panel.locator('#gov-status').textContent(), { timeout: 20_000 }).toMatch(/^Strata rejected your API key\. .*Change the key in the options$/);
    expect(await panel.locator('#gov-status a.options-link').getAttribute('href')).toBe(browser.url('options.html'));
    await panel.close();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
