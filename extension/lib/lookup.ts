/**
 * The worker's lookup: hash the text two ways — its content hash (docs/architecture.md#text-normalisation-and-hashes)
 * and its words hash (docs/architecture.md#the-words-hash, what survives a site rendering the output's markdown) —
 * and ask `outputByContent` with each. Only hashes leave the browser: the text itself goes to `traceText` only when
 * the user asked for a trace (a click, the context menu) or opted in for the site. Recorded outputs get their log
 * inclusion verified against the signed checkpoint. Results are cached per content hash; failures are not cached,
 * so "retry" really retries.
 */
import { parseCheckpoint, parseLineageGraph, parseOutput, parseTrace, type CheckpointData } from './api-types';
import { errorsAt, GraphQLRequestError, graphqlRequest, KeyRejectedError, UnreachableError, type GraphQLResponse } from './graphql-client';
import { verifyOutputInLog, type LogVerification } from './log-verify';
import type { LineageGraphResult, LookupResult } from './messages';
import { contentHash, normalizeText } from './normalize';
import { wordsHash } from '../../api/attribution/trace/words-hash';
import {
  LINEAGE_GRAPH_QUERY,
  LOG_CHECKPOINT_QUERY,
  OUTPUT_BY_CONTENT_NO_LOG_QUERY,
  OUTPUT_BY_CONTENT_QUERY,
  OUTPUT_BY_WORDS_QUERY,
  TRACE_TEXT_QUERY,
  type LineageGraphVariables,
} from './queries';

export interface LookupConfig {
  endpoint: string;
  apiKey: string | null;
  /** A log key the user configured: always wins. */
  logPublicKey: string | null;
  /** Keys pinned on first successful verification, per `endpoint origin` scope. */
  pinnedLogKeys: Record<string, string>;
}

export interface LookupDeps {
  config(): Promise<LookupConfig>;
  pinLogKey(scope: string, key: string): Promise<void>;
  fetchImpl?: typeof fetch;
  now?: () => number;
  ttlMs?: number;
  maxEntries?: number;
}

interface CacheEntry {
  at: number;
  result: LookupResult;
}

export function pinScope(endpoint: string, origin: string): string {
  return `${endpoint} ${origin}`;
}

