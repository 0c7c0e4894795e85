import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTION_METHOD_VERSION } from '../../api/attribution/attribute-text.js';
import { attributionEvent } from '../../api/attribution/attribution-event.js';
import { SPAN_TRACE_V1 } from '../../api/attribution/trace/trace-method.js';
import { checkPayouts } from '../../api/log/payouts.js';
import { appendLogEntry } from '../../api/log/log-service.js';
import { PLATFORM_RECIPIENT, splitOutputFee } from '../../api/rewards/split-fee.js';
import { feeRecipients, importInfluences, importOutputs, influencesOf, setOutputLogIndex } from '../../api/store/outputs.js';
import { policyInForceTx, writePayouts } from '../../api/store/rewards.js';
import { buildDemoPlan, type PlanOutput } from '../../seed/demo-plan.js';
import { withWordsHashes } from '../../seed/words-hashes.js';
import { refLeafHash, refVerifyInclusion } from '../unit/log/independent-verifier.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, member, outcome, type Member } from './support/contributions.js';
import { testGraph } from './support/graph.js';
import { getPersisted } from './support/persisted.js';

// An ATTRIBUTION_CORRECTION end to end on the real Neo4j: a demo output as span-trace/1 attributed it (with a fee and
// the payouts recordOutput made then), corrected by vote to the current method; compensating payouts, the log entry
// that supersedes the old one, and a second execution that changes nothing.
const ADMIN = 'test-admin-key-correction';
const PERIOD_SECONDS = 20;
const FEE = 1_000_003n;
const plan = buildDemoPlan();
const planV1 = buildDemoPlan(SPAN_TRACE_V1);
let api: TestApi;
let proposer: Member;
let voter: Member;
let old: PlanOutput; // the v1 attribution, stored under a new id
let current: PlanOutput; // the same output as the current method attributes it (the demo seed)
let outputId: string;
let proposalId: string;
let votingEndsAt: string;
let oldLogIndex: number;

const ATTRIBUTION = 'method methodVersion coverage datanets { datanet { id } share } contributors { contributor { id } share } records { record { id } share }';
const OUTPUT = `query($id: ID!) { output(id: $id) { id attribution { ${ATTRIBUTION} } rewards { id recipientId role amount correctedBy { id } }
  logEntry { index leafHash entry } } }`;
const IMPACT = `query($id: ID!) { proposal(id: $id) { status impact { correction { output { id } before { ${ATTRIBUTION} } after { ${ATTRIBUTION} }
  payouts { recipientId role before after delta } } } } }`;
const EXECUTE = `mutation($input: ExecuteProposalInput!) { executeProposal(input: $input) { proposal { id status executedAt
  executionLogEntry { index entry } correctionLogEntry { index leafHash entry } } } }`;
const VERIFY = 'query($id: ID!) { verifyAttribution(outputId: $id) { matches storedMethodVersion differences } }';
const ENTRY = 'query($id: ID!, $size: BigInt) { proposal(id: $id) { correctionLogEntry { index leafHash entry inclusionProof(treeSize: $size) } } }';

const local = (gid: string) => gid.slice(gid.indexOf(':') + 1);
const readOutput = async () => expectOk(await gql(api.url, OUTPUT, { id: `Output:${outputId}` })).output;
const sum = (xs: Iterable<bigint>) => [...xs].reduce((s, x) => s + x, 0n);
const ids = (list: Array<{ contributor: { id: string } }>) => list.map((c) => local(c.contributor.id)).sort();
const byKey = (rows: Array<{ recipientId: string; role: string; amount: string | bigint }>) => {
  const m = new Map<string, bigint>();
  for (const r of rows) m.set(`${r.role}/${r.recipientId}`, (m.get(`${r.role}/${r.recipientId}`) ?? 0n) + BigInt(r.amount));
  for (const [k, v] of m) if (v === 0n) m.delete(k);
  return m;
};

