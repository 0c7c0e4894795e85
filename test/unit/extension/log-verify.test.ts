import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CheckpointData, LogEntryData } from '../../../extension/lib/api-types';
import {
  bytesToHex,
  hashLeaf,
  noteKeyId,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  rootFromInclusionProof,
  verifyInclusion,
  verifyOutputInLog,
} from '../../../extension/lib/log-verify';
import { buildLog, checkpointText, keyId, leafOf, makeKey, mth, path, signedNote, vkey } from './support/log';

// A hand-built RFC 6962 tree and signed notes (node:crypto; shares nothing with either implementation).
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const u8 = (b: Buffer) => new Uint8Array(b);

describe('RFC 6962 inclusion proofs', () => {
  it('the hand-built tree reproduces the published 8-leaf test vector root', () => {
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const root = mth(data.map((h) => leafOf(Buffer.from(h, 'hex'))));
    expect(root.toString('hex')).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });

  it('hashLeaf is SHA-256(0x00 ‖ UTF-8 entry)', async () => {
    const entry = '{"output":"é"}';
    expect(bytesToHex(await hashLeaf(entry))).toBe(leafOf(Buffer.from(entry, 'utf8')).toString('hex'));
  });

  it('every valid proof verifies and every altered proof, index or size is rejected (sizes 1..24)', { timeout: 60_000 }, async () => {
    for (let n = 1; n <= 24; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafOf(Buffer.from(`entry ${i}`)));
      const root = u8(mth(leaves));
      for (let m = 0; m < n; m++) {
        const proof = path(m, leaves).map(u8);
        const leaf = u8(leaves[m]!);
        expect(await verifyInclusion(BigInt(m), BigInt(n), leaf, proof, root)).toBe(true);
        // Wrong index / size.
        if (n > 1) expect(await verifyInclusion(BigInt((m + 1) % n), BigInt(n), leaf, proof, root)).toBe(false);
        // (The same path can fold to the same root under another size, which is why the size is signed: checked
        // here against the root of the bigger tree.)
        const bigger = u8(mth([...leaves, leafOf(Buffer.from('one more'))]));
        expect(await verifyInclusion(BigInt(m), BigInt(n + 1), leaf, proof, bigger)).toBe(false);
        expect(await verifyInclusion(BigInt(n), BigInt(n), leaf, proof, root)).toBe(false);
        // Altered proof: each element flipped, one dropped, one added.
        for (let i = 0; i < proof.length; i++) {
          const bad = proof.map((p) => p.slice());
          bad[i]![0]! ^= 1;
          expect(await verifyInclusion(BigInt(m), BigInt(n), leaf, bad, root)).toBe(false);
        }
        if (proof.length > 0) expect(await verifyInclusion(BigInt(m), BigInt(n), leaf, proof.slice(1), root)).toBe(false);
        expect(await verifyInclusion(BigInt(m), BigInt(n), leaf, [...proof, root], root)).toBe(false);
        // Altered leaf.
        const badLeaf = leaf.slice();
        badLeaf[31]! ^= 0x80;
        expect(await verifyInclusion(BigInt(m), BigInt(n), badLeaf, proof, root)).toBe(false);
      }
    }
  });

  it('rejects nonsense input without throwing', async () => {
    const z = new Uint8Array(32);
    expect(await rootFromInclusionProof(0n, 0n, z, [])).toBeNull();
    expect(await rootFromInclusionProof(-1n, 4n, z, [])).toBeNull();
    expect(await rootFromInclusionProof(0n, 1n, new Uint8Array(31), [])).toBeNull();
    expect(await rootFromInclusionProof(0n, 2n, z, [new Uint8Array(5)])).toBeNull();
  });
});

// ---- C2SP signed notes ----

describe('signed checkpoints', () => {
  it('parses a note and its checkpoint body', () => {
    const k = makeKey();
    const root = sha(Buffer.from('x'));
    const note = signedNote(checkpointText('strata.test/log', 7, root), k);
    const parsed = parseNote(note);
    expect(parsed.text).toBe(checkpointText('strata.test/log', 7, root));
    expect(parsed.signatures).toHaveLength(1);
    expect(parsed.signatures[0]!.name).toBe(k.name);
    const cp = parseCheckpointText(parsed.text);
    expect(cp).toMatchObject({ origin: 'strata.test/log', treeSize: 7n });
    expect(bytesToHex(cp.rootHash)).toBe(root.toString('hex'));
  });

  it('computes C2SP key ids and reads every supported key format', async () => {
    const k = makeKey();
    expect(bytesToHex(await noteKeyId(k.name, u8(k.raw)))).toBe(keyId(k).toString('hex'));
    const fromVkey = parseVerifierKey(vkey(k));
    expect(fromVkey.name).toBe(k.name);
    expect(Buffer.from(fromVkey.raw).equals(k.raw)).toBe(true);
    expect(Buffer.from(parseVerifierKey(k.raw.toString('base64')).raw).equals(k.raw)).toBe(true);
    expect(Buffer.from(parseVerifierKey(k.raw.toString('hex')).raw).equals(k.raw)).toBe(true);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), k.raw]);
    expect(Buffer.from(parseVerifierKey(spki.toString('base64')).raw).equals(k.raw)).toBe(true);
    const pem = `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`;
    expect(Buffer.from(parseVerifierKey(pem).raw).equals(k.raw)).toBe(true);
    expect(() => parseVerifierKey('not a key')).toThrow();
  });

  it('rejects malformed notes', () => {
    expect(() => parseNote('origin\n1\nAAAA\n')).toThrow(/blank line/);
    expect(() => parseNote('origin\n1\nAAAA\n\n- x AAAA\n')).toThrow(/signature line/);
    expect(() => parseNote('o\n1\nAAAA\n\n\u2014 x AAAAAAAA')).toThrow(/newline/);
    expect(() => parseCheckpointText('o\n01\nAAAA\n')).toThrow(/size/);
    expect(() => parseCheckpointText('o\n1\nAAAA\n')).toThrow(/32 bytes/);
  });
});

