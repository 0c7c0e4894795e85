import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { trustedDocument, type TrustedDocument } from './trusted-documents.js';
import type { RequestMeter } from './request-cost.js';

/**
 * Lookups over GET (docs/architecture.md#lookups-over-get): the answer to a trusted document asked for by hash gets a
 * strong ETag (the SHA-256 of the response body) and a Cache-Control a CDN can act on, and an anonymous answer is kept
 * whole in memory, so a repeated lookup is answered — or a revalidation answered 304 — before Apollo parses,
 * validates or executes anything. Everything else (POST, other GET queries) passes through untouched.
 */

/** Addressed to something that never changes once it exists (a log entry by index). */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Errors, and answers that are null (not found: it may exist a moment later). */
export const CACHE_NONE = 'no-store';
/** A keyed request's answer: for its client only, never a shared cache. */
export const CACHE_PRIVATE = 'private, no-store';
export const cacheRevalidate = (maxAgeSeconds: number) => `public, max-age=${maxAgeSeconds}, must-revalidate`;

/** Apollo's CSRF rule (csrfPrevention, on by default): without one of these, a GET must name a non-simple content-type. */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

interface Kept {
  body: string;
  contentType: string;
  etag: string;
  cacheControl: string;
  /** The provenance cache's generation when the request began (an executed decision moves it). */
  generation: number;
}

export interface LookupResponseOptions {
  /** Answers kept (least recently used out first); 0 keeps none (headers and 304s still work). */
  max: number;
  ttlMs: number;
  /** The provenance cache's generation: kept answers from before a clear() are not served. */
  generation: () => number;
}

export class LookupResponses {
  private readonly kept: LRUCache<string, Kept> | null;
  /** Anonymous trusted GETs answered from memory (hit) or by executing the document (miss). */
  readonly counts = { hits: 0, misses: 0 };
  readonly revalidate: string;

  constructor(private readonly options: LookupResponseOptions) {
    this.kept = options.max > 0 ? new LRUCache<string, Kept>({ max: options.max, ttl: options.ttlMs, ttlAutopurge: false }) : null;
    // A CDN may keep an answer as long as this process may serve it from memory, then asks again with the ETag.
    this.revalidate = cacheRevalidate(Math.floor(options.ttlMs / 1000));
  }

  get size(): number {
    return this.kept?.size ?? 0;
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const asked = persistedGet(req);
      if (!asked) return next();
      const meter = res.locals.meter as RequestMeter | undefined;
      if (req.headers.authorization !== undefined) {
        // Even a keyed lookup of public fields stays out of shared caches: the key is the client's, not the CDN's.
        wrapSend(req, res, () => ({ cacheControl: CACHE_PRIVATE, etag: null }));
        return next();
      }
      // Apollo refuses it (CSRF prevention) and says why; never answer it from memory.
      if (!preflighted(req)) return next();
      const generation = this.options.generation();
      const key = `${asked.document.sha256Hash}\n${asked.variables}`;
      const kept = this.kept?.get(key);
      if (kept && kept.generation === generation) {
        this.counts.hits += 1;
        if (meter) meter.operationName = asked.document.name;
        res.setHeader('etag', kept.etag);
        res.setHeader('cache-control', kept.cacheControl);
        if (ifNoneMatch(req, kept.etag)) {
          res.status(304).end();
          return;
        }
        res.status(200).type(kept.contentType).send(kept.body);
        return;
      }
      if (this.kept) this.counts.misses += 1;
      wrapSend(req, res, (body) => {
        const cacheControl = res.statusCode === 200 ? this.cacheControlFor(asked.document, body) : CACHE_NONE;
        if (cacheControl === CACHE_NONE) return { cacheControl, etag: null };
        const etag = strongEtag(body);
        const contentType = String(res.getHeader('content-type') ?? 'application/json; charset=utf-8');
        this.kept?.set(key, { body, contentType, etag, cacheControl, generation });
        return { cacheControl, etag };
      });
      next();
    };
  }

  /** An answer with errors, or whose root field is null (not found yet), is never cached. */
  private cacheControlFor(document: TrustedDocument, body: string): string {
    let parsed: { data?: Record<string, unknown> | null; errors?: unknown[] };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return CACHE_NONE;
    }
    if (parsed.errors?.length || !parsed.data || Object.values(parsed.data).some((v) => v === null)) return CACHE_NONE;
    return document.cache === 'immutable' ? CACHE_IMMUTABLE : this.revalidate;
  }
}

/** Sets the caching headers of the one body Apollo's Express integration sends (`res.send`). */
function wrapSend(req: Request, res: Response, headersFor: (body: string) => { cacheControl: string; etag: string | null }): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (typeof body === 'string') {
      const { cacheControl, etag } = headersFor(body);
      res.setHeader('cache-control', cacheControl);
      if (etag) {
        res.setHeader('etag', etag);
        // Executed, but the client (a CDN revalidating) already holds this body: headers only.
        if (ifNoneMatch(req, etag)) return res.status(304).end();
      }
    }
    return send(body as never);
  };
}

/**
 * Whether If-None-Match names this ETag (RFC 9110 §13.1.2: weak comparison, `*` matches any). Checked here rather
 * than by Express's req.fresh, which ignores validators on a request that also says `Cache-Control: no-cache` — what
 * fetch() adds to every conditional request, and a revalidation is exactly the case for a 304.
 */
function ifNoneMatch(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

export const strongEtag = (body: string) => `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;

/** A GET naming a trusted document by hash: the document and its variables in a canonical form (the cache key). */
function persistedGet(req: Request): { document: TrustedDocument; variables: string } | null {
  if (req.method !== 'GET') return null;
  const params = new URL(req.url, 'http://strata.invalid').searchParams;
  try {
    const hash = (JSON.parse(params.get('extensions') ?? 'null') as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery?.sha256Hash;
    const document = typeof hash === 'string' ? trustedDocument(hash) : undefined;
    if (!document) return null;
    // A query sent along must be the document itself (Apollo checks the hash too); anything else is Apollo's to answer.
    const query = params.get('query');
    if (query !== null && query !== document.document) return null;
    return { document, variables: canonicalJson(JSON.parse(params.get('variables') ?? '{}')) };
  } catch {
    return null;
  }
}

function preflighted(req: Request): boolean {
  const contentType = req.headers['content-type'];
  if (contentType && !SIMPLE_CONTENT_TYPES.includes(contentType.split(';')[0]!.trim().toLowerCase())) return true;
  return PREFLIGHT_HEADERS.some((h) => {
    const value = req.headers[h];
    return typeof value === 'string' && value.length > 0;
  });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
