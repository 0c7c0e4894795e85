import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/**
 * Trusted documents (docs/architecture.md#lookups-over-get): the lookups a client, a browser or a CDN may ask for by
 * hash alone, over GET, `?extensions={"persistedQuery":{"version":1,"sha256Hash":"<hash>"}}&variables=…` (Apollo's
 * automatic persisted queries). Every process knows them from the start, so the first GET of a lookup needs no
 * registration round trip on any of several API processes, and each says how long its answer may be kept:
 *
 * - `revalidate`: addressed by something whose answer can be replaced (an output's attribution by an executed
 *   ATTRIBUTION_CORRECTION, the newest output with a content hash by a newer one): a short max-age, then the ETag.
 * - `immutable`: addressed by something that never changes once it exists (a log entry by index: the log is
 *   append-only, and its audit refuses any rewrite).
 *
 * They select only fields every viewer sees alike, so an anonymous answer is everybody's answer.
 */
export type CacheRule = 'revalidate' | 'immutable';

export interface TrustedDocument {
  name: string;
  document: string;
  cache: CacheRule;
  sha256Hash: string;
}

const ATTRIBUTION = `attribution {
      method methodVersion coverage
      datanets { share datanet { id name } }
      adapters { share adapter { id name } }
      contributors { share contributor { id handle } }
    }`;

/** An output lookup: the same selection, addressed by `field(variable:)`. */
const outputLookup = (name: string, field: string, variable: string, type: string): Omit<TrustedDocument, 'sha256Hash'> => ({
  name,
  cache: 'revalidate',
  document: `query ${name}($${variable}: ${type}!) {
  ${field}(${variable}: $${variable}) {
    id contentHash
    model { id name version }
    ${ATTRIBUTION}
  }
}`,
});

const documents: Array<Omit<TrustedDocument, 'sha256Hash'>> = [
  outputLookup('OutputProvenance', 'output', 'id', 'ID'),
  outputLookup('OutputProvenanceByContentHash', 'outputByContent', 'contentHash', 'String'),
  outputLookup('OutputProvenanceByWordsHash', 'outputByContent', 'wordsHash', 'String'),
  {
    name: 'LogEntryAt',
    cache: 'immutable',
    document: `query LogEntryAt($index: BigInt!) {
  logEntry(index: $index) { index leafHash entry }
}`,
  },
];

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export const TRUSTED_DOCUMENTS: readonly TrustedDocument[] = documents.map((d) => ({ ...d, sha256Hash: sha256Hex(d.document) }));

const byHash = new Map(TRUSTED_DOCUMENTS.map((d) => [d.sha256Hash, d]));

export function trustedDocument(sha256Hash: string): TrustedDocument | undefined {
  return byHash.get(sha256Hash);
}

export function trustedDocumentNamed(name: string): TrustedDocument {
  const found = TRUSTED_DOCUMENTS.find((d) => d.name === name);
  if (!found) throw new Error(`no trusted document named ${name}`);
  return found;
}

/** The key-value store Apollo keeps persisted queries in (the `KeyValueCache` shape: get, set, delete). */
interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

/**
 * Apollo's persisted-query store with the trusted documents already in it; what clients register on top (automatic
 * persisted queries, any query) is kept in a bounded LRU as Apollo's default store would, per process. Apollo prefixes
 * its keys ("apq:<hash>"); a trusted document answers under any prefix.
 */
export class PersistedQueryStore implements KeyValueStore {
  private readonly registered = new LRUCache<string, string>({ maxSize: 30 * 2 ** 20, sizeCalculation: (v, k) => v.length + k.length });

  async get(key: string): Promise<string | undefined> {
    return trustedDocument(key.slice(key.lastIndexOf(':') + 1))?.document ?? this.registered.get(key);
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    if (trustedDocument(key.slice(key.lastIndexOf(':') + 1))) return;
    this.registered.set(key, value, options?.ttl ? { ttl: options.ttl * 1000 } : undefined);
  }

  async delete(key: string): Promise<boolean> {
    return this.registered.delete(key);
  }
}
