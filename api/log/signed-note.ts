import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { bytesEqual, concatBytes, fromBase64, toBase64, toHex } from './bytes.js';

/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 signatures, interoperable with Go's
 * golang.org/x/mod/sumdb/note: a UTF-8 text ending in a newline, a blank line, then one line per signature,
 * `— <key name> <base64(4-byte key id ‖ 64-byte signature)>`. The signature covers the text including its final
 * newline. Verifier keys are `<name>+<8 hex key id>+<base64(0x01 ‖ 32-byte public key)>`.
 */

const ALG_ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';
const MAX_SIGNATURES = 100;
// DER wrappers that turn raw 32-byte Ed25519 keys into what node:crypto accepts (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteError';
  }
}

export interface NoteVerifier {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

export interface NoteSigner extends NoteVerifier {
  privateKey: KeyObject;
}

export interface NoteSignature {
  name: string;
  /** 8 lowercase hex digits. */
  keyId: string;
}

export interface OpenedNote {
  text: string;
  verified: NoteSignature[];
  /** Signatures by keys the caller did not trust; ignored, as the spec requires. */
  unverified: NoteSignature[];
}

/** Non-empty, no Unicode whitespace, no `+` (it separates the fields of a verifier key). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !/\p{Cs}/u.test(name) && !hasControl(name);
}

export function ed25519KeyId(name: string, publicKey: Uint8Array): Uint8Array {
  const h = createHash('sha256')
    .update(Buffer.from(name, 'utf8'))
    .update(Uint8Array.of(0x0a, ALG_ED25519))
    .update(publicKey)
    .digest();
  return new Uint8Array(h.subarray(0, 4));
}

export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
  if (publicKey.length !== 32) throw new NoteError('an Ed25519 public key is 32 bytes');
  return `${name}+${toHex(ed25519KeyId(name, publicKey))}+${toBase64(concatBytes(Uint8Array.of(ALG_ED25519), publicKey))}`;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) throw new NoteError('verifier key must look like <name>+<8 hex key id>+<base64 key>');
  const name = vkey.slice(0, first);
  const idHex = vkey.slice(first + 1, second);
  const keyB64 = vkey.slice(second + 1);
  if (!isValidKeyName(name)) throw new NoteError(`verifier key has an invalid name ${JSON.stringify(name)}`);
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw new NoteError('verifier key id must be 8 hex digits');
  let key: Uint8Array;
  try {
    key = fromBase64(keyB64, 'verifier key');
  } catch (e) {
    throw new NoteError((e as Error).message);
  }
  if (key[0] !== ALG_ED25519 || key.length !== 33) {
    throw new NoteError('verifier key is not an Ed25519 key (algorithm byte 0x01 and 32 key bytes)');
  }
  const publicKey = key.slice(1);
  const keyId = ed25519KeyId(name, publicKey);
  if (toHex(keyId) !== idHex.toLowerCase()) {
    throw new NoteError(`verifier key id ${idHex} does not match its name and public key (expected ${toHex(keyId)})`);
  }
  return { name, keyId, publicKey };
}

export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new NoteError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function noteSignerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
  const privateKey = ed25519PrivateKeyFromSeed(seed);
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
  return { name, keyId: ed25519KeyId(name, publicKey), publicKey, privateKey };
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  if (text.includes('\n\n')) throw new NoteError('note text must not contain blank lines');
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const blob = toBase64(concatBytes(signer.keyId, new Uint8Array(signature)));
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${blob}\n`;
}

/**
 * Parses a signed note and checks it carries a valid signature by at least one of `verifiers`. A signature by a
 * trusted key that does not verify rejects the whole note; signatures by unknown keys are ignored.
 */
export function openNote(note: string | Uint8Array, verifiers: NoteVerifier | readonly NoteVerifier[]): OpenedNote {
  const trusted = Array.isArray(verifiers) ? (verifiers as readonly NoteVerifier[]) : [verifiers as NoteVerifier];
  const msg = typeof note === 'string' ? note : decodeUtf8(note);
  checkText(msg);
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note: no blank line between the text and the signatures');
  const text = msg.slice(0, split + 1);
  const sigBlock = msg.slice(split + 2);
  if (sigBlock === '' || !sigBlock.endsWith('\n')) {
    throw new NoteError('malformed note: signature lines must follow the blank line and end with a newline');
  }
  const lines = sigBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError(`note has more than ${MAX_SIGNATURES} signatures`);

  const textBytes = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw new NoteError(`malformed signature line (must start with an em dash and a space): ${JSON.stringify(line)}`);
    }
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const b64 = space < 0 ? '' : rest.slice(space + 1);
    let blob: Uint8Array;
    try {
      blob = fromBase64(b64, 'signature');
    } catch {
      throw new NoteError(`malformed signature line: ${JSON.stringify(line)}`);
    }
    if (!isValidKeyName(name) || blob.length < 5) throw new NoteError(`malformed signature line: ${JSON.stringify(line)}`);
    const keyId = blob.subarray(0, 4);
    const sig = blob.subarray(4);
    const entry = { name, keyId: toHex(keyId) };
    const verifier = trusted.find((v) => v.name === name && bytesEqual(v.keyId, keyId));
    if (!verifier) {
      unverified.push(entry);
      continue;
    }
    const id = `${name}+${entry.keyId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (sig.length !== 64 || !verify(null, textBytes, publicKeyObject(verifier.publicKey), sig)) {
      throw new NoteError(`signature by ${id} does not verify: the note text or the signature was altered`);
    }
    verified.push(entry);
  }
  if (verified.length === 0) {
    const expected = trusted.map((v) => `${v.name}+${toHex(v.keyId)}`).join(', ');
    const found = unverified.map((s) => `${s.name}+${s.keyId}`).join(', ') || 'none';
    throw new NoteError(`note is not signed by a trusted key (trusted: ${expected}; signatures found: ${found})`);
  }
  return { text, verified, unverified };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new NoteError('malformed note: not valid UTF-8');
  }
}

function hasControl(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0009\u000b-\u001f]/.test(s);
}

function checkText(text: string): void {
  if (text === '' || !text.endsWith('\n')) throw new NoteError('note text must be non-empty and end with a newline');
  if (hasControl(text)) throw new NoteError('note text must not contain control characters other than newline');
  if (/\p{Cs}/u.test(text)) throw new NoteError('note text must be valid Unicode');
}
