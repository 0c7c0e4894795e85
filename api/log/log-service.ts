import type { GraphStore } from '../store/graph-store.js';
import { auditLog, latestCheckpoint, signNewCheckpoint, type LogAudit, type StoredCheckpoint } from './log-checkpoints.js';
import { treeHead } from '../store/log.js';
import { logOrigin } from './checkpoint.js';
import { loadOrCreateSigningKey, type LogSigningKey } from './signing-key.js';


/**
 * The API's handle on the transparency log: the signing key, checkpoints signed when the tree has grown, and the
 * walk-back audit (stored leaves recompute to the head, the head extends the last signed checkpoint), cached briefly
 * because it reads every leaf.
 */
export class LogService {
  readonly key: LogSigningKey;
  readonly origin: string;
  private lastAudit: { at: number; result: LogAudit } | null = null;

  private readonly auditTtlMs: number;

  /** auditTtlMs: how long an audit result is reused (it reads every leaf); 0 audits on every call. */
  constructor(private readonly graph: GraphStore, options: { keyFile: string | null; env?: NodeJS.ProcessEnv; auditTtlMs?: number }) {
    this.auditTtlMs = options.auditTtlMs ?? 30_000;
    const env = options.env ?? process.env;
    this.origin = logOrigin(env);
    this.key = loadOrCreateSigningKey({ env: env.STRATA_LOG_SIGNING_KEY, ...(options.keyFile ? { file: options.keyFile } : {}), name: this.origin });
  }

  /** The latest checkpoint covering the whole tree, signing a new one only when entries were appended since. */
  async checkpoint(): Promise<StoredCheckpoint> {
    const current = await this.graph.readTx(async (tx) => ({ head: await treeHead(tx), latest: await latestCheckpoint(tx) }));
    if (current.latest && current.latest.size === current.head.size) return current.latest;
    return this.graph.write((tx) => signNewCheckpoint(tx, this.key, this.origin));
  }

  async audit(options: { fresh?: boolean } = {}): Promise<LogAudit> {
    if (!options.fresh && this.lastAudit && Date.now() - this.lastAudit.at < this.auditTtlMs) return this.lastAudit.result;
    const result = await this.graph.readTx((tx) => auditLog(tx, this.key));
    this.lastAudit = { at: Date.now(), result };
    return result;
  }
}
