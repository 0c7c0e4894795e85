import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../api/log/bytes.js';
import { canonicalJson } from '../../../api/log/canonical-json.js';
import { signCheckpoint } from '../../../api/log/checkpoint.js';
import { consistencyProof, inclusionProof, leafHash, rootFromLeafHashes } from '../../../api/log/merkle.js';
import { signingKeyFromSeed } from '../../../api/log/signing-key.js';
import { runVerifyCli, type CliIo } from '../../../api/log/verify-cli.js';

const ORIGIN = 'strata.test/log';
const key = signingKeyFromSeed(ORIGIN, new Uint8Array(randomBytes(32)), 'env');

function event(i: number, overrides: Record<string, unknown> = {}) {
  return {
    type: 'reward',
    outputId: `out-${i}`,
    contentHash: 'ab'.repeat(32),
    fee: '1000',
    payouts: [
      { recipientId: 'contributor-1', role: 'DATA_CONTRIBUTOR', amount: '600' },
      { recipientId: 'owner', role: 'MODEL_OWNER', amount: String(400 + i * 0) },
    ],
    ...overrides,
  };
}

/** A whole log in memory, and the GraphQL answers a Strata server would give for it. */
function makeLog(entries: string[]) {
  const leaves = entries.map((e) => leafHash(new TextEncoder().encode(e)));
  const note = (size: number, ls = leaves) => signCheckpoint({ origin: ORIGIN, size, rootHash: toHex(rootFromLeafHashes(ls.slice(0, size))) }, key);
  return { leaves, note };
}

