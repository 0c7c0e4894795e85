import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fromBase64, toBase64 } from './bytes.js';
import { logOrigin, verifierKey } from './checkpoint.js';
import { noteSignerFromSeed, type NoteSigner } from './signed-note.js';

/**
 * The log's Ed25519 checkpoint key. Given by env (base64 of the 32-byte seed) in deployments; otherwise kept in a
 * git-ignored local file, created with mode 0600 on first start so a fresh checkout can sign without setup.
 */

export const DEFAULT_SIGNING_KEY_FILE = '.strata/log-signing-key';

export interface LogSigningKey extends NoteSigner {
  /** Verifier key in Go note format, safe to publish. */
  verifierKey: string;
  source: 'env' | 'file' | 'generated';
}

export interface SigningKeyOptions {
  /** Typically process.env.STRATA_LOG_SIGNING_KEY. */
  env?: string | undefined;
  file?: string;
  /** Key name in signatures and the verifier key; defaults to the log origin, as C2SP logs conventionally do. */
  name?: string;
}

export function signingKeyFromSeed(name: string, seed: Uint8Array, source: LogSigningKey['source']): LogSigningKey {
  const signer = noteSignerFromSeed(name, seed);
  return { ...signer, verifierKey: verifierKey(signer), source };
}

function parseSeed(text: string, where: string): Uint8Array {
  let seed: Uint8Array;
  try {
    seed = fromBase64(text.trim(), where);
  } catch {
    throw new Error(`${where} must be the base64 of a 32-byte Ed25519 seed`);
  }
  if (seed.length !== 32) throw new Error(`${where} must be the base64 of a 32-byte Ed25519 seed, got ${seed.length} bytes`);
  return seed;
}

export function loadOrCreateSigningKey(options: SigningKeyOptions = {}): LogSigningKey {
  const name = options.name ?? logOrigin();
  if (options.env) return signingKeyFromSeed(name, parseSeed(options.env, 'STRATA_LOG_SIGNING_KEY'), 'env');
  const file = options.file ?? DEFAULT_SIGNING_KEY_FILE;
  const existing = readIfExists(file);
  if (existing !== undefined) return signingKeyFromSeed(name, parseSeed(existing, file), 'file');

  const seed = new Uint8Array(randomBytes(32));
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx' so two processes starting at once cannot each write a different key; the loser reads the winner's.
    writeFileSync(file, `${toBase64(seed)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      return signingKeyFromSeed(name, parseSeed(readFileSync(file, 'utf8'), file), 'file');
    }
    throw e;
  }
  // The umask can only remove bits, but be explicit: this file is the log's identity.
  chmodSync(file, 0o600);
  return signingKeyFromSeed(name, seed, 'generated');
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
