import { z } from 'zod';
import { DEFAULT_EMBEDDING_CACHE_FILE, embeddingModelDir } from './embedding/embedding-model.js';

/**
 * Runtime configuration, read once from the environment and checked as a whole: a bad variable is one sentence that
 * names it, says what it must be and shows what it got (never the value of a secret), and every bad variable is
 * reported at once so a deployment is fixed in one go. The table of variables is in the README.
 */
export interface StrataConfig {
  /** Unset → `npm start` runs the project's local Neo4j. */
  neo4jUri: string | undefined;
  neo4jUser: string | undefined;
  neo4jPassword: string | undefined;
  neo4jDatabase: string;
  /** Bolt port of the project's local Neo4j (`npm start`, `npm run seed`, `npm run neo4j` without NEO4J_URI). */
  neo4jLocalPort: number;
  port: number;
  /** Interface the HTTP server binds; loopback unless told otherwise (Docker sets 0.0.0.0). */
  host: string;
  adminKey: string | undefined;
  production: boolean;
  /** Where the attribution index is persisted between restarts; null keeps it in memory. */
  attributionIndexFile: string | null;
  /** The log's Ed25519 key file (created on first start) unless STRATA_LOG_SIGNING_KEY gives the seed. */
  logSigningKeyFile: string | null;
  /** Milliseconds a log audit (/readyz walk-back check) is reused; it reads every leaf. */
  logAuditTtlMs: number;
  /** Provenance lookups kept in memory (docs/architecture.md#lookups-from-memory): outputs (0 = off) and how long. */
  provenanceCache: { max: number; ttlMs: number };
  /** How long a mutation's idempotencyKey is honoured (STRATA_IDEMPOTENCY_TTL_HOURS, default 24); older keys are swept. */
  idempotencyTtlMs: number;
  /** How long a new proposal is open for votes (STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS, default one week). */
  votingPeriodSeconds: number;
  /** Bounds on every GraphQL request, checked before it runs (docs/architecture.md#bounded-requests). */
  limits: RequestLimits;
  /** Cost budgets per client (docs/architecture.md#rate-limits). */
  rateLimit: { windowMs: number; anonymous: number; keyed: number };
  /** Deadlines of Neo4j reads and write transactions, retries included (docs/architecture.md#outages). */
  neo4jReadTimeoutMs: number;
  neo4jWriteTimeoutMs: number;
  /** pino level of the request log and error log (STRATA_LOG_LEVEL, default info). */
  logLevel: string;
  /** How long shutdown waits for requests under way before closing their connections (STRATA_SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** Proxies in front of the API whose X-Forwarded-For is believed (STRATA_TRUST_PROXY_HOPS, default 0). */
  trustProxyHops: number;
  /** The API's public base URL (STRATA_PUBLIC_URL), for the IRIs and links of PROV-O documents; unset → the request's own. */
  publicUrl: string | undefined;
  /** Threads that trace off the event loop (STRATA_TRACE_THREADS: 'auto' or 0–16; 0 traces on the event loop). */
  traceThreads: number | 'auto';
  /**
   * Where OpenTelemetry spans of GraphQL operations and their Cypher go (STRATA_OTLP_TRACES_URL, an OTLP/HTTP endpoint
   * such as http://collector:4318/v1/traces); undefined: tracing is off and nothing is wrapped
   * (docs/architecture.md#traces).
   */
  otlpTracesUrl: string | undefined;
  /** Whether GraphQL introspection (`__schema`, `__type`) is answered (STRATA_INTROSPECTION, default on). */
  introspection: boolean;
  /**
   * Whether the paraphrase tier runs when its embedding model is present (STRATA_SEMANTIC, default on; without the
   * model it is off whatever this says: `npm run model:fetch`). docs/architecture.md#the-paraphrase-tier-semantic
   */
  semantic: boolean;
  /** Where sentence embeddings are kept between runs (STRATA_EMBEDDING_CACHE_FILE); null keeps them in memory. */
  embeddingCacheFile: string | null;
  /** The folder of the fetched embedding model (STRATA_EMBEDDING_MODEL_DIR; `npm run model:fetch` fills the default). */
  embeddingModelDir: string;
  /** The environment the config was read from (the log reads its key and origin there, checked here first). */
  env: NodeJS.ProcessEnv;
}

