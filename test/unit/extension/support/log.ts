/** A hand-built RFC 6962 log with a C2SP signed checkpoint (node:crypto; independent of both implementations). */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { CheckpointData, LogEntryData } from '../../../../extension/lib/api-types';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
export const leafOf = (data: Buffer) => sha(Buffer.from([0]), data);
const nodeOf = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);
const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
export function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeOf(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
export function path(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

export interface Key {
  name: string;
  privateKey: KeyObject;
  raw: Buffer;
}
export function makeKey(name = 'strata.test/log'): Key {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { name, privateKey, raw: publicKey.export({ format: 'der', type: 'spki' }).subarray(12) };
}
export function keyId(k: Key): Buffer {
  return sha(Buffer.from(`${k.name}\n`), Buffer.from([1]), k.raw).subarray(0, 4);
}
export function vkey(k: Key): string {
  return `${k.name}+${keyId(k).toString('hex')}+${Buffer.concat([Buffer.from([1]), k.raw]).toString('base64')}`;
}
export function signedNote(text: string, ...keys: Key[]): string {
  const lines = keys.map((k) => `\u2014 ${k.name} ${Buffer.concat([keyId(k), sign(null, Buffer.from(text, 'utf8'), k.privateKey)]).toString('base64')}\n`);
  return `${text}\n${lines.join('')}`;
}

/** The body of a C2SP checkpoint: origin, tree size, base64 root hash. */
export function checkpointText(origin: string, size: number, root: Buffer): string {
  return `${origin}\n${size}\n${root.toString('base64')}\n`;
}

/**
 * A log of `n` entries where entry `index` records the given output (plus `fields`, e.g. its method); returns what
 * the API would serve.
 */
export function buildLog(opts: {
  outputId: string;
  contentHash: string;
  n?: number;
  index?: number;
  key?: Key;
  origin?: string;
  fields?: Record<string, string>;
}) {
  const n = opts.n ?? 5;
  const index = opts.index ?? 3;
  const key = opts.key ?? makeKey();
  const origin = opts.origin ?? 'strata.test/log';
  const entries = Array.from({ length: n }, (_, i) =>
    JSON.stringify(
      i === index
        ? { kind: 'attribution', contentHash: opts.contentHash, outputId: opts.outputId, ...opts.fields }
        : { kind: 'attribution', outputId: `other-${i}` },
    ),
  );
  const leaves = entries.map((e) => leafOf(Buffer.from(e, 'utf8')));
  const root = mth(leaves);
  const checkpoint: CheckpointData = {
    origin,
    treeSize: String(n),
    rootHash: root.toString('hex'),
    note: signedNote(checkpointText(origin, n, root), key),
    publicKey: vkey(key),
  };
  const logEntry: LogEntryData = {
    index: String(index),
    leafHash: leaves[index]!.toString('hex'),
    entry: entries[index]!,
    inclusionProof: path(index, leaves).map((p) => p.toString('hex')),
  };
  return { key, checkpoint, logEntry };
}
