import type { NextFunction, Request, Response } from 'express';
import { execute, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { TRUSTED_DOCUMENTS, type TrustedDocument } from './trusted-documents.js';
import type { CostLimits, RequestMeter } from './request-cost.js';

/**
 * Trusted lookups answered without Apollo's request pipeline (docs/architecture.md#trusted-lookups-without-the-pipeline).
 *
 * A trusted document is fixed text we wrote: it is parsed and validated once, when the server starts, and costed once. An
 * anonymous request for one — a GET by its hash, or a POST of its exact text — is then executed here with graphql-js's
 * `execute` over the same schema, resolvers, DataLoaders and context as Apollo would use, and serialised as Apollo
 * serialises a single result, so the body is byte for byte Apollo's. What is skipped is per-request work that cannot
 * change the answer of a fixed document: the persisted-query store and hash check, parse and validation (Apollo's
 * document cache still hashes each query), costing (once per document), the plugin hooks (cost, cache-control hints, schema instrumentation around
 * every resolver), the incremental-delivery polyfill and the HTTP-head bookkeeping.
 *
 * Anything else falls through to Apollo untouched: a keyed request (its key must be checked, and a wrong one is 401),
 * any request this module is not certain about (an `Accept` it does not recognise, a duplicated parameter, an
 * unsupported persisted-query version, a POST with extensions) and any answer with errors (Apollo runs it again and
 * formats the errors as it always has; reads only, so running twice changes nothing). Rate limits, the request log,
 * metrics, the response cap and the lookup caching headers are middleware around this one and see it as any request.
 */

/** Apollo's default for a single result when the client states no preference (MEDIA_TYPES.APPLICATION_JSON). */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** Apollo's cache-control plugin on an answer without cache hints. */
const APOLLO_UNCACHEABLE = 'no-store';
/** Accept values for which Apollo's negotiation certainly picks application/json; anything else goes to Apollo. */
const PLAIN_ACCEPT = new Set(['*/*', 'application/json', 'application/json, */*']);
/** Apollo's CSRF prevention: a GET passes with one of these headers, or a content-type that is not a simple one. */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

interface Prepared {
  trusted: TrustedDocument;
  document: DocumentNode;
  /**
   * The operation's cost, measured with the first variables it is asked with (the measure needs values of the declared
   * types) and kept: trusted documents select no field whose cost depends on its arguments (a unit test checks).
   */
  cost: number | null;
}

export interface DirectLookupOptions {
  schema: GraphQLSchema;
  /** The validation rules Apollo runs besides graphql-js's own (the document limits). */
  validationRules: readonly ValidationRule[];
  cost: CostLimits;
  /** The context Apollo's middleware would build for an anonymous request. */
  contextFor: (req: Request, meter: RequestMeter) => unknown;
  documents?: readonly TrustedDocument[];
}

/** Parses and validates each trusted document once; one that fails validation is left to Apollo. */
export function prepareTrustedDocuments(options: Pick<DirectLookupOptions, 'schema' | 'validationRules' | 'documents'>): Map<string, Prepared> {
  const prepared = new Map<string, Prepared>();
  for (const trusted of options.documents ?? TRUSTED_DOCUMENTS) {
    const document = parse(trusted.document);
    if (validate(options.schema, document, [...specifiedRules, ...options.validationRules]).length > 0) continue;
    prepared.set(trusted.sha256Hash, { trusted, document, cost: null });
  }
  return prepared;
}

export interface DirectLookups {
  middleware: (req: Request, res: Response, next: NextFunction) => void;
  /** Trusted lookups answered here (`answered`) and handed to Apollo after all (`passed`: errors, unknown variables). */
  counts: { answered: number; passed: number };
}

export function directLookups(options: DirectLookupOptions): DirectLookups {
  const prepared = prepareTrustedDocuments(options);
  const byText = new Map([...prepared.values()].map((p) => [p.trusted.document, p]));
  const counts = { answered: 0, passed: 0 };
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization !== undefined || !plainAccept(req)) return next();
    const asked = req.method === 'GET' ? askedByGet(req, prepared) : req.method === 'POST' ? askedByPost(req, byText) : null;
    if (!asked) return next();
    const pass = () => {
      counts.passed += 1;
      next();
    };
    const meter = res.locals.meter as RequestMeter;
    const cost = costOf(asked.prepared, asked.variables, options);
    // Variables that do not fit, or a cost over the limits: Apollo's cost plugin says so, with its status and code.
    if (cost === null) return pass();
    answer(asked.prepared, asked.variables, options.schema, options.contextFor(req, meter)).then(
      (body) => {
        if (body === null) return pass();
        counts.answered += 1;
        meter.operationName = asked.prepared.trusted.name;
        meter.cost = cost;
        res.setHeader('cache-control', APOLLO_UNCACHEABLE);
        res.setHeader('content-type', JSON_CONTENT_TYPE);
        res.status(200).send(body);
      },
      pass,
    );
  };
  return { middleware, counts };
}