export interface RequestLimits {
  /** Highest cost of one operation (STRATA_MAX_QUERY_COST, default 20,000). */
  maxCost: number;
  /** Aliases per operation, `__typename` included (STRATA_MAX_ALIASES, default 30). */
  maxAliases: number;
  /** Lexical tokens per document (STRATA_MAX_QUERY_TOKENS, default 3,000). */
  maxTokens: number;
  /** Largest response body sent (STRATA_MAX_RESPONSE_BYTES, default 16 MiB). */
  maxResponseBytes: number;
}

/** Every problem with the environment, one sentence each; `message` is what a user reads. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} environment variables are wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// An empty variable counts as unset (`PORT= npm start` means "the default", as it always has for the other variables).
const unset = (raw: string | undefined): raw is undefined | '' => raw === undefined || raw === '';

/** A variable that, when set, passes `accept` (returning the parsed value) or fails with `must` ("must be …"). */
function variable<T>(name: string, fallback: T, must: string, accept: (raw: string) => T | undefined, options: { secret?: boolean } = {}) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (unset(raw)) return fallback;
      const value = accept(raw);
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: options.secret ? `${name} must be ${must}.` : `${name} must be ${must}, got ${JSON.stringify(raw)}.` });
        return z.NEVER;
      }
      return value;
    });
}

const integerIn = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};
const text = (raw: string) => raw;
const optionalText = z
  .string()
  .optional()
  .transform((raw) => (unset(raw) ? undefined : raw));

