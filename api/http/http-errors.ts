import type express from 'express';
import { graphStoreUnavailable, StrataError, type StrataErrorCode } from '../core/errors.js';
import { isGraphStoreUnavailable } from '../store/graph-store.js';

/**
 * The REST-style routes (PROV-O, OpenLineage) answer errors as JSON with the same `code`, `field` and message a
 * GraphQL client sees in `extensions`, and the HTTP status a plain HTTP client expects.
 */
const STATUS: Record<StrataErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GRAPH_STORE_UNAVAILABLE: 503,
};

export function sendError(res: express.Response, error: unknown, production: boolean): void {
  const typed = isGraphStoreUnavailable(error) ? graphStoreUnavailable() : error;
  if (typed instanceof StrataError) {
    if (typed.code === 'UNAUTHENTICATED') res.setHeader('www-authenticate', 'Bearer realm="strata"');
    res.status(STATUS[typed.code]).json({ error: { message: typed.message, ...typed.extensions } });
    return;
  }
  res.status(500).json({ error: { message: production ? 'Internal server error.' : String((typed as Error)?.message ?? typed), code: 'INTERNAL_SERVER_ERROR' } });
}

/** The origin IRIs and links are built on: the configured public URL, else the one the request came to. */
export function publicOrigin(req: express.Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
