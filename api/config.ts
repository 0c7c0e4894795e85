/** Runtime configuration, read once from the environment (names fixed in DESIGN.md). */
export interface StrataConfig {
  /** Unset → `npm start` runs the project's local Neo4j. */
  neo4jUri: string | undefined;
  neo4jUser: string | undefined;
  neo4jPassword: string | undefined;
  neo4jDatabase: string;
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
  /** How long a mutation's idempotencyKey is honoured (STRATA_IDEMPOTENCY_TTL_HOURS, default 24); older keys are swept. */
  idempotencyTtlMs: number;
  /** The environment the config was read from (the log reads its key and origin there). */
  env: NodeJS.ProcessEnv;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): StrataConfig {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${env.PORT}".`);
  }
  const ttlHours = Number(env.STRATA_IDEMPOTENCY_TTL_HOURS ?? 24);
  if (!Number.isFinite(ttlHours) || ttlHours <= 0) {
    throw new Error(`STRATA_IDEMPOTENCY_TTL_HOURS must be a positive number of hours, got "${env.STRATA_IDEMPOTENCY_TTL_HOURS}".`);
  }
  return {
    neo4jUri: env.NEO4J_URI || undefined,
    neo4jUser: env.NEO4J_USER || undefined,
    neo4jPassword: env.NEO4J_PASSWORD || undefined,
    neo4jDatabase: env.NEO4J_DATABASE || 'neo4j',
    port,
    host: env.HOST || '127.0.0.1',
    adminKey: env.STRATA_ADMIN_KEY || undefined,
    production: env.NODE_ENV === 'production',
    logSigningKeyFile: env.STRATA_LOG_SIGNING_KEY_FILE || '.strata/log-signing-key',
    env,
    idempotencyTtlMs: ttlHours * 3_600_000,
    logAuditTtlMs: Number(env.STRATA_LOG_AUDIT_TTL_MS ?? 30_000),
    attributionIndexFile: env.STRATA_ATTRIBUTION_INDEX_FILE || `.strata/attribution-index/${env.NEO4J_DATABASE || 'neo4j'}.bin`,
  };
}