const environment = z.object({
  NEO4J_URI: variable<string | undefined>('NEO4J_URI', undefined, 'a bolt:// or neo4j:// URI (or bolt+s://, neo4j+s://, …)', (raw) =>
    /^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s/]+/.test(raw) ? raw : undefined,
  ),
  NEO4J_USER: optionalText,
  NEO4J_PASSWORD: optionalText,
  NEO4J_DATABASE: variable('NEO4J_DATABASE', 'neo4j', 'a Neo4j database name (a letter, then letters, digits, dots, dashes or underscores)', (raw) =>
    /^[A-Za-z][A-Za-z0-9._-]{0,62}$/.test(raw) ? raw : undefined,
  ),
  NEO4J_LOCAL_PORT: variable('NEO4J_LOCAL_PORT', 7687, 'an integer between 1 and 65535', integerIn(1, 65535)),
  PORT: variable('PORT', 4000, 'an integer between 0 and 65535', integerIn(0, 65535)),
  HOST: variable('HOST', '127.0.0.1', 'a host name or IP address to bind (e.g. 127.0.0.1 or 0.0.0.0)', (raw) => (/^[^\s/]+$/.test(raw) ? raw : undefined)),
  STRATA_ADMIN_KEY: optionalText,
  NODE_ENV: z.string().optional(),
  STRATA_LOG_SIGNING_KEY: variable<string | undefined>('STRATA_LOG_SIGNING_KEY', undefined, 'the base64 of a 32-byte Ed25519 seed', (raw) => {
    // Canonical padded base64, as the log's key loader requires: re-encoding gives the same text back.
    const seed = Buffer.from(raw.trim(), 'base64');
    return seed.length === 32 && seed.toString('base64') === raw.trim() ? raw : undefined;
  }, { secret: true }),
  STRATA_LOG_SIGNING_KEY_FILE: variable('STRATA_LOG_SIGNING_KEY_FILE', '.strata/log-signing-key', 'a file path', text),
  STRATA_LOG_ORIGIN: variable<string | undefined>('STRATA_LOG_ORIGIN', undefined, 'one line naming the log (e.g. strata.example.org/log)', (raw) =>
    /^[^\n\r]+$/.test(raw) ? raw : undefined,
  ),
  STRATA_LOG_AUDIT_TTL_MS: variable('STRATA_LOG_AUDIT_TTL_MS', 30_000, 'a whole number of milliseconds, 0 or more', integerIn(0, Number.MAX_SAFE_INTEGER)),
  STRATA_PROVENANCE_CACHE_SIZE: variable('STRATA_PROVENANCE_CACHE_SIZE', 50_000, 'a whole number of outputs, 0 (off) or more', integerIn(0, 10_000_000)),
  STRATA_PROVENANCE_CACHE_TTL_MS: variable('STRATA_PROVENANCE_CACHE_TTL_MS', 60_000, 'a whole number of milliseconds, 1 or more', integerIn(1, Number.MAX_SAFE_INTEGER)),
  STRATA_ATTRIBUTION_INDEX_FILE: variable<string | undefined>('STRATA_ATTRIBUTION_INDEX_FILE', undefined, 'a file path', text),
  STRATA_PUBLIC_URL: variable<string | undefined>('STRATA_PUBLIC_URL', undefined, 'an http(s) URL without a trailing slash (e.g. https://strata.example.org)', (raw) =>
    /^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s?#/])?$/.test(raw) ? raw : undefined,
  ),
  STRATA_IDEMPOTENCY_TTL_HOURS: variable('STRATA_IDEMPOTENCY_TTL_HOURS', 24, 'a positive number of hours', (raw) => {
    const hours = Number(raw);
    return Number.isFinite(hours) && hours > 0 ? hours : undefined;
  }),
  STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS: variable('STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS', 604_800, 'a whole number of seconds, 1 or more', integerIn(1, 10 * 365 * 86_400)),
  STRATA_MAX_QUERY_COST: variable('STRATA_MAX_QUERY_COST', 20_000, 'a whole number from 100 to 10000000', integerIn(100, 10_000_000)),
  STRATA_MAX_ALIASES: variable('STRATA_MAX_ALIASES', 30, 'a whole number from 0 to 10000', integerIn(0, 10_000)),
  STRATA_MAX_QUERY_TOKENS: variable('STRATA_MAX_QUERY_TOKENS', 3_000, 'a whole number from 100 to 1000000', integerIn(100, 1_000_000)),
  STRATA_MAX_RESPONSE_BYTES: variable('STRATA_MAX_RESPONSE_BYTES', 16 * 1024 * 1024, 'a whole number of bytes from 1024 to 1073741824', integerIn(1024, 1 << 30)),
  STRATA_RATE_LIMIT_WINDOW_SECONDS: variable('STRATA_RATE_LIMIT_WINDOW_SECONDS', 60, 'a whole number of seconds from 1 to 86400', integerIn(1, 86_400)),
  STRATA_RATE_LIMIT_ANONYMOUS: variable('STRATA_RATE_LIMIT_ANONYMOUS', 60_000, 'a whole number of cost points, 0 (no limit) or more', integerIn(0, Number.MAX_SAFE_INTEGER)),
  STRATA_RATE_LIMIT_KEYED: variable('STRATA_RATE_LIMIT_KEYED', 600_000, 'a whole number of cost points, 0 (no limit) or more', integerIn(0, Number.MAX_SAFE_INTEGER)),
  STRATA_NEO4J_READ_TIMEOUT_MS: variable('STRATA_NEO4J_READ_TIMEOUT_MS', 4_000, 'a whole number of milliseconds from 100 to 600000', integerIn(100, 600_000)),
  STRATA_NEO4J_WRITE_TIMEOUT_MS: variable('STRATA_NEO4J_WRITE_TIMEOUT_MS', 60_000, 'a whole number of milliseconds from 100 to 3600000', integerIn(100, 3_600_000)),
  STRATA_LOG_LEVEL: variable('STRATA_LOG_LEVEL', 'info', 'one of fatal, error, warn, info, debug, trace, silent', (raw) =>
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(raw) ? raw : undefined,
  ),
  STRATA_SHUTDOWN_GRACE_MS: variable('STRATA_SHUTDOWN_GRACE_MS', 3_000, 'a whole number of milliseconds from 0 to 60000', integerIn(0, 60_000)),
  STRATA_OTLP_TRACES_URL: variable<string | undefined>('STRATA_OTLP_TRACES_URL', undefined, 'an http(s) URL of an OTLP/HTTP traces endpoint (e.g. http://localhost:4318/v1/traces)', (raw) =>
    /^https?:\/\/[^\s/?#]+(\/\S*)?$/.test(raw) ? raw : undefined,
  ),
  STRATA_INTROSPECTION: variable('STRATA_INTROSPECTION', true, 'on or off', (raw) => {
    const word = raw.toLowerCase();
    return word === 'on' || word === 'true' ? true : word === 'off' || word === 'false' ? false : undefined;
  }),
  STRATA_SEMANTIC: variable('STRATA_SEMANTIC', true, 'on or off', (raw) => {
    const word = raw.toLowerCase();
    return word === 'on' || word === 'true' ? true : word === 'off' || word === 'false' ? false : undefined;
  }),
  STRATA_EMBEDDING_CACHE_FILE: variable('STRATA_EMBEDDING_CACHE_FILE', DEFAULT_EMBEDDING_CACHE_FILE, 'a file path', (raw) => (raw.trim() === '' ? undefined : raw)),
  STRATA_EMBEDDING_MODEL_DIR: variable('STRATA_EMBEDDING_MODEL_DIR', embeddingModelDir(), 'a folder path', (raw) => (raw.trim() === '' ? undefined : raw)),
  STRATA_TRUST_PROXY_HOPS: variable('STRATA_TRUST_PROXY_HOPS', 0, 'a whole number of proxies from 0 to 10', integerIn(0, 10)),
  STRATA_TRACE_THREADS: variable<number | 'auto'>('STRATA_TRACE_THREADS', 'auto', "'auto' or a whole number of threads from 0 to 16", (raw) =>
    raw === 'auto' ? 'auto' : integerIn(0, 16)(raw),
  ),
});