function costOf(prepared: Prepared, variables: Record<string, unknown>, options: DirectLookupOptions): number | null {
  if (prepared.cost !== null) return prepared.cost;
  let measured: { complexity: number; depth: number; breadth: number };
  try {
    measured = complexityFromQuery(prepared.document, { schema: options.schema, ctx: {}, variables });
  } catch {
    return null;
  }
  const { complexity, depth, breadth } = measured;
  if (complexity > options.cost.maxCost || depth > options.cost.maxDepth || breadth > options.cost.maxBreadth) return null;
  prepared.cost = complexity;
  return complexity;
}

/** The body Apollo would send (`JSON.stringify` of `{ data }`, then a newline), or null when the answer has errors. */
async function answer(prepared: Prepared, variables: Record<string, unknown>, schema: GraphQLSchema, contextValue: unknown): Promise<string | null> {
  const result = await execute({ schema, document: prepared.document, variableValues: variables, contextValue });
  if (result.errors?.length || !result.data) return null;
  return `${JSON.stringify({ data: result.data })}\n`;
}

function plainAccept(req: Request): boolean {
  const accept = req.headers.accept;
  return accept === undefined || PLAIN_ACCEPT.has(accept.trim());
}

/** A preflighted GET of a trusted document by hash (`version: 1`), each parameter given at most once. */
function askedByGet(req: Request, prepared: Map<string, Prepared>): { prepared: Prepared; variables: Record<string, unknown> } | null {
  // Apollo refuses a GET with a content-type other than JSON; and without a preflight header it is CSRF prevention's to refuse.
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && contentType.split(';')[0]!.trim().toLowerCase() !== 'application/json') return null;
  if (contentType === undefined && !PREFLIGHT_HEADERS.some((h) => typeof req.headers[h] === 'string' && req.headers[h] !== '')) return null;
  const at = req.url.indexOf('?');
  if (at < 0) return null;
  const params = new URLSearchParams(req.url.slice(at + 1));
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) return null;
    seen.add(key);
  }
  try {
    const extensions = JSON.parse(params.get('extensions') ?? 'null') as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null;
    const persisted = extensions?.persistedQuery;
    if (!persisted || persisted.version !== 1 || typeof persisted.sha256Hash !== 'string' || Object.keys(extensions!).length !== 1) return null;
    const found = prepared.get(persisted.sha256Hash);
    if (!found) return null;
    const query = params.get('query');
    if (query !== null && query !== found.trusted.document) return null;
    const operationName = params.get('operationName');
    if (operationName !== null && operationName !== found.trusted.name) return null;
    const variables = JSON.parse(params.get('variables') ?? '{}') as unknown;
    return isRecord(variables) ? { prepared: found, variables } : null;
  } catch {
    return null;
  }
}

/** A JSON POST of a trusted document's exact text, without extensions. */
function askedByPost(req: Request, byText: Map<string, Prepared>): { prepared: Prepared; variables: Record<string, unknown> } | null {
  const body = req.body as Record<string, unknown> | undefined;
  if (!isRecord(body) || typeof body.query !== 'string' || body.extensions !== undefined) return null;
  const found = byText.get(body.query);
  if (!found) return null;
  if (body.operationName !== undefined && body.operationName !== null && body.operationName !== found.trusted.name) return null;
  const variables = body.variables ?? {};
  return isRecord(variables) ? { prepared: found, variables } : null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