/** What the current method's attribution pays under the policy in force (the one the old payouts were made by). */
async function owedByCurrentMethod(): Promise<Map<string, bigint>> {
  return testGraph().readTx(async (tx) => {
    const policy = await policyInForceTx(tx);
    const a = current.attribution;
    const recipients = (await feeRecipients(tx, { modelId: current.modelId, adapterIds: a.adapters.map((s) => s.id), recordIds: a.records.map((s) => s.id) }))!;
    return byKey(splitOutputFee({ fee: FEE, policy, attribution: a, recipients }));
  });
}

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN, votingPeriodSeconds: PERIOD_SECONDS });
  proposer = await member(api.url, ADMIN, 'corr-proposer', ['CONTRIBUTOR']);
  voter = await member(api.url, ADMIN, 'corr-voter', ['VOTER']);
  // A demo output the two methods credit differently (other contributors, or the same ones by other shares).
  const differs = (o: PlanOutput) => {
    const now = plan.outputs.find((p) => p.id === o.id)!;
    return o.attribution.contributors.length > 0 && JSON.stringify(o.attribution.contributors) !== JSON.stringify(now.attribution.contributors);
  };
  const picked = planV1.outputs.find(differs);
  if (!picked) throw new Error('the demo has no output span-trace/1 and the current method credit differently');
  current = plan.outputs.find((p) => p.id === picked.id)!;
  old = { ...picked, id: `${picked.id}-v1` };
  outputId = old.id;
  // Recorded as recordOutput recorded it with span-trace/1: the output, its attribution, the fee split by the policy
  // in force, and its log entry — through the store's writers, in one transaction.
  oldLogIndex = await testGraph().write(async (tx) => {
    const a = old.attribution;
    await importOutputs(tx, await withWordsHashes([{
      id: old.id, modelId: old.modelId, contentHash: old.contentHash, text: old.text, prompt: old.prompt, fee: FEE.toString(), createdAt: old.createdAt,
      method: a.method, methodVersion: a.methodVersion, coverage: a.coverage, coverageByKind: JSON.stringify(a.coverageByKind ?? []),
      spans: JSON.stringify(a.spans), corpusRecords: old.corpus.records, corpusAsOf: old.corpus.asOfMs,
    }]));
    await importInfluences(tx, influencesOf(old.id, a));
    const policy = await policyInForceTx(tx);
    const recipients = (await feeRecipients(tx, { modelId: old.modelId, adapterIds: a.adapters.map((s) => s.id), recordIds: a.records.map((s) => s.id) }))!;
    const payouts = splitOutputFee({ fee: FEE, policy, attribution: a, recipients });
    await writePayouts(tx, { outputId: old.id, policyId: policy.id, platformId: PLATFORM_RECIPIENT, payouts });
    const logged = payouts.map((p) => ({ recipientId: p.recipientId, role: p.role, amount: p.amount.toString() }));
    const entry = await appendLogEntry(tx, attributionEvent({ outputId: old.id, contentHash: old.contentHash, modelId: old.modelId, attribution: a, fee: FEE, policyId: policy.id, payouts: logged }));
    await setOutputLogIndex(tx, old.id, entry.index);
    return entry.index;
  });
  const created = expectOk(await gql(api.url, `mutation($input: CreateProposalInput!) { createProposal(input: $input) { proposal { id action votingEndsAt } } }`, {
    input: { kind: 'ATTRIBUTION_CORRECTION', title: 'Re-attribute with the current method', rationale: 'span-trace/1 missed passages across sentence ends.', subjectId: `Output:${outputId}` },
  }, proposer.key)).createProposal.proposal;
  expect(created.action).toBe('CORRECT_ATTRIBUTION');
  proposalId = created.id;
  votingEndsAt = created.votingEndsAt;
  expectOk(await gql(api.url, 'mutation($input: CastVoteInput!) { castVote(input: $input) { proposal { id } } }', { input: { proposalId, choice: 'YES' } }, voter.key));
}, 240_000);
afterAll(async () => {
  await api.stop();
});

