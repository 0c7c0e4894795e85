import { randomBytes } from 'node:crypto';

/**
 * Local ids of written nodes: the seed's prefixes (`rec_`, `dn_`, `ad_`, …) and 80 random bits, so ids never depend
 * on user text and never collide. Global ids stay readable: `Record:rec_4f1c…`.
 */
export type IdPrefix = 'ctb' | 'dn' | 'rec' | 'bm' | 'ad' | 'mdl' | 'out' | 'prop';

const ID_BYTES = 10;

export function newLocalId(prefix: IdPrefix): string {
  return `${prefix}_${randomHex(ID_BYTES)}`;
}

/** A content cluster is named after the hash of the text that started it, as in the seed. */
export function clusterIdFor(contentHash: string): string {
  return `cl_${contentHash.slice(0, 16)}`;
}

// Random bytes are drawn from the CSPRNG in blocks and handed out once each (as Node's randomUUID does): a batch of
// 500 records takes 500 ids, and one randomBytes call per id cost ~2 ms of the batch.
const BLOCK_BYTES = 4096;
let block = Buffer.alloc(0);
let used = 0;

function randomHex(bytes: number): string {
  if (used + bytes > block.length) {
    block = randomBytes(BLOCK_BYTES);
    used = 0;
  }
  const hex = block.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}