function fakeServer(entries: string[], currentNote: string, leaves: Uint8Array[]): typeof fetch {
  return (async (_url: string, init?: RequestInit) => {
    const { query, variables } = JSON.parse(String(init?.body)) as { query: string; variables: Record<string, string> };
    let data: unknown;
    if (query.includes('logCheckpoint')) data = { logCheckpoint: { note: currentNote } };
    else if (query.includes('output(')) {
      const index = Number(variables.id!.replace('out-', ''));
      const treeSize = Number(variables.treeSize);
      data = {
        output: {
          logEntry: {
            index: String(index),
            leafHash: toHex(leaves[index]!),
            entry: entries[index],
            inclusionProof: inclusionProof(leaves, index, treeSize).map(toHex),
          },
        },
      };
    } else if (query.includes('consistencyProof')) {
      data = { consistencyProof: consistencyProof(leaves, Number(variables.from), Number(variables.to)).map(toHex) };
    }
    return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

function harness(files: Record<string, string>, fetchImpl?: typeof fetch) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    fetch: fetchImpl ?? ((() => Promise.reject(new Error('no network in this test'))) as typeof fetch),
    readFile: (p) => {
      if (!(p in files)) throw new Error(`ENOENT: ${p}`);
      return files[p]!;
    },
    writeFile: (p, t) => {
      written[p] = t;
    },
  };
  return { io, out, err, written };
}

const entries = Array.from({ length: 10 }, (_, i) => canonicalJson(event(i)));
const log = makeLog(entries);

function entryFile(index: number, treeSize: number, extra: Record<string, unknown> = {}, list = entries, leaves = log.leaves) {
  return JSON.stringify({
    index,
    entry: list[index],
    leafHash: toHex(leaves[index]!),
    inclusionProof: inclusionProof(leaves, index, treeSize).map(toHex),
    treeSize,
    ...extra,
  });
}

describe('verify CLI, offline with an entry file', () => {
  it('passes every check for an honest log and prints each', async () => {
    const h = harness({ 'saved.note': log.note(7), 'entry.json': entryFile(5, 7) });
    const code = await runVerifyCli(['--public-key', key.verifierKey, '--checkpoint', 'saved.note', '--entry', 'entry.json'], h.io);
    expect(h.err).toEqual([]);
    expect(code).toBe(0);
    expect(h.out.join('\n')).toMatch(/✓ saved checkpoint is signed by the log key \(strata.test\/log, size 7/);
    expect(h.out.join('\n')).toMatch(/✓ entry 5 is included in the signed tree of size 7/);
    expect(h.out.join('\n')).toMatch(/✓ 2 payouts sum exactly to the fee 1000/);
    expect(h.out.at(-1)).toBe('all checks passed');
  });

  it('checks a newer checkpoint from the file against the saved one', async () => {
    const file = entryFile(8, 10, { checkpoint: log.note(10), consistencyProof: consistencyProof(log.leaves, 4, 10).map(toHex) });
    const h = harness({ 'saved.note': log.note(4), 'entry.json': file });
    expect(await runVerifyCli(['--public-key', key.verifierKey, '--checkpoint', 'saved.note', '--entry', 'entry.json'], h.io)).toBe(0);
    expect(h.out.join('\n')).toMatch(/✓ current tree \(size 10\) extends the saved one \(size 4\)/);
  });

  it('fails with ✗ on an edited entry, wrong payouts, a wrong key and a rewritten history', async () => {
    const edited = entries.slice();
    edited[5] = edited[5]!.replace('"600"', '"601"');
    const h1 = harness({ 'saved.note': log.note(7), 'entry.json': entryFile(5, 7, { entry: edited[5] }) });
    expect(await runVerifyCli(['--public-key', key.verifierKey, '--checkpoint', 'saved.note', '--entry', 'entry.json'], h1.io)).toBe(1);
    const text1 = h1.out.join('\n');
    expect(text1).toMatch(/✗ leaf hash .* is not the hash of the entry text/);
    expect(text1).toMatch(/✗ inclusion: entry 5 is not proven/);
    expect(text1).toMatch(/✗ payouts: payouts sum to 1001 but the fee is 1000/);

    const other = signingKeyFromSeed(ORIGIN, new Uint8Array(randomBytes(32)), 'env');
    const h2 = harness({ 'saved.note': log.note(7), 'entry.json': entryFile(5, 7) });
    expect(await runVerifyCli(['--public-key', other.verifierKey, '--checkpoint', 'saved.note', '--entry', 'entry.json'], h2.io)).toBe(1);
    expect(h2.out.join('\n')).toMatch(/✗ saved checkpoint: note is not signed by a trusted key/);

    // The log rewrites entry 2 after the client saved size 4, then signs a new, self-consistent tree.
    const forged = entries.slice();
    forged[2] = canonicalJson(event(2, { payouts: [{ recipientId: 'owner', role: 'MODEL_OWNER', amount: '1000' }] }));
    const forgedLog = makeLog(forged);
    const file = entryFile(8, 10, { checkpoint: forgedLog.note(10), consistencyProof: consistencyProof(forgedLog.leaves, 4, 10).map(toHex) }, forged, forgedLog.leaves);
    const h3 = harness({ 'saved.note': log.note(4), 'entry.json': file });
    expect(await runVerifyCli(['--public-key', key.verifierKey, '--checkpoint', 'saved.note', '--entry', 'entry.json'], h3.io)).toBe(1);
    expect(h3.out.join('\n')).toMatch(/✗ consistency: the current tree \(size 10\) does not extend the saved one \(size 4\)/);
    expect(h3.out.join('\n')).toMatch(/✓ entry 8 is included/);
  });

  it('refuses a proof for a different tree size than the checkpoint', async () => {
    const h = harness({ 'saved.note': log.note(7), 'entry.json': entryFile(5, 8) });
    expect(await runVerifyCli(['--public-key', key.verifierKey, '--checkpoint', 'saved.note', '--entry', 'entry.json'], h.io)).toBe(1);
    expect(h.out.join('\n')).toMatch(/✗ inclusion proof is for tree size 8, but the checkpoint is size 7/);
  });
});

describe('verify CLI, against a GraphQL endpoint', () => {
  const args = ['--public-key', key.verifierKey, '--checkpoint', 'saved.note', '--endpoint', 'http://strata.test/graphql', '--output', 'out-6'];

  it('fetches the current checkpoint, the entry with its proof and the consistency proof', async () => {
    const h = harness({ 'saved.note': log.note(3) }, fakeServer(entries, log.note(10), log.leaves));
    expect(await runVerifyCli([...args, '--save-checkpoint', 'next.note'], h.io)).toBe(0);
    const text = h.out.join('\n');
    expect(text).toMatch(/✓ current checkpoint is signed by the log key \(size 10/);
    expect(text).toMatch(/✓ current tree \(size 10\) extends the saved one \(size 3\)/);
    expect(text).toMatch(/✓ entry 6 is included in the signed tree of size 10/);
    expect(h.written['next.note']).toBe(log.note(10));
  });

  it('reports a log that shrank below the saved checkpoint', async () => {
    const h = harness({ 'saved.note': log.note(10) }, fakeServer(entries.slice(0, 8), log.note(8), log.leaves.slice(0, 8)));
    expect(await runVerifyCli(args, h.io)).toBe(1);
    expect(h.out.join('\n')).toMatch(/✗ log shrank: current size 8 is below the saved size 10/);
  });

  it('reports a server that serves a rewritten history', async () => {
    const forged = entries.slice();
    forged[1] = canonicalJson(event(1, { outputId: 'someone-else' }));
    const forgedLog = makeLog(forged);
    const h = harness({ 'saved.note': log.note(3) }, fakeServer(forged, forgedLog.note(10), forgedLog.leaves));
    expect(await runVerifyCli(args, h.io)).toBe(1);
    expect(h.out.join('\n')).toMatch(/✗ consistency/);
  });
});

describe('verify CLI usage', () => {
  it('prints usage with --help', async () => {
    const h = harness({});
    expect(await runVerifyCli(['--help'], h.io)).toBe(0);
    expect(h.out[0]).toMatch(/^Verify an entry of Strata's transparency log/);
    expect(h.out[0]).toMatch(/npm run verify -- --public-key/);
  });

  it.each([
    [['--checkpoint', 'a', '--entry', 'b'], /--public-key is required/],
    [['--public-key', 'k', '--entry', 'b'], /--checkpoint is required/],
    [['--public-key', 'k', '--checkpoint', 'a'], /either --entry or --endpoint/],
    [['--public-key', 'k', '--checkpoint', 'a', '--endpoint', 'http://x'], /--endpoint needs --output/],
    [['--bogus'], /Unknown option/],
  ])('exits 2 on bad usage %#', async (argv, message) => {
    const h = harness({});
    expect(await runVerifyCli(argv, h.io)).toBe(2);
    expect(h.err.join('\n')).toMatch(message);
  });

  it('exits 2 when a file cannot be read', async () => {
    const h = harness({});
    expect(await runVerifyCli(['--public-key', key.verifierKey, '--checkpoint', 'missing.note', '--entry', 'e.json'], h.io)).toBe(2);
    expect(h.err.join('\n')).toMatch(/ENOENT: missing.note/);
  });
});
