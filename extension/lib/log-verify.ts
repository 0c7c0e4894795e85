/**
 * Independent client-side verification of Strata's transparency log (docs/architecture.md#the-transparency-log):
 * - RFC 6962 / RFC 9162 Merkle inclusion proofs (leaf = SHA-256(0x00 ‖ entry), node = SHA-256(0x01 ‖ l ‖ r));
 * - C2SP signed-note checkpoints (`origin\nsize\nbase64(root)\n` + extension lines, a blank line, then
 *   `— name base64(keyid[4] ‖ signature[64])` lines), Ed25519 via Web Crypto.
 *
 * Deliberately shares no code with the server's log (api/log/): it is a second implementation, written from the specs.
 * Everything here is plain Web Crypto so it runs in the service worker, in pages and in Node's test runner.
 */
import type { CheckpointData, LogEntryData } from './api-types';

const HASH_LEN = 32;
const utf8 = new TextEncoder();

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  let len = 0;
  for (const p of parts) len += p.length;
  const buf = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    buf.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

export function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('not lowercase hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict, canonical padded base64 (a lenient decoder would let two strings name the same bytes). */
export function base64ToBytes(b64: string): Uint8Array {
  if (!BASE64.test(b64)) throw new Error('not canonical base64');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  if (bytesToBase64(out) !== b64) throw new Error('not canonical base64');
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// RFC 6962 hashing and inclusion proofs

export function hashLeaf(entry: string | Uint8Array): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0x00), typeof entry === 'string' ? utf8.encode(entry) : entry);
}

export function hashChildren(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0x01), left, right);
}

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or null when the proof cannot be valid for this index and
 * tree size (wrong length, index out of range, bad hash sizes).
 */
