import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../api/config.js';

const SEED = Buffer.alloc(32, 7).toString('base64');

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    readConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('readConfig accepted the environment');
}

describe('readConfig', () => {
  it('defaults: loopback on 4000, the local Neo4j on 7687, database neo4j, 24 h keys, 30 s audits', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      neo4jUri: undefined,
      neo4jUser: undefined,
      neo4jPassword: undefined,
      neo4jDatabase: 'neo4j',
      neo4jLocalPort: 7687,
      port: 4000,
      host: '127.0.0.1',
      adminKey: undefined,
      production: false,
      logSigningKeyFile: '.strata/log-signing-key',
      logAuditTtlMs: 30_000,
      provenanceCache: { max: 50_000, ttlMs: 60_000 },
      idempotencyTtlMs: 24 * 3_600_000,
      votingPeriodSeconds: 604_800,
      attributionIndexFile: '.strata/attribution-index/neo4j.bin',
      traceThreads: 'auto',
    });
  });

  it('reads every variable', () => {
    const env = {
      NEO4J_URI: 'neo4j+s://db.example.org',
      NEO4J_USER: 'strata',
      NEO4J_PASSWORD: 'secret',
      NEO4J_DATABASE: 'provenance',
      NEO4J_LOCAL_PORT: '7690',
      PORT: '8080',
      HOST: '0.0.0.0',
      STRATA_ADMIN_KEY: 'admin-key',
      NODE_ENV: 'production',
      STRATA_LOG_SIGNING_KEY: SEED,
      STRATA_LOG_SIGNING_KEY_FILE: '/run/keys/log',
      STRATA_LOG_ORIGIN: 'strata.example.org/log',
      STRATA_LOG_AUDIT_TTL_MS: '0',
      STRATA_PROVENANCE_CACHE_SIZE: '1000',
      STRATA_PROVENANCE_CACHE_TTL_MS: '5000',
      STRATA_ATTRIBUTION_INDEX_FILE: '/var/lib/strata/index.bin',
      STRATA_IDEMPOTENCY_TTL_HOURS: '0.5',
      STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS: '60',
      STRATA_MAX_QUERY_COST: '5000',
      STRATA_MAX_ALIASES: '10',
      STRATA_MAX_QUERY_TOKENS: '800',
      STRATA_MAX_RESPONSE_BYTES: '65536',
      STRATA_RATE_LIMIT_WINDOW_SECONDS: '10',
      STRATA_RATE_LIMIT_ANONYMOUS: '0',
      STRATA_RATE_LIMIT_KEYED: '1000',
      STRATA_TRUST_PROXY_HOPS: '1',
      STRATA_LOG_LEVEL: 'warn',
      STRATA_SHUTDOWN_GRACE_MS: '500',
      STRATA_NEO4J_READ_TIMEOUT_MS: '2500',
      STRATA_NEO4J_WRITE_TIMEOUT_MS: '90000',
      STRATA_TRACE_THREADS: '3',
      STRATA_OTLP_TRACES_URL: 'https://otel.example.org/v1/traces',
      STRATA_INTROSPECTION: 'off',
      STRATA_SEMANTIC: 'off',
      STRATA_EMBEDDING_CACHE_FILE: '/var/lib/strata/embeddings.bin',
      STRATA_EMBEDDING_MODEL_DIR: '/opt/strata/model',
    };
    expect(readConfig(env)).toEqual({
      neo4jUri: 'neo4j+s://db.example.org',
      neo4jUser: 'strata',
      neo4jPassword: 'secret',
      neo4jDatabase: 'provenance',
      neo4jLocalPort: 7690,
      port: 8080,
      host: '0.0.0.0',
      adminKey: 'admin-key',
      production: true,
      logSigningKeyFile: '/run/keys/log',
      logAuditTtlMs: 0,
      provenanceCache: { max: 1000, ttlMs: 5000 },
      idempotencyTtlMs: 1_800_000,
      votingPeriodSeconds: 60,
      attributionIndexFile: '/var/lib/strata/index.bin',
      limits: { maxCost: 5000, maxAliases: 10, maxTokens: 800, maxResponseBytes: 65536 },
      rateLimit: { windowMs: 10_000, anonymous: 0, keyed: 1000 },
      trustProxyHops: 1,
      logLevel: 'warn',
      shutdownGraceMs: 500,
      neo4jReadTimeoutMs: 2500,
      neo4jWriteTimeoutMs: 90000,
      traceThreads: 3,
      otlpTracesUrl: 'https://otel.example.org/v1/traces',
      introspection: false,
      semantic: false,
      embeddingCacheFile: '/var/lib/strata/embeddings.bin',
      embeddingModelDir: '/opt/strata/model',
      env,
    });
  });

  it('the index file follows the database by default', () => {
    expect(readConfig({ NEO4J_DATABASE: 'other' }).attributionIndexFile).toBe('.strata/attribution-index/other.bin');
  });

  it('an empty variable counts as unset', () => {
    const config = readConfig({ NEO4J_URI: '', PORT: '', STRATA_ADMIN_KEY: '', STRATA_LOG_AUDIT_TTL_MS: '', STRATA_IDEMPOTENCY_TTL_HOURS: '' });
    expect(config).toMatchObject({ neo4jUri: undefined, port: 4000, adminKey: undefined, logAuditTtlMs: 30_000, idempotencyTtlMs: 24 * 3_600_000 });
  });

  it('PORT 0 asks the system for a free port', () => {
    expect(readConfig({ PORT: '0' }).port).toBe(0);
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer between 0 and 65535, got "abc".'],
    ['PORT', '65536', 'PORT must be an integer between 0 and 65535, got "65536".'],
    ['PORT', '80.5', 'PORT must be an integer between 0 and 65535, got "80.5".'],
    ['NEO4J_LOCAL_PORT', '0', 'NEO4J_LOCAL_PORT must be an integer between 1 and 65535, got "0".'],
    ['NEO4J_LOCAL_PORT', 'bolt', 'NEO4J_LOCAL_PORT must be an integer between 1 and 65535, got "bolt".'],
    ['NEO4J_URI', 'localhost:7687', 'NEO4J_URI must be a bolt:// or neo4j:// URI (or bolt+s://, neo4j+s://, …), got "localhost:7687".'],
    ['NEO4J_URI', 'http://localhost:7474', 'NEO4J_URI must be a bolt:// or neo4j:// URI (or bolt+s://, neo4j+s://, …), got "http://localhost:7474".'],
    ['NEO4J_DATABASE', 'my db', 'NEO4J_DATABASE must be a Neo4j database name (a letter, then letters, digits, dots, dashes or underscores), got "my db".'],
    ['HOST', 'local host', 'HOST must be a host name or IP address to bind (e.g. 127.0.0.1 or 0.0.0.0), got "local host".'],
    ['STRATA_IDEMPOTENCY_TTL_HOURS', '0', 'STRATA_IDEMPOTENCY_TTL_HOURS must be a positive number of hours, got "0".'],
    ['STRATA_IDEMPOTENCY_TTL_HOURS', 'a day', 'STRATA_IDEMPOTENCY_TTL_HOURS must be a positive number of hours, got "a day".'],
    ['STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS', '0', 'STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS must be a whole number of seconds, 1 or more, got "0".'],
    ['STRATA_LOG_AUDIT_TTL_MS', '30s', 'STRATA_LOG_AUDIT_TTL_MS must be a whole number of milliseconds, 0 or more, got "30s".'],
    ['STRATA_LOG_AUDIT_TTL_MS', '-1', 'STRATA_LOG_AUDIT_TTL_MS must be a whole number of milliseconds, 0 or more, got "-1".'],
    ['STRATA_LOG_ORIGIN', 'two\nlines', 'STRATA_LOG_ORIGIN must be one line naming the log (e.g. strata.example.org/log), got "two\\nlines".'],
    ['STRATA_MAX_QUERY_COST', '50', 'STRATA_MAX_QUERY_COST must be a whole number from 100 to 10000000, got "50".'],
    ['STRATA_MAX_RESPONSE_BYTES', '1mb', 'STRATA_MAX_RESPONSE_BYTES must be a whole number of bytes from 1024 to 1073741824, got "1mb".'],
    ['STRATA_RATE_LIMIT_ANONYMOUS', '-1', 'STRATA_RATE_LIMIT_ANONYMOUS must be a whole number of cost points, 0 (no limit) or more, got "-1".'],
  ])('refuses %s=%j in one sentence', (name, value, sentence) => {
    expect(problems({ [name]: value })).toEqual([sentence]);
    expect(() => readConfig({ [name]: value })).toThrow(sentence);
  });

  it('never prints the signing key it refuses', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    for (const bad of ['not base64!', short, `${SEED.slice(0, -2)}=x`]) {
      const [problem] = problems({ STRATA_LOG_SIGNING_KEY: bad });
      expect(problem).toBe('STRATA_LOG_SIGNING_KEY must be the base64 of a 32-byte Ed25519 seed.');
    }
  });

  it('reports every bad variable at once, in one message', () => {
    const env = { PORT: 'abc', NEO4J_LOCAL_PORT: '99999', STRATA_LOG_AUDIT_TTL_MS: 'soon', STRATA_IDEMPOTENCY_TTL_HOURS: '-2' };
    const expected = [
      'NEO4J_LOCAL_PORT must be an integer between 1 and 65535, got "99999".',
      'PORT must be an integer between 0 and 65535, got "abc".',
      'STRATA_LOG_AUDIT_TTL_MS must be a whole number of milliseconds, 0 or more, got "soon".',
      'STRATA_IDEMPOTENCY_TTL_HOURS must be a positive number of hours, got "-2".',
    ];
    expect(problems(env)).toEqual(expected);
    expect(() => readConfig(env)).toThrow(`4 environment variables are wrong:\n${expected.map((p) => `  - ${p}`).join('\n')}`);
  });

  it('STRATA_PUBLIC_URL: an http(s) origin, optionally with a path, never a trailing slash', () => {
    expect(readConfig({}).publicUrl).toBeUndefined();
    expect(readConfig({ STRATA_PUBLIC_URL: 'https://strata.example.org' }).publicUrl).toBe('https://strata.example.org');
    expect(readConfig({ STRATA_PUBLIC_URL: 'https://example.org/strata' }).publicUrl).toBe('https://example.org/strata');
    for (const bad of ['strata.example.org', 'https://strata.example.org/', 'ftp://x', 'https://x?y=1']) {
      expect(problems({ STRATA_PUBLIC_URL: bad })[0]).toMatch(/^STRATA_PUBLIC_URL must be an http\(s\) URL/);
    }
  });

  it('STRATA_INTROSPECTION: on by default; on/off (or true/false) in any case; anything else is named', () => {
    expect(readConfig({}).introspection).toBe(true);
    expect(readConfig({ STRATA_INTROSPECTION: 'off' }).introspection).toBe(false);
    expect(readConfig({ STRATA_INTROSPECTION: 'OFF' }).introspection).toBe(false);
    expect(readConfig({ STRATA_INTROSPECTION: 'false' }).introspection).toBe(false);
    expect(readConfig({ STRATA_INTROSPECTION: 'on' }).introspection).toBe(true);
    for (const bad of ['no', '0', 'constructor']) expect(problems({ STRATA_INTROSPECTION: bad })).toEqual([`STRATA_INTROSPECTION must be on or off, got "${bad}".`]);
  });

  it('STRATA_OTLP_TRACES_URL: unset means tracing off; an http(s) URL turns it on', () => {
    expect(readConfig({}).otlpTracesUrl).toBeUndefined();
    expect(readConfig({ STRATA_OTLP_TRACES_URL: 'http://collector:4318/v1/traces' }).otlpTracesUrl).toBe('http://collector:4318/v1/traces');
    for (const bad of ['collector:4318', 'grpc://collector:4317', 'http://']) {
      expect(problems({ STRATA_OTLP_TRACES_URL: bad })[0]).toMatch(/^STRATA_OTLP_TRACES_URL must be an http\(s\) URL of an OTLP\/HTTP traces endpoint/);
    }
  });

  it('ignores variables it does not know', () => {
    expect(readConfig({ PATH: '/usr/bin', STRATA_SOMETHING_ELSE: 'x' }).port).toBe(4000);
  });
});