describe('before execution', () => {
  it('the output verifies as span-trace/1 attributed it, and its payouts sum to the fee', async () => {
    const check = expectOk(await gql(api.url, VERIFY, { id: `Output:${outputId}` })).verifyAttribution;
    expect(check).toEqual({ matches: true, storedMethodVersion: 'span-trace/1+owen/1', differences: [] });
    const out = await readOutput();
    expect(out.attribution.methodVersion).toBe('span-trace/1+owen/1');
    expect(sum(out.rewards.map((r: any) => BigInt(r.amount)))).toBe(FEE);
  });

  it('impact shows the old and the new attribution side by side, and the payouts each makes (Σ delta = 0)', async () => {
    const impact = expectOk(await gql(api.url, IMPACT, { id: proposalId })).proposal.impact.correction;
    expect(impact.output.id).toBe(`Output:${outputId}`);
    expect(impact.before.methodVersion).toBe('span-trace/1+owen/1');
    expect(impact.before.coverage).toBeCloseTo(old.attribution.coverage, 12);
    expect(impact.after.methodVersion).toBe(ATTRIBUTION_METHOD_VERSION);
    expect(impact.after.coverage).toBeCloseTo(current.attribution.coverage, 12);
    expect(ids(impact.after.contributors)).toEqual(current.attribution.contributors.map((c) => c.id).sort());
    const rows = impact.payouts as Array<{ recipientId: string; role: string; before: string; after: string; delta: string }>;
    expect(sum(rows.map((r) => BigInt(r.before)))).toBe(FEE);
    expect(sum(rows.map((r) => BigInt(r.after)))).toBe(FEE);
    expect(sum(rows.map((r) => BigInt(r.delta)))).toBe(0n);
    for (const r of rows) expect(BigInt(r.after) - BigInt(r.before)).toBe(BigInt(r.delta));
    expect(byKey(rows.map((r) => ({ ...r, amount: r.before })))).toEqual(byKey((await readOutput()).rewards));
    expect(byKey(rows.map((r) => ({ ...r, amount: r.after })))).toEqual(await owedByCurrentMethod());
    expect(rows.some((r) => r.delta !== '0')).toBe(true);
  });
});

