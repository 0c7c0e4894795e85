/** The fingerprint thread's task (piscina calls the default export once per batch): the chunks it gets to first. */
import { Piscina } from 'piscina';
import { fingerprint } from '../dedup/fingerprint.js';
import { packFingerprints } from './packed-fingerprints.js';
import { ChunkClaims, chunkRange } from './shared-chunks.js';

export interface FingerprintTask {
  texts: string[];
  chunkSize: number;
  claims: SharedArrayBuffer;
}

export default function fingerprintChunks(task: FingerprintTask) {
  const claims = new ChunkClaims(Math.ceil(task.texts.length / task.chunkSize), task.claims);
  const prints: Array<{ index: number; print: ReturnType<typeof fingerprint> }> = [];
  for (let chunk = claims.claim(); chunk !== null; chunk = claims.claim()) {
    const { from, to } = chunkRange(chunk, task.chunkSize, task.texts.length);
    for (let index = from; index < to; index++) prints.push({ index, print: fingerprint(task.texts[index]!) });
  }
  return Piscina.move(packFingerprints(prints));
}