/** Reads and checks the whole environment; throws a ConfigError listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): StrataConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const v = parsed.data;
  return {
    neo4jUri: v.NEO4J_URI,
    neo4jUser: v.NEO4J_USER,
    neo4jPassword: v.NEO4J_PASSWORD,
    neo4jDatabase: v.NEO4J_DATABASE,
    neo4jLocalPort: v.NEO4J_LOCAL_PORT,
    port: v.PORT,
    host: v.HOST,
    adminKey: v.STRATA_ADMIN_KEY,
    production: v.NODE_ENV === 'production',
    logSigningKeyFile: v.STRATA_LOG_SIGNING_KEY_FILE,
    env,
    publicUrl: v.STRATA_PUBLIC_URL,
    idempotencyTtlMs: v.STRATA_IDEMPOTENCY_TTL_HOURS * 3_600_000,
    votingPeriodSeconds: v.STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS,
    logAuditTtlMs: v.STRATA_LOG_AUDIT_TTL_MS,
    provenanceCache: { max: v.STRATA_PROVENANCE_CACHE_SIZE, ttlMs: v.STRATA_PROVENANCE_CACHE_TTL_MS },
    limits: { maxCost: v.STRATA_MAX_QUERY_COST, maxAliases: v.STRATA_MAX_ALIASES, maxTokens: v.STRATA_MAX_QUERY_TOKENS, maxResponseBytes: v.STRATA_MAX_RESPONSE_BYTES },
    rateLimit: { windowMs: v.STRATA_RATE_LIMIT_WINDOW_SECONDS * 1000, anonymous: v.STRATA_RATE_LIMIT_ANONYMOUS, keyed: v.STRATA_RATE_LIMIT_KEYED },
    trustProxyHops: v.STRATA_TRUST_PROXY_HOPS,
    otlpTracesUrl: v.STRATA_OTLP_TRACES_URL,
    introspection: v.STRATA_INTROSPECTION,
    semantic: v.STRATA_SEMANTIC,
    embeddingCacheFile: v.STRATA_EMBEDDING_CACHE_FILE,
    embeddingModelDir: v.STRATA_EMBEDDING_MODEL_DIR,
    logLevel: v.STRATA_LOG_LEVEL,
    neo4jReadTimeoutMs: v.STRATA_NEO4J_READ_TIMEOUT_MS,
    neo4jWriteTimeoutMs: v.STRATA_NEO4J_WRITE_TIMEOUT_MS,
    shutdownGraceMs: v.STRATA_SHUTDOWN_GRACE_MS,
    traceThreads: v.STRATA_TRACE_THREADS,
    attributionIndexFile: v.STRATA_ATTRIBUTION_INDEX_FILE ?? `.strata/attribution-index/${v.NEO4J_DATABASE}.bin`,
  };
}