describe('execution', () => {
  let before: any;
  let preview: any;
  let executed: any;
  let getBefore: { etag: string | null; body: any };

  beforeAll(async () => {
    before = await readOutput();
    // A GET lookup of the output kept in memory (and at a CDN) before the correction.
    const got = await getPersisted(api.url, 'OutputProvenance', { id: `Output:${outputId}` });
    getBefore = { etag: got.headers.get('etag'), body: JSON.parse(await got.text()) };
    expect((await getPersisted(api.url, 'OutputProvenance', { id: `Output:${outputId}` }, { 'if-none-match': getBefore.etag! })).status).toBe(304);
    preview = expectOk(await gql(api.url, IMPACT, { id: proposalId })).proposal.impact.correction;
    const wait = Date.parse(votingEndsAt) - Date.now() + 500;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    executed = expectOk(await gql(api.url, EXECUTE, { input: { proposalId, idempotencyKey: 'corr-execute' } }, proposer.key)).executeProposal.proposal;
  }, 120_000);

  it('the output is re-attributed with the current method, over the corpus it was attributed over; it verifies', async () => {
    expect(executed.status).toBe('EXECUTED');
    const out = await readOutput();
    expect(out.attribution.methodVersion).toBe(ATTRIBUTION_METHOD_VERSION);
    expect(out.attribution.coverage).toBeCloseTo(current.attribution.coverage, 12);
    expect(ids(out.attribution.contributors)).toEqual(current.attribution.contributors.map((c) => c.id).sort());
    const check = expectOk(await gql(api.url, VERIFY, { id: `Output:${outputId}` })).verifyAttribution;
    expect(check).toEqual({ matches: true, storedMethodVersion: ATTRIBUTION_METHOD_VERSION, differences: [] });
  });

  it('a GET lookup after the correction has the new attribution and another ETag: the old one no longer gives 304', async () => {
    expect(getBefore.body.data.output.attribution.methodVersion).toBe('span-trace/1+owen/1');
    const after = await getPersisted(api.url, 'OutputProvenance', { id: `Output:${outputId}` }, { 'if-none-match': getBefore.etag! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(getBefore.etag);
    expect(JSON.parse(await after.text()).data.output.attribution.methodVersion).toBe(ATTRIBUTION_METHOD_VERSION);
  });

  it('payouts: every earlier row unchanged, compensations added (Σ = 0), the net is what the current method pays, exactly', async () => {
    const out = await readOutput();
    const original = out.rewards.filter((r: any) => r.correctedBy === null);
    expect(original).toEqual(before.rewards);
    const comp = out.rewards.filter((r: any) => r.correctedBy !== null);
    expect(comp.length).toBeGreaterThan(0);
    expect(comp.every((r: any) => r.correctedBy.id === proposalId)).toBe(true);
    expect(sum(comp.map((r: any) => BigInt(r.amount)))).toBe(0n);
    expect(sum(out.rewards.map((r: any) => BigInt(r.amount)))).toBe(FEE);
    expect(byKey(out.rewards)).toEqual(await owedByCurrentMethod());
    // The compensations are the deltas voters were shown.
    expect(byKey(comp)).toEqual(byKey(preview.payouts.map((r: any) => ({ ...r, amount: r.delta }))));
  });

  it('the log: a correction entry that supersedes the old one (still there, unchanged), with the payouts owed and the compensations', async () => {
    const out = await readOutput();
    const correction = executed.correctionLogEntry;
    expect(out.logEntry).toEqual(correction);
    const entry = JSON.parse(correction.entry);
    expect(entry).toMatchObject({ type: 'attribution', outputId, methodVersion: ATTRIBUTION_METHOD_VERSION, supersedes: oldLogIndex, fee: FEE.toString(),
      correction: { proposalId: local(proposalId) } });
    expect(checkPayouts(entry)).toMatchObject({ present: true, ok: true, total: FEE.toString() });
    expect(sum(entry.correction.compensations.map((c: any) => BigInt(c.amount)))).toBe(0n);
    expect(byKey(entry.payouts)).toEqual(await owedByCurrentMethod());
    expect(JSON.parse(before.logEntry.entry)).toMatchObject({ methodVersion: 'span-trace/1+owen/1', payouts: expect.any(Array) });
    expect(Number(before.logEntry.index)).toBe(oldLogIndex);
    const stillThere = await testGraph().read<{ leafHash: string }>('MATCH (e:LogEntry {index: $i}) RETURN e.leafHash AS leafHash', { i: oldLogIndex });
    expect(stillThere[0]?.leafHash).toBe(before.logEntry.leafHash);
    expect(JSON.parse(executed.executionLogEntry.entry)).toMatchObject({ type: 'governance.execution', kind: 'ATTRIBUTION_CORRECTION', correctionLogIndex: Number(correction.index) });
    const cp = expectOk(await gql(api.url, '{ logCheckpoint { treeSize rootHash } }')).logCheckpoint;
    const proved = expectOk(await gql(api.url, ENTRY, { id: proposalId, size: cp.treeSize })).proposal.correctionLogEntry;
    expect(refLeafHash(Buffer.from(proved.entry, 'utf8').toString('hex'))).toBe(proved.leafHash);
    expect(refVerifyInclusion(Number(proved.index), Number(cp.treeSize), proved.leafHash, proved.inclusionProof, cp.rootHash)).toBe(true);
  });

  it('impact, once executed, is read back from the log: the same old vs new the voters saw', async () => {
    const impact = expectOk(await gql(api.url, IMPACT, { id: proposalId })).proposal.impact.correction;
    expect(impact.before.coverage).toBeCloseTo(preview.before.coverage, 12);
    expect(impact.after.coverage).toBeCloseTo(preview.after.coverage, 12);
    expect(impact.after.contributors).toEqual(preview.after.contributors);
    expect(impact.payouts).toEqual(preview.payouts);
  });

  it('executing twice changes nothing: a replay by key returns the same proposal, another call is CONFLICT', async () => {
    // Counted here: reading logCheckpoint above may have signed a checkpoint.
    const counts = await graphCounts();
    const replay = expectOk(await gql(api.url, EXECUTE, { input: { proposalId, idempotencyKey: 'corr-execute' } }, proposer.key)).executeProposal.proposal;
    expect(replay.id).toBe(proposalId);
    expect(replay.correctionLogEntry).toEqual(executed.correctionLogEntry);
    const again = await gql(api.url, EXECUTE, { input: { proposalId } }, voter.key);
    expect(outcome(again)).toBe('CONFLICT');
    expect(await graphCounts()).toEqual(counts);
    expect((await readOutput()).logEntry).toEqual(executed.correctionLogEntry);
  });
});
