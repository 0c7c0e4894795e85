/** A minimal GraphQL-over-HTTP client for the background worker (the only context that talks to the API). */

export class UnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/**
 * The API refused the key (HTTP 401, UNAUTHENTICATED: a wrong, rotated or revoked key). The API is up; the user has
 * to change the key in the options page, so this is told apart from "unreachable" (docs/architecture.md#api-keys).
 */
export class KeyRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRejectedError';
  }
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly errors: GraphQLErrorLike[] = [],
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

export interface GraphQLErrorLike {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

export interface GraphQLResponse {
  data: Record<string, unknown> | null;
  errors: GraphQLErrorLike[];
}

export interface RequestOptions {
  apiKey?: string | null;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

function parseErrors(v: unknown): GraphQLErrorLike[] {
  if (!Array.isArray(v)) return [];
  return v.slice(0, 20).map((e) => {
    const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    const err: GraphQLErrorLike = { message: typeof o.message === 'string' ? o.message.slice(0, 500) : 'unknown error' };
    if (Array.isArray(o.path)) err.path = o.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    const ext = o.extensions as Record<string, unknown> | undefined;
    if (ext && typeof ext.code === 'string') err.extensions = { code: ext.code };
    return err;
  });
}

export async function graphqlRequest(
  endpoint: string,
  query: string,
  variables: Record<string, unknown>,
  opts: RequestOptions = {},
): Promise<GraphQLResponse> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 10_000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  let res: Response;
  try {
    res = await fetchImpl(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch (e) {
    throw new UnreachableError(controller.signal.aborted ? 'request timed out' : `cannot reach ${safeOrigin(endpoint)}`);
  } finally {
    clearTimeout(timer);
  }
  if (res.status >= 500 || res.status === 404 || res.status === 429) {
    throw new UnreachableError(`HTTP ${res.status} from ${safeOrigin(endpoint)}`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    if (res.status === 401) throw new KeyRejectedError(`HTTP 401 from ${safeOrigin(endpoint)}`);
    throw new GraphQLRequestError(`HTTP ${res.status}: not a GraphQL response`);
  }
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors = parseErrors(o.errors);
  const unauthenticated = errors.find((e) => e.extensions?.code === 'UNAUTHENTICATED');
  if (res.status === 401 || (unauthenticated && !o.data)) {
    throw new KeyRejectedError(unauthenticated?.message ?? `HTTP ${res.status} from ${safeOrigin(endpoint)}`);
  }
  const data = typeof o.data === 'object' && o.data !== null && !Array.isArray(o.data) ? (o.data as Record<string, unknown>) : null;
  if (!data) {
    throw new GraphQLRequestError(errors[0]?.message ?? `HTTP ${res.status}: no data`, errors);
  }
  return { data, errors };
}

function safeOrigin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return 'the API';
  }
}

/** Errors whose path starts with the given prefix. */
export function errorsAt(errors: GraphQLErrorLike[], ...prefix: (string | number)[]): GraphQLErrorLike[] {
  return errors.filter((e) => prefix.every((p, i) => e.path?.[i] === p));
}
