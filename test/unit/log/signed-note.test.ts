import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../api/log/bytes.js';
import {
  NoteError,
  formatVerifierKey,
  noteSignerFromSeed,
  openNote,
  parseVerifierKey,
  signNote,
  type NoteVerifier,
} from '../../../api/log/signed-note.js';

// The example of golang.org/x/mod/sumdb/note (its package documentation and tests): Ed25519 is deterministic, so
// signing the same text with the same key must reproduce Go's bytes exactly.
const GO_SIGNER_KEY_B64 = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'; // base64(0x01 ‖ seed)
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE =
  `${GO_TEXT}\n` +
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

const goSeed = fromBase64(GO_SIGNER_KEY_B64).slice(1);
const peter = noteSignerFromSeed('PeterNeumann', goSeed);

describe('signed notes, against the Go sumdb/note example', () => {
  it('derives the same key id and verifier key', () => {
    expect(formatVerifierKey(peter.name, peter.publicKey)).toBe(GO_VKEY);
    expect(Buffer.from(peter.keyId).toString('hex')).toBe('c74f20a3');
  });

  it('signs byte for byte like Go', () => {
    expect(signNote(GO_TEXT, peter)).toBe(GO_NOTE);
  });

  it("opens Go's note with the parsed verifier key", () => {
    const opened = openNote(GO_NOTE, parseVerifierKey(GO_VKEY));
    expect(opened.text).toBe(GO_TEXT);
    expect(opened.verified).toEqual([{ name: 'PeterNeumann', keyId: 'c74f20a3' }]);
    expect(openNote(new TextEncoder().encode(GO_NOTE), parseVerifierKey(GO_VKEY)).text).toBe(GO_TEXT);
  });
});

describe('verifier keys', () => {
  it('rejects every truncation and every single-character change of a valid key', () => {
    // Not every slice is guaranteed invalid in theory, but for this key each one is (as in Go's own test).
    for (let i = 0; i < GO_VKEY.length; i++) {
      for (let j = i + 1; j <= GO_VKEY.length; j++) {
        if (i === 0 && j === GO_VKEY.length) continue;
        expect(() => parseVerifierKey(GO_VKEY.slice(i, j)), GO_VKEY.slice(i, j)).toThrow(NoteError);
      }
    }
    for (let i = 0; i < GO_VKEY.length; i++) {
      const changed = GO_VKEY.slice(0, i) + String.fromCharCode(GO_VKEY.charCodeAt(i) + 1) + GO_VKEY.slice(i + 1);
      expect(() => parseVerifierKey(changed), changed).toThrow(NoteError);
    }
  });

  it('explains a key id that does not match', () => {
    expect(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(
      /does not match its name and public key \(expected c74f20a3\)/,
    );
  });

  it('accepts uppercase hex ids like Go and base64 containing "+"', () => {
    expect(parseVerifierKey('PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW').name).toBe('PeterNeumann');
    // Find a key whose base64 contains '+', to prove the split is on the first two only.
    for (let i = 0; i < 200; i++) {
      const s = noteSignerFromSeed('log.example/x', new Uint8Array(randomBytes(32)));
      const vkey = formatVerifierKey(s.name, s.publicKey);
      if (vkey.split('+').length > 3) {
        expect(Buffer.from(parseVerifierKey(vkey).publicKey)).toEqual(Buffer.from(s.publicKey));
        return;
      }
    }
    expect.fail('no key with a "+" in 200 tries');
  });

  it('refuses names with spaces, plus signs or nothing', () => {
    for (const name of ['', 'a b', 'a+b', 'tab\there', 'nl\n']) {
      expect(() => noteSignerFromSeed(name, goSeed)).toThrow(/invalid key name/);
    }
  });
});

describe('tampering', () => {
  const key = noteSignerFromSeed('strata.test/log', new Uint8Array(randomBytes(32)));
  const verifier: NoteVerifier = parseVerifierKey(formatVerifierKey(key.name, key.publicKey));
  const note = signNote('strata.test/log\n5\nAAAA\n', key);

  it('round trips', () => {
    expect(openNote(note, verifier).text).toBe('strata.test/log\n5\nAAAA\n');
  });

  it('rejects a changed body', () => {
    expect(() => openNote(note.replace('\n5\n', '\n6\n'), verifier)).toThrow(/does not verify: the note text or the signature was altered/);
    expect(() => openNote(`x${note}`, verifier)).toThrow(/does not verify/);
  });

  it('rejects a changed signature in every byte of the signature', () => {
    const line = note.slice(note.lastIndexOf('\u2014'));
    const blob = fromBase64(line.slice(line.lastIndexOf(' ') + 1, -1));
    for (let i = 4; i < blob.length; i++) {
      const bad = Uint8Array.from(blob);
      bad[i]! ^= 0x40;
      const tampered = note.replace(toBase64(blob), toBase64(bad));
      expect(() => openNote(tampered, verifier), `byte ${i}`).toThrow(/does not verify/);
    }
  });

  it('rejects a signature made by another key, or a note checked against another key', () => {
    const other = noteSignerFromSeed('strata.test/log', new Uint8Array(randomBytes(32)));
    const otherVerifier = parseVerifierKey(formatVerifierKey(other.name, other.publicKey));
    expect(() => openNote(note, otherVerifier)).toThrow(/not signed by a trusted key .*signatures found: strata\.test\/log\+/);
    // Same name and forged key id, but signed with the other key: the signature check, not the id, must catch it.
    const forged = signNote('strata.test/log\n5\nAAAA\n', { ...other, keyId: key.keyId });
    expect(() => openNote(forged, verifier)).toThrow(/does not verify/);
  });

  it('ignores signatures by unknown keys, but needs one trusted', () => {
    const other = noteSignerFromSeed('witness.example', new Uint8Array(randomBytes(32)));
    const cosigned = note + signNote('strata.test/log\n5\nAAAA\n', other).split('\n\n')[1]!;
    const opened = openNote(cosigned, verifier);
    expect(opened.verified.map((s) => s.name)).toEqual(['strata.test/log']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['witness.example']);
  });

  it.each([
    ['no blank line', 'a\n\u2014 k AAAAAAA=\n'],
    ['no signatures', 'a\n\n'],
    ['signature block without final newline', 'a\n\n\u2014 k AAAAAAA='],
    ['hyphen instead of em dash', 'a\n\n- k AAAAAAA=\n'],
    ['bad base64', 'a\n\n\u2014 k AAAA*AA=\n'],
    ['too short signature', 'a\n\n\u2014 k AAAA\n'],
    ['control character', 'a\rb\n\n\u2014 k AAAAAAA=\n'],
    ['text without final newline', 'a'],
  ])('rejects a malformed note: %s', (_, text) => {
    expect(() => openNote(text, verifier)).toThrow(NoteError);
  });

  it('rejects invalid UTF-8 given as bytes', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(note)]);
    bytes[2] = 0xff;
    expect(() => openNote(bytes, verifier)).toThrow(/not valid UTF-8/);
  });

  it('refuses to sign text it could not be opened again', () => {
    expect(() => signNote('no newline', key)).toThrow(/end with a newline/);
    expect(() => signNote('a\n\nb\n', key)).toThrow(/blank lines/);
    expect(() => signNote('a\u0000\n', key)).toThrow(/control characters/);
  });
});