export class LookupService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<LookupResult>>();
  private checkpointCache: { at: number; endpoint: string; checkpoint: CheckpointData } | null = null;
  /** Number of API round trips, for tests and diagnostics. */
  requests = 0;
  /** How many of them carried the text itself (traceText): only ever after the user asked or opted in. */
  textRequests = 0;

  constructor(private readonly deps: LookupDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  clear(): void {
    this.cache.clear();
    this.checkpointCache = null;
  }

  cached(hash: string): LookupResult | null {
    const hit = this.cache.get(hash);
    if (!hit) return null;
    if (this.now() - hit.at > (this.deps.ttlMs ?? 5 * 60_000)) {
      this.cache.delete(hash);
      return null;
    }
    return hit.result;
  }

  /**
   * What Strata knows about `text`. With `trace: false` (the default) only hashes are sent, and text the API does not
   * know as an output comes back `unrecorded`; with `trace: true` (the user asked, or opted in for the site) such
   * text is sent to `traceText`.
   */
  async lookup(text: string, opts: { trace?: boolean } = {}): Promise<LookupResult> {
    const normalized = normalizeText(text);
    if (!normalized) return { kind: 'error', message: 'no text to look up' };
    const trace = opts.trace === true;
    const hash = await contentHash(normalized);
    const hit = this.cached(hash);
    if (hit && !(trace && hit.kind === 'unrecorded')) return hit;
    const key = `${hash}${trace ? ' trace' : ''}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.run(hash, text, normalized, trace).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async gql(cfg: LookupConfig, query: string, variables: Record<string, unknown>, timeoutMs = 10_000) {
    this.requests++;
    const opts: { apiKey: string | null; fetchImpl?: typeof fetch; timeoutMs: number } = { apiKey: cfg.apiKey, timeoutMs };
    if (this.deps.fetchImpl) opts.fetchImpl = this.deps.fetchImpl;
    return graphqlRequest(cfg.endpoint, query, variables, opts);
  }

  private async checkpoint(cfg: LookupConfig): Promise<CheckpointData> {
    const c = this.checkpointCache;
    if (c && c.endpoint === cfg.endpoint && this.now() - c.at < 10_000) return c.checkpoint;
    const res = await this.gql(cfg, LOG_CHECKPOINT_QUERY, {});
    const checkpoint = parseCheckpoint(res.data?.logCheckpoint);
    this.checkpointCache = { at: this.now(), endpoint: cfg.endpoint, checkpoint };
    return checkpoint;
  }

  private async run(hash: string, text: string, normalized: string, trace: boolean): Promise<LookupResult> {
    let result: LookupResult;
    try {
      const cfg = await this.deps.config();
      let checkpoint: CheckpointData | null = null;
      let checkpointError: string | undefined;
      try {
        checkpoint = await this.checkpoint(cfg);
      } catch (e) {
        if (e instanceof UnreachableError) throw e;
        checkpointError = e instanceof Error ? e.message : String(e);
      }
      const proofVars = { treeSize: checkpoint?.treeSize ?? null, withProof: checkpoint !== null };
      let res: GraphQLResponse;
      let noLog = false;
      let matchedBy: 'content' | 'words' = 'content';
      try {
        res = await this.gql(cfg, OUTPUT_BY_CONTENT_QUERY, { contentHash: hash, ...proofVars });
      } catch (e) {
        // An API without the transparency log rejects the log fields; still show the output, unverified.
        if (!(e instanceof GraphQLRequestError) || !/Cannot query field "(logEntry|inclusionProof)"/.test(e.message)) throw e;
        res = await this.gql(cfg, OUTPUT_BY_CONTENT_NO_LOG_QUERY, { contentHash: hash });
        noLog = true;
      }
      let output = parseOutput(res.data?.outputByContent);
      let words: string | null = null;
      if (!output && !noLog) {
        // The page may render the output's markdown: its words still match (docs/architecture.md#the-words-hash).
        words = await wordsHash(text);
        if (words) {
          try {
            res = await this.gql(cfg, OUTPUT_BY_WORDS_QUERY, { wordsHash: words, ...proofVars });
            output = parseOutput(res.data?.outputByContent);
            matchedBy = 'words';
          } catch (e) {
            // An API from before the words hash: the exact lookup is all it has.
            if (!(e instanceof GraphQLRequestError) || !/Unknown argument "wordsHash"/.test(e.message)) throw e;
          }
        }
      }
      if (output) {
        // Never take the API's word for it: the output it names must hash as the page's text does.
        if (matchedBy === 'content' ? output.contentHash !== hash : (await wordsHash(output.text)) !== words) {
          throw new Error('the API answered with a different output');
        }
        const proofErrors = errorsAt(res.errors, 'outputByContent', 'logEntry');
        let verification: LogVerification;
        if (noLog) {
          verification = { state: 'unavailable', reason: 'this API publishes no transparency log' };
        } else if (output.logEntry && !output.logEntry.inclusionProof && proofErrors.length > 0) {
          verification = { state: 'unavailable', reason: `no inclusion proof: ${proofErrors[0]!.message}` };
        } else {
          verification = await this.verify(cfg, output, checkpoint, checkpointError);
        }
        result = { kind: 'output', contentHash: hash, matchedBy, output, verification };
      } else if (trace) {
        // The user asked (or opted in for this site): now, and only now, the text goes to the API.
        this.textRequests++;
        // No model id: the variable is left out, not sent as null.
        const tr = await this.gql(cfg, TRACE_TEXT_QUERY, { text: normalized });
        result = { kind: 'trace', contentHash: hash, text: normalized, trace: parseTrace(tr.data?.traceText) };
      } else {
        result = { kind: 'unrecorded', contentHash: hash };
      }
    } catch (e) {
      if (e instanceof UnreachableError) return { kind: 'unreachable', message: e.message };
      // Not cached: once the user has put a good key in, the next lookup must ask again.
      if (e instanceof KeyRejectedError) return { kind: 'key-rejected', message: e.message };
      return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    this.store(hash, result);
    return result;
  }

  private async verify(
    cfg: LookupConfig,
    output: NonNullable<ReturnType<typeof parseOutput>>,
    checkpoint: CheckpointData | null,
    checkpointError: string | undefined,
  ): Promise<LogVerification> {
    const scope = checkpoint ? pinScope(cfg.endpoint, checkpoint.origin) : '';
    const pinned = checkpoint ? (cfg.pinnedLogKeys[scope] ?? null) : null;
    const trustedKey = cfg.logPublicKey ?? pinned;
    const input: Parameters<typeof verifyOutputInLog>[0] = {
      outputId: output.id,
      contentHash: output.contentHash,
      logEntry: output.logEntry,
      checkpoint,
      trustedKey,
    };
    if (checkpointError !== undefined) input.checkpointError = checkpointError;
    const v = await verifyOutputInLog(input);
    if (v.state === 'verified' && checkpoint && !cfg.logPublicKey && !pinned) {
      await this.deps.pinLogKey(scope, checkpoint.publicKey);
    }
    if (v.state === 'failed' && checkpoint && trustedKey && trustedKey.trim() !== checkpoint.publicKey.trim()) {
      return { state: 'failed', reason: `${v.reason} (the log's published key differs from the ${cfg.logPublicKey ? 'configured' : 'pinned'} one)` };
    }
    return v;
  }

  private store(hash: string, result: LookupResult): void {
    this.cache.delete(hash);
    this.cache.set(hash, { at: this.now(), result });
    const max = this.deps.maxEntries ?? 500;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value!);
  }

  async lineageGraph(v: LineageGraphVariables): Promise<LineageGraphResult> {
    try {
      const cfg = await this.deps.config();
      // A whole neighbourhood, asked for by a user who waits for it: more time than a badge's lookup gets.
      const res = await this.gql(cfg, LINEAGE_GRAPH_QUERY, { ...v }, 30_000);
      if (res.data?.lineageGraph === null || res.data?.lineageGraph === undefined) {
        return { ok: false, unreachable: false, message: res.errors[0]?.message ?? 'no graph for this id' };
      }
      return { ok: true, graph: parseLineageGraph(res.data.lineageGraph) };
    } catch (e) {
      return {
        ok: false,
        unreachable: e instanceof UnreachableError,
        keyRejected: e instanceof KeyRejectedError,
        message: e instanceof Error ? e.message : String(e),
      };
    }
  }
}
