import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LOG_ORIGIN,
  checkpointText,
  logOrigin,
  parseAndVerifyCheckpoint,
  parseCheckpointText,
  signCheckpoint,
  verifierKey,
} from '../../../api/log/checkpoint.js';
import { NoteError, noteSignerFromSeed, signNote } from '../../../api/log/signed-note.js';
import { loadOrCreateSigningKey, signingKeyFromSeed } from '../../../api/log/signing-key.js';

const ROOT = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const key = signingKeyFromSeed('strata.local/log', new Uint8Array(randomBytes(32)), 'env');

describe('checkpoints', () => {
  it('have the C2SP body: origin, decimal size, base64 root', () => {
    expect(checkpointText({ origin: 'strata.local/log', size: 8, rootHash: ROOT })).toBe(
      'strata.local/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n',
    );
  });

  it('round trip through sign and verify', () => {
    const note = signCheckpoint({ origin: 'strata.local/log', size: 8, rootHash: ROOT }, key);
    expect(note.startsWith('strata.local/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n\u2014 strata.local/log ')).toBe(true);
    const cp = parseAndVerifyCheckpoint(note, key.verifierKey, { origin: 'strata.local/log' });
    expect(cp).toMatchObject({ origin: 'strata.local/log', size: 8, rootHash: ROOT, extensions: [], signedBy: ['strata.local/log'] });
    expect(cp.note).toBe(note);
  });

  it('publishes the verifier key in Go note format', () => {
    expect(verifierKey(key)).toBe(key.verifierKey);
    expect(key.verifierKey).toMatch(/^strata\.local\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
  });

  it('reject a changed size, root or origin, a wrong key and an unexpected origin', () => {
    const note = signCheckpoint({ origin: 'strata.local/log', size: 8, rootHash: ROOT }, key);
    expect(() => parseAndVerifyCheckpoint(note.replace('\n8\n', '\n9\n'), key.verifierKey)).toThrow(/does not verify/);
    expect(() => parseAndVerifyCheckpoint(note.replace('Xcna', 'Xcnb'), key.verifierKey)).toThrow(/does not verify/);
    expect(() => parseAndVerifyCheckpoint(note.replace('strata.local/log\n', 'evil.example/log\n'), key.verifierKey)).toThrow(/does not verify/);
    const other = signingKeyFromSeed('strata.local/log', new Uint8Array(randomBytes(32)), 'env');
    expect(() => parseAndVerifyCheckpoint(note, other.verifierKey)).toThrow(/not signed by a trusted key/);
    expect(() => parseAndVerifyCheckpoint(note, key.verifierKey, { origin: 'other/log' })).toThrow(/checkpoint is for log "strata.local\/log", expected "other\/log"/);
  });

  it.each([
    ['leading zero in size', 'o\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
    ['negative size', 'o\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
    ['root not 32 bytes', 'o\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqt\n'],
    ['root not base64', 'o\n8\n5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\n'],
    ['missing root', 'o\n8\n'],
    ['empty origin', '\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
  ])('reject a malformed body even when validly signed: %s', (_, body) => {
    expect(() => parseCheckpointText(body)).toThrow(NoteError);
  });

  it('accept extension lines after the root', () => {
    const signer = noteSignerFromSeed('k', new Uint8Array(32).fill(7));
    const note = signNote('o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nTimestamp: 1\n', signer);
    expect(parseAndVerifyCheckpoint(note, verifierKey(signer)).extensions).toEqual(['Timestamp: 1']);
  });

  it('take the origin from STRATA_LOG_ORIGIN, defaulting to strata.local/log', () => {
    expect(logOrigin({})).toBe(DEFAULT_LOG_ORIGIN);
    expect(DEFAULT_LOG_ORIGIN).toBe('strata.local/log');
    expect(logOrigin({ STRATA_LOG_ORIGIN: 'strata.example.org/log' })).toBe('strata.example.org/log');
  });
});

describe('signing key loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-log-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a key file with mode 0600 on first use and reuses it after', () => {
    const file = join(dir, 'nested', 'log-signing-key');
    const first = loadOrCreateSigningKey({ file, name: 'strata.local/log' });
    expect(first.source).toBe('generated');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    const second = loadOrCreateSigningKey({ file, name: 'strata.local/log' });
    expect(second.source).toBe('file');
    expect(second.verifierKey).toBe(first.verifierKey);
  });

  it('prefers the env seed over the file', () => {
    const seed = new Uint8Array(randomBytes(32));
    const fromEnv = loadOrCreateSigningKey({ env: Buffer.from(seed).toString('base64'), file: join(dir, 'unused'), name: 'n' });
    expect(fromEnv.source).toBe('env');
    expect(fromEnv.verifierKey).toBe(signingKeyFromSeed('n', seed, 'env').verifierKey);
    expect(() => statSync(join(dir, 'unused'))).toThrow();
  });

  it('names the key after the log origin by default', () => {
    const k = loadOrCreateSigningKey({ env: Buffer.alloc(32, 1).toString('base64') });
    expect(k.name).toBe(logOrigin());
  });

  it('explains a bad env seed', () => {
    expect(() => loadOrCreateSigningKey({ env: 'not base64!', name: 'n' })).toThrow(/STRATA_LOG_SIGNING_KEY must be the base64 of a 32-byte Ed25519 seed/);
    expect(() => loadOrCreateSigningKey({ env: Buffer.alloc(16).toString('base64'), name: 'n' })).toThrow(/got 16 bytes/);
  });
});