// ---- The whole check ----

/** A five-entry log whose entry 3 records this output with its attribution method. */
function logFixture() {
  const outputId = 'T3V0cHV0OmFiYw==';
  const contentHash = 'a'.repeat(64);
  return { outputId, contentHash, ...buildLog({ outputId, contentHash, fields: { method: 'span-owen', methodVersion: '1' } }) };
}

describe('verifyOutputInLog', () => {
  it('verifies an output included under a signed checkpoint', async () => {
    const f = logFixture();
    const v = await verifyOutputInLog({ outputId: f.outputId, contentHash: f.contentHash, logEntry: f.logEntry, checkpoint: f.checkpoint });
    expect(v).toMatchObject({ state: 'verified', index: '3', treeSize: '5', origin: 'strata.test/log' });
  });

  it('accepts the same key given as base64 raw key', async () => {
    const f = logFixture();
    const v = await verifyOutputInLog({
      outputId: f.outputId,
      contentHash: f.contentHash,
      logEntry: f.logEntry,
      checkpoint: { ...f.checkpoint, publicKey: f.key.raw.toString('base64') },
    });
    expect(v.state).toBe('verified');
  });

  const cases: [string, (f: ReturnType<typeof logFixture>) => Parameters<typeof verifyOutputInLog>[0], RegExp][] = [
    ['a different trusted key', (f) => ({ outputId: f.outputId, contentHash: f.contentHash, logEntry: f.logEntry, checkpoint: f.checkpoint, trustedKey: vkey(makeKey()) }), /not signed by the trusted log key/],
    ['a tampered signature', (f) => {
      const sigLine = f.checkpoint.note.split('\n\n')[1]!;
      const b = Buffer.from(sigLine.trim().split(' ').pop()!, 'base64');
      b[10]! ^= 1;
      const note = `${f.checkpoint.note.split('\n\n')[0]}\n\n\u2014 ${f.key.name} ${b.toString('base64')}\n`;
      return { outputId: f.outputId, contentHash: f.contentHash, logEntry: f.logEntry, checkpoint: { ...f.checkpoint, note } };
    }, /signature is invalid/],
    ['a root that differs from the note', (f) => ({ outputId: f.outputId, contentHash: f.contentHash, logEntry: f.logEntry, checkpoint: { ...f.checkpoint, rootHash: 'b'.repeat(64) } }), /root does not match/],
    ['an edited entry', (f) => ({ outputId: f.outputId, contentHash: f.contentHash, logEntry: { ...f.logEntry, entry: f.logEntry.entry.replace('span-owen', 'other') }, checkpoint: f.checkpoint }), /does not hash to its leaf/],
    ['an entry about another output', (f) => ({ outputId: 'someone-else', contentHash: 'c'.repeat(64), logEntry: f.logEntry, checkpoint: f.checkpoint }), /different output/],
    ['a wrong proof', (f) => ({ outputId: f.outputId, contentHash: f.contentHash, logEntry: { ...f.logEntry, inclusionProof: [...f.logEntry.inclusionProof!].reverse() }, checkpoint: f.checkpoint }), /does not lead to the signed root/],
    ['a forged leaf hash for an edited entry', (f) => {
      const entry = f.logEntry.entry.replace('span-owen', 'forged');
      return { outputId: f.outputId, contentHash: f.contentHash, logEntry: { ...f.logEntry, entry, leafHash: leafOf(Buffer.from(entry)).toString('hex') }, checkpoint: f.checkpoint };
    }, /does not lead to the signed root/],
  ];
  it.each(cases)('fails on %s', async (_name, make, reason) => {
    const v = await verifyOutputInLog(make(logFixture()));
    expect(v.state).toBe('failed');
    expect(v.state === 'failed' && v.reason).toMatch(reason);
  });

  it('explains why it could not check', async () => {
    const f = logFixture();
    const base = { outputId: f.outputId, contentHash: f.contentHash };
    expect(await verifyOutputInLog({ ...base, logEntry: null, checkpoint: f.checkpoint })).toEqual({ state: 'unavailable', reason: 'this output has no log entry' });
    expect(await verifyOutputInLog({ ...base, logEntry: f.logEntry, checkpoint: null, checkpointError: 'boom' })).toEqual({ state: 'unavailable', reason: 'no signed checkpoint: boom' });
    expect(await verifyOutputInLog({ ...base, logEntry: { ...f.logEntry, inclusionProof: null }, checkpoint: f.checkpoint })).toMatchObject({ state: 'unavailable', reason: /no inclusion proof/ });
    const late = await verifyOutputInLog({ ...base, logEntry: { ...f.logEntry, index: '9' }, checkpoint: f.checkpoint });
    expect(late).toMatchObject({ state: 'unavailable', reason: /newer than the signed checkpoint/ });
  });
});
