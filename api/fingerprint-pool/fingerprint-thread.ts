/** The fingerprint thread's task (piscina calls the default export once per batch): the chunks it gets to first. */
import { Piscina } from 'piscina';
import { fingerprint, type Fingerprint } from '../dedup/fingerprint.js';
import { packFingerprints } from './packed-fingerprints.js';
import { ChunkClaims } from './shared-chunks.js';

export interface FingerprintTask {
  texts: string[];
  chunkSize: number;
  claims: SharedArrayBuffer;
}

export default function fingerprintChunks(task: FingerprintTask) {
  const claims = new ChunkClaims(task.texts.length, task.chunkSize, task.claims);
  const prints: Array<{ index: number; print: Fingerprint }> = [];
  claims.workClaimed((index) => prints.push({ index, print: fingerprint(task.texts[index]!) }));
  return Piscina.move(packFingerprints(prints));
}
