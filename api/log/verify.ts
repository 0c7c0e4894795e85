import { fromHexHash, toHex } from './bytes.js';
import { canonicalizeJsonText } from './canonical-json.js';
import { parseAndVerifyCheckpoint, type VerifiedCheckpoint } from './checkpoint.js';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.js';
import { checkPayouts } from './payouts.js';
import { parseVerifierKey, type NoteVerifier } from './signed-note.js';

/**
 * What a client checks, offline, given the log's public key, a checkpoint it saved earlier and evidence from the
 * log: signatures, that the current tree extends the saved one, that the entry is in it, and the entry's money.
 * Returns one result per check instead of stopping at the first failure, so a report says everything wrong.
 */

export interface Check {
  ok: boolean;
  /** Informational: nothing to check (for example, an entry without payouts). */
  skipped?: boolean;
  label: string;
}

export interface EntryEvidence {
  index: number;
  /** The canonical JSON text that was hashed. */
  entry: string;
  leafHash?: string;
  inclusionProof: string[];
  treeSize: number;
}

export interface Evidence {
  publicKey: string;
  /** The signed note the client saved before: the history it holds the log to. */
  savedCheckpoint: string;
  /** A newer signed note from the log; without it the saved checkpoint is the current one. */
  currentCheckpoint?: string;
  /** Hex hashes proving the saved checkpoint's tree is a prefix of the current one. */
  consistencyProof?: string[];
  entry?: EntryEvidence;
  /** Pin the log identity (checkpoint origin line). */
  origin?: string;
}

export interface VerifyReport {
  ok: boolean;
  checks: Check[];
  saved?: VerifiedCheckpoint;
  current?: VerifiedCheckpoint;
}

const short = (hex: string) => `${hex.slice(0, 12)}…`;

export function verifyEvidence(evidence: Evidence): VerifyReport {
  const checks: Check[] = [];
  const pass = (label: string) => checks.push({ ok: true, label });
  const fail = (label: string) => checks.push({ ok: false, label });
  const done = (extra: Partial<VerifyReport> = {}): VerifyReport => ({ ok: checks.every((c) => c.ok), checks, ...extra });

  let key: NoteVerifier;
  try {
    key = parseVerifierKey(evidence.publicKey.trim());
    pass(`public key ${key.name}+${toHex(key.keyId)} is well formed`);
  } catch (e) {
    fail(`public key: ${(e as Error).message}`);
    return done();
  }
  const originOpt = evidence.origin === undefined ? {} : { origin: evidence.origin };

  let saved: VerifiedCheckpoint | undefined;
  try {
    saved = parseAndVerifyCheckpoint(evidence.savedCheckpoint, key, originOpt);
    pass(`saved checkpoint is signed by the log key (${saved.origin}, size ${saved.size}, root ${short(saved.rootHash)})`);
  } catch (e) {
    fail(`saved checkpoint: ${(e as Error).message}`);
  }

  let current = saved;
  if (evidence.currentCheckpoint !== undefined) {
    try {
      current = parseAndVerifyCheckpoint(evidence.currentCheckpoint, key, originOpt);
      pass(`current checkpoint is signed by the log key (size ${current.size}, root ${short(current.rootHash)})`);
    } catch (e) {
      current = undefined;
      fail(`current checkpoint: ${(e as Error).message}`);
    }
    if (saved && current) {
      if (saved.origin !== current.origin) {
        fail(`current checkpoint is for log ${JSON.stringify(current.origin)}, the saved one for ${JSON.stringify(saved.origin)}`);
      } else if (current.size < saved.size) {
        fail(`log shrank: current size ${current.size} is below the saved size ${saved.size} (entries were removed)`);
      } else {
        let ok = false;
        try {
          const proof = (evidence.consistencyProof ?? []).map((h, i) => fromHexHash(h, `consistency proof hash ${i}`));
          ok = verifyConsistency(saved.size, current.size, fromHexHash(saved.rootHash), fromHexHash(current.rootHash), proof);
        } catch {
          ok = false;
        }
        if (ok) pass(`current tree (size ${current.size}) extends the saved one (size ${saved.size}): history not rewritten`);
        else fail(`consistency: the current tree (size ${current.size}) does not extend the saved one (size ${saved.size}), history was rewritten or the proof is wrong`);
      }
    }
  }

  const e = evidence.entry;
  if (e) {
    const leaf = leafHash(new Uint8Array(Buffer.from(e.entry, 'utf8')));
    if (e.leafHash !== undefined) {
      if (e.leafHash === toHex(leaf)) pass(`leaf hash ${short(e.leafHash)} is the hash of the entry text`);
      else fail(`leaf hash ${e.leafHash} is not the hash of the entry text (${toHex(leaf)})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(e.entry);
      if (canonicalizeJsonText(e.entry) === e.entry) pass('entry is RFC 8785 canonical JSON');
      else fail('entry is valid JSON but not in RFC 8785 canonical form');
    } catch (err) {
      fail(`entry is not canonical JSON: ${(err as Error).message}`);
    }
    if (!current) {
      fail(`inclusion of entry ${e.index}: no verified checkpoint to check it against`);
    } else if (e.treeSize !== current.size) {
      fail(`inclusion proof is for tree size ${e.treeSize}, but the checkpoint is size ${current.size}`);
    } else {
      let ok = false;
      try {
        const proof = e.inclusionProof.map((h, i) => fromHexHash(h, `inclusion proof hash ${i}`));
        ok = verifyInclusion(leaf, e.index, e.treeSize, proof, fromHexHash(current.rootHash));
      } catch {
        ok = false;
      }
      if (ok) pass(`entry ${e.index} is included in the signed tree of size ${current.size}`);
      else fail(`inclusion: entry ${e.index} is not proven to be in the signed tree of size ${current.size}`);
    }
    if (parsed !== undefined) {
      const payouts = checkPayouts(parsed);
      if (!payouts.present) checks.push({ ok: true, skipped: true, label: 'entry has no payouts to recompute' });
      else if (payouts.ok) {
        pass(
          payouts.fee !== undefined
            ? `${payouts.count} payouts sum exactly to the fee ${payouts.fee}`
            : `${payouts.count} payouts are exact decimal strings, total ${payouts.total} (no fee stated)`,
        );
      } else fail(`payouts: ${payouts.problems.join('; ')}`);
    }
  }
  return done({ ...(saved ? { saved } : {}), ...(current ? { current } : {}) });
}