export async function rootFromInclusionProof(
  index: bigint,
  treeSize: bigint,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<Uint8Array | null> {
  if (index < 0n || treeSize <= 0n || index >= treeSize) return null;
  if (leafHash.length !== HASH_LEN || proof.some((p) => p.length !== HASH_LEN)) return null;
  let fn = index;
  let sn = treeSize - 1n;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await hashChildren(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

export async function verifyInclusion(
  index: bigint,
  treeSize: bigint,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  rootHash: Uint8Array,
): Promise<boolean> {
  const root = await rootFromInclusionProof(index, treeSize, leafHash, proof);
  return root !== null && bytesEqual(root, rootHash);
}

// ---------------------------------------------------------------------------------------------------------------
// C2SP signed notes and checkpoints

export interface NoteSignature {
  name: string;
  keyId: Uint8Array; // 4 bytes
  signature: Uint8Array;
}

export interface ParsedNote {
  /** The signed bytes: every text line with its newline, without the blank separator line. */
  text: string;
  signatures: NoteSignature[];
}

export interface ParsedCheckpoint {
  origin: string;
  treeSize: bigint;
  rootHash: Uint8Array;
  extensions: string[];
}

const SIG_PREFIX = '\u2014 '; // em dash, space

export function parseNote(note: string): ParsedNote {
  const sep = note.indexOf('\n\n');
  if (sep < 0) throw new Error('signed note has no blank line before its signatures');
  const text = note.slice(0, sep + 1);
  const sigBlock = note.slice(sep + 2);
  if (!sigBlock.endsWith('\n')) throw new Error('signed note does not end with a newline');
  const signatures: NoteSignature[] = [];
  for (const line of sigBlock.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) throw new Error('malformed signature line');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.lastIndexOf(' ');
    if (space <= 0) throw new Error('malformed signature line');
    const name = rest.slice(0, space);
    const blob = base64ToBytes(rest.slice(space + 1));
    if (blob.length < 5) throw new Error('signature too short');
    signatures.push({ name, keyId: blob.slice(0, 4), signature: blob.slice(4) });
  }
  if (signatures.length === 0) throw new Error('signed note has no signatures');
  return { text, signatures };
}

export function parseCheckpointText(text: string): ParsedCheckpoint {
  if (!text.endsWith('\n')) throw new Error('checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new Error('checkpoint needs origin, size and root lines');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new Error('checkpoint origin is empty');
  if (!/^(0|[1-9]\d*)$/.test(size)) throw new Error('checkpoint size is not a decimal integer');
  const rootHash = base64ToBytes(root);
  if (rootHash.length !== HASH_LEN) throw new Error('checkpoint root is not 32 bytes');
  return { origin, treeSize: BigInt(size), rootHash, extensions };
}

export interface VerifierKey {
  /** Key name from a `name+keyid+key` verifier string; null when the key came without one. */
  name: string | null;
  keyId: Uint8Array | null;
  raw: Uint8Array; // 32-byte Ed25519 public key
}

const ED25519_SPKI_PREFIX = hexToBytes('302a300506032b6570032100');

/**
 * Accepts a Go note verifier key (`name+hex keyid+base64(0x01 ‖ key)`), base64 or hex of the raw 32-byte key, or an
 * Ed25519 SubjectPublicKeyInfo (base64 DER or PEM).
 */
export function parseVerifierKey(input: string): VerifierKey {
  const s = input.trim();
  const vkey = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(s);
  if (vkey) {
    const blob = base64ToBytes(vkey[3]!);
    if (blob.length !== 33 || blob[0] !== 0x01) throw new Error('verifier key is not an Ed25519 key');
    return { name: vkey[1]!, keyId: hexToBytes(vkey[2]!), raw: blob.slice(1) };
  }
  if (/^[0-9a-f]{64}$/i.test(s)) return { name: null, keyId: null, raw: hexToBytes(s.toLowerCase()) };
  const b64 = s.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  const bytes = base64ToBytes(b64);
  if (bytes.length === 32) return { name: null, keyId: null, raw: bytes };
  if (bytes.length === 44 && bytesEqual(bytes.slice(0, 12), ED25519_SPKI_PREFIX)) {
    return { name: null, keyId: null, raw: bytes.slice(12) };
  }
  throw new Error('unrecognised public key format');
}

/** C2SP key ID: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ key). */
export async function noteKeyId(name: string, raw: Uint8Array): Promise<Uint8Array> {
  const h = await sha256(utf8.encode(name), utf8.encode('\n'), Uint8Array.of(0x01), raw);
  return h.slice(0, 4);
}

export class Ed25519UnsupportedError extends Error {
  constructor() {
    super('this browser cannot verify Ed25519 signatures (Web Crypto)');
    this.name = 'Ed25519UnsupportedError';
  }
}

async function ed25519Verify(raw: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'NotSupportedError') throw new Ed25519UnsupportedError();
    throw e;
  }
  return crypto.subtle.verify(
    { name: 'Ed25519' },
    key,
    signature as Uint8Array<ArrayBuffer>,
    message as Uint8Array<ArrayBuffer>,
  );
}

export type NoteCheck = { ok: true; keyName: string; keyId: string } | { ok: false; reason: string };

/** True when one of the note's signatures is a valid Ed25519 signature by `key` under its key ID. */
export async function verifyNoteSignature(note: ParsedNote, key: VerifierKey): Promise<NoteCheck> {
  if (key.raw.length !== 32) return { ok: false, reason: 'public key is not 32 bytes' };
  let sawCandidate = false;
  for (const sig of note.signatures) {
    if (key.name !== null && sig.name !== key.name) continue;
    const id = await noteKeyId(sig.name, key.raw);
    if (key.keyId !== null && !bytesEqual(key.keyId, id)) continue;
    if (!bytesEqual(sig.keyId, id)) continue;
    sawCandidate = true;
    if (sig.signature.length !== 64) continue;
    if (await ed25519Verify(key.raw, sig.signature, utf8.encode(note.text))) {
      return { ok: true, keyName: sig.name, keyId: bytesToHex(id) };
    }
  }
  return {
    ok: false,
    reason: sawCandidate ? 'checkpoint signature is invalid' : 'checkpoint is not signed by the trusted log key',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The whole check the popover reports

export type LogVerification =
  | { state: 'verified'; index: string; treeSize: string; origin: string; keyId: string }
  | { state: 'failed'; reason: string }
  | { state: 'unavailable'; reason: string };

export interface InclusionInput {
  outputId: string;
  contentHash: string;
  logEntry: LogEntryData | null;
  checkpoint: CheckpointData | null;
  /** Why there is no checkpoint, when there is none. */
  checkpointError?: string;
  /** A key the user configured or pinned on first use; overrides the key the server publishes. */
  trustedKey?: string | null;
}

function mentions(value: unknown, needles: ReadonlySet<string>, depth = 0): boolean {
  if (depth > 8) return false;
  if (typeof value === 'string') return needles.has(value);
  if (Array.isArray(value)) return value.some((v) => mentions(v, needles, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).some((v) => mentions(v, needles, depth + 1));
  }
  return false;
}

export async function verifyOutputInLog(input: InclusionInput): Promise<LogVerification> {
  const { logEntry, checkpoint } = input;
  if (!logEntry) return { state: 'unavailable', reason: 'this output has no log entry' };
  if (!checkpoint) {
    return { state: 'unavailable', reason: `no signed checkpoint${input.checkpointError ? `: ${input.checkpointError}` : ''}` };
  }
  try {
    // 1. The checkpoint: well-formed, consistent with the fields served beside it, signed by the trusted key.
    const note = parseNote(checkpoint.note);
    const cp = parseCheckpointText(note.text);
    if (cp.origin !== checkpoint.origin) return { state: 'failed', reason: 'checkpoint origin does not match its note' };
    if (cp.treeSize.toString() !== checkpoint.treeSize) return { state: 'failed', reason: 'checkpoint size does not match its note' };
    if (bytesToHex(cp.rootHash) !== checkpoint.rootHash) return { state: 'failed', reason: 'checkpoint root does not match its note' };
    const key = parseVerifierKey(input.trustedKey ?? checkpoint.publicKey);
    const sig = await verifyNoteSignature(note, key);
    if (!sig.ok) return { state: 'failed', reason: sig.reason };

    // 2. The entry: hashes to its leaf and is about this output.
    const leaf = await hashLeaf(logEntry.entry);
    if (bytesToHex(leaf) !== logEntry.leafHash) return { state: 'failed', reason: 'log entry does not hash to its leaf hash' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(logEntry.entry);
    } catch {
      return { state: 'failed', reason: 'log entry is not JSON' };
    }
    if (!mentions(parsed, new Set([input.outputId, input.contentHash]))) {
      return { state: 'failed', reason: 'log entry is about a different output' };
    }

    // 3. The inclusion proof leads from the leaf to the signed root.
    const index = BigInt(logEntry.index);
    if (index >= cp.treeSize) {
      return { state: 'unavailable', reason: `entry #${logEntry.index} is newer than the signed checkpoint (size ${cp.treeSize})` };
    }
    if (!logEntry.inclusionProof) return { state: 'unavailable', reason: 'the API sent no inclusion proof' };
    const proof = logEntry.inclusionProof.map(hexToBytes);
    if (!(await verifyInclusion(index, cp.treeSize, leaf, proof, cp.rootHash))) {
      return { state: 'failed', reason: 'inclusion proof does not lead to the signed root' };
    }
    return { state: 'verified', index: logEntry.index, treeSize: cp.treeSize.toString(), origin: cp.origin, keyId: sig.keyId };
  } catch (e) {
    if (e instanceof Ed25519UnsupportedError) return { state: 'unavailable', reason: e.message };
    return { state: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
}
