import { fromBase64, fromHexHash, toBase64, toHex } from './bytes.js';
import { HASH_SIZE } from './merkle.js';
import {
  NoteError,
  formatVerifierKey,
  openNote,
  parseVerifierKey,
  signNote,
  type NoteSigner,
  type NoteVerifier,
} from './signed-note.js';

/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) bodies inside signed notes:
 * `<origin>\n<tree size>\n<base64 root hash>\n`, optionally followed by extension lines (accepted, never written).
 */

export const DEFAULT_LOG_ORIGIN = 'strata.local/log';

export function logOrigin(env: NodeJS.ProcessEnv = process.env): string {
  return env.STRATA_LOG_ORIGIN || DEFAULT_LOG_ORIGIN;
}

export interface CheckpointHead {
  origin: string;
  size: number;
  /** Lowercase hex SHA-256. */
  rootHash: string;
}

export interface VerifiedCheckpoint extends CheckpointHead {
  extensions: string[];
  /** Names of the trusted keys whose signatures verified. */
  signedBy: string[];
  /** The note exactly as verified, so it can be saved and re-checked later. */
  note: string;
}

export function checkpointText(head: CheckpointHead): string {
  if (head.origin === '' || /[\n\r]/.test(head.origin)) throw new NoteError('checkpoint origin must be one non-empty line');
  if (!Number.isSafeInteger(head.size) || head.size < 0) throw new NoteError(`bad checkpoint tree size ${head.size}`);
  return `${head.origin}\n${head.size}\n${toBase64(fromHexHash(head.rootHash, 'root hash'))}\n`;
}

export function signCheckpoint(head: CheckpointHead, key: NoteSigner): string {
  return signNote(checkpointText(head), key);
}

/** The verifier key line in Go note format that the API publishes for `Checkpoint.publicKey` users. */
export function verifierKey(key: { name: string; publicKey: Uint8Array }): string {
  return formatVerifierKey(key.name, key.publicKey);
}

export function parseCheckpointText(text: string): { origin: string; size: number; rootHash: string; extensions: string[] } {
  const lines = text.split('\n');
  // A well-formed body ends in a newline, so the split leaves one empty string after it.
  if (lines.length < 4 || lines.pop() !== '') throw new NoteError('checkpoint must have origin, size and root lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') throw new NoteError('checkpoint origin line is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    throw new NoteError(`checkpoint tree size ${JSON.stringify(sizeLine)} is not a decimal integer without leading zeros`);
  }
  let root: Uint8Array;
  try {
    root = fromBase64(rootLine, 'checkpoint root hash');
  } catch (e) {
    throw new NoteError((e as Error).message);
  }
  if (root.length !== HASH_SIZE) throw new NoteError(`checkpoint root hash is ${root.length} bytes, not ${HASH_SIZE}`);
  if (extensions.some((l) => l === '')) throw new NoteError('checkpoint extension lines must not be empty');
  return { origin, size: Number(sizeLine), rootHash: toHex(root), extensions };
}

/**
 * Verifies the note's signature against `key` (a verifier key string or a parsed one) and parses the checkpoint.
 * Throws a NoteError that says what is wrong; pass `origin` to also pin the log identity.
 */
export function parseAndVerifyCheckpoint(
  note: string | Uint8Array,
  key: string | NoteVerifier,
  options: { origin?: string } = {},
): VerifiedCheckpoint {
  const verifier = typeof key === 'string' ? parseVerifierKey(key) : key;
  const opened = openNote(note, verifier);
  const body = parseCheckpointText(opened.text);
  if (options.origin !== undefined && body.origin !== options.origin) {
    throw new NoteError(`checkpoint is for log ${JSON.stringify(body.origin)}, expected ${JSON.stringify(options.origin)}`);
  }
  return {
    ...body,
    signedBy: opened.verified.map((s) => s.name),
    note: typeof note === 'string' ? note : new TextDecoder().decode(note),
  };
}
