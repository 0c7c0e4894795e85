import { randomBytes } from 'node:crypto';

/**
 * Local ids of written nodes: the seed's prefixes (`rec_`, `dn_`, `ad_`, …) and 80 random bits, so ids never depend
 * on user text and never collide. Global ids stay readable: `Record:rec_4f1c…`.
 */
export type IdPrefix = 'ctb' | 'dn' | 'rec' | 'bm' | 'ad' | 'mdl' | 'out' | 'prop';

export function newLocalId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}

/** A content cluster is named after the hash of the text that started it, as in the seed. */
export function clusterIdFor(contentHash: string): string {
  return `cl_${contentHash.slice(0, 16)}`;
}
