/**
 * The contributor's events, live (docs/architecture.md#the-event-stream): `subscription { contributorEvents(after) }`
 * over SSE with graphql-sse's client, with the saved API key and endpoint.
 *
 * Where it runs: in the side panel, while the panel is open, not in the background worker. The events are shown only
 * in the panel, and a page lives exactly as long as it is shown. An MV3 service worker is stopped after ~30 s without
 * extension events and an open fetch stream does not count as one, so a worker stream would need keep-alive pings and
 * would still be cut and restarted behind the user's back. The panel is an extension page (a trusted context, as the
 * worker is): it may read the key; content scripts still cannot.
 *
 * What it does: remembers the last event's cursor (chrome.storage, per endpoint and key), so a reconnection or the
 * next opening of the panel resumes with `after` and the API replays what was missed; de-duplicates by event id (a
 * replay starts a minute before the cursor, so some events come twice); reconnects after 1, 2, 4 … 60 s; stops for
 * good on a refused key (HTTP 401: the options page fixes it, retrying cannot) and never starts without a key.
 */
import { createClient, NetworkError, type ExecutionResult } from 'graphql-sse';
import { parseContributorEvent, type ContributorEventData } from './notification-text';
import { CONTRIBUTOR_EVENTS_SUBSCRIPTION } from './queries';

export type StreamStatus =
  | { state: 'no-key' }
  | { state: 'connecting' }
  | { state: 'connected' }
  /** Waiting `inMs` before the next attempt, because of `reason`. */
  | { state: 'reconnecting'; inMs: number; reason: string }
  | { state: 'key-rejected'; message: string }
  | { state: 'stopped' };

/** What one subscription attempt reports (graphql-sse's sink and `on.connected`, reduced to what the stream needs). */
export interface SubscribeSink {
  connected(): void;
  next(result: ExecutionResult<Record<string, unknown>, unknown>): void;
  error(error: unknown): void;
  complete(): void;
}
/** Opens one subscription; returns what closes it. The real one is graphql-sse's (`sseSubscribe`); tests pass a fake. */
export type Subscribe = (request: { query: string; variables: Record<string, unknown> }, sink: SubscribeSink) => () => void;

/** Where the cursor is kept between connections and panel openings (notification-inbox.ts in the panel). */
export interface CursorStore {
  cursor(): Promise<string | null>;
  setCursor(cursor: string | null): Promise<void>;
}

export interface EventStreamOptions {
  apiKey: string | null;
  subscribe: Subscribe;
  store: CursorStore;
  onEvent(event: ContributorEventData): void | Promise<void>;
  onStatus(status: StreamStatus): void;
  /** The wait before attempt n+1 after n failures in a row (default: backoffDelay). */
  delay?: (failures: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  now?: () => number;
}

/** 1 s, 2 s, 4 s … up to 60 s, each with up to a fifth more at random so many panels do not come back in step. */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 1_000 * 2 ** Math.min(failures, 10));
  return Math.round(base * (1 + random() / 5));
}

/** A connection that stayed up this long before it dropped counts as a success: the back-off starts over. */
const STABLE_MS = 30_000;

/** `http://host/graphql` → `http://host/graphql/stream` (the API serves the stream beside its GraphQL endpoint). */
export function streamUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/stream`;
  return url.toString();
}

/** graphql-sse's client over fetch, for one endpoint and key: no retries of its own (the stream retries, with the cursor). */
export function sseSubscribe(endpoint: string, apiKey: string, fetchFn: typeof fetch = fetch.bind(globalThis)): Subscribe {
  const client = createClient({
    url: streamUrl(endpoint),
    headers: { authorization: `Bearer ${apiKey}` },
    fetchFn,
    credentials: 'omit',
    retryAttempts: 0,
  });
  return (request, sink) =>
    client.subscribe<Record<string, unknown>>(request, { next: sink.next, error: sink.error, complete: sink.complete }, { connected: () => sink.connected() });
}

/** The HTTP status of a refused stream (graphql-sse's NetworkError carries the response), if that is what `e` is. */
function httpStatus(e: unknown): number | null {
  if (e instanceof NetworkError) return e.response?.status ?? null;
  const status = (e as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === 'number' ? status : null;
}

interface ErrorLike {
  message?: string;
  extensions?: { code?: string; field?: string };
}

/**
 * One contributor's stream, for as long as `start()` … `stop()`. Each connection subscribes with the last cursor
 * seen; a result's errors decide what comes next (a refused key stops it, a bad cursor is dropped, anything else is
 * retried with back-off).
 */
export class ContributorEventStream {
  private readonly delay: (failures: number) => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private readonly now: () => number;
  private close: (() => void) | null = null;
  private timer: unknown = null;
  private failures = 0;
  private running = false;
  /** Bumped at each attempt: callbacks of an attempt that was closed are ignored. */
  private attempt = 0;
  /** Ids this stream has passed on, so a replay's repeats are not (the store also de-duplicates across openings). */
  private readonly seen = new Set<string>();

  constructor(private readonly options: EventStreamOptions) {
    this.delay = options.delay ?? ((n) => backoffDelay(n));
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
    this.now = options.now ?? (() => Date.now());
  }

  start(): void {
    if (this.running) return;
    if (!this.options.apiKey) {
      this.options.onStatus({ state: 'no-key' });
      return;
    }
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.attempt++;
    this.close?.();
    this.close = null;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.options.onStatus({ state: 'stopped' });
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt;
    this.options.onStatus({ state: 'connecting' });
    const after = await this.options.store.cursor();
    if (attempt !== this.attempt || !this.running) return;
    let connectedAt: number | null = null;
    let ended = false;
    // Events are handed on one at a time, in order, each after its cursor is stored.
    let chain: Promise<void> = Promise.resolve();
    const end = (next: () => void) => {
      if (ended || attempt !== this.attempt) return;
      ended = true;
      this.close = null;
      void chain.then(() => {
        if (attempt === this.attempt && this.running) next();
      });
    };
    const retry = (reason: string) =>
      end(() => {
        if (connectedAt !== null && this.now() - connectedAt >= STABLE_MS) this.failures = 0;
        const inMs = this.delay(this.failures++);
        this.options.onStatus({ state: 'reconnecting', inMs, reason });
        this.timer = this.setTimer(() => {
          this.timer = null;
          if (this.running) void this.connect();
        }, inMs);
      });
    const rejected = (message: string) =>
      end(() => {
        this.running = false;
        this.options.onStatus({ state: 'key-rejected', message });
      });

    this.close = this.options.subscribe(
      { query: CONTRIBUTOR_EVENTS_SUBSCRIPTION, variables: after ? { after } : {} },
      {
        connected: () => {
          if (attempt !== this.attempt || ended) return;
          connectedAt = this.now();
          this.options.onStatus({ state: 'connected' });
        },
        next: (result) => {
          if (attempt !== this.attempt || ended) return;
          const errors = (result.errors ?? []) as unknown as readonly ErrorLike[];
          if (errors.length > 0) {
            const first = errors[0]!;
            const code = first.extensions?.code;
            if (code === 'UNAUTHENTICATED') return rejected(first.message ?? 'UNAUTHENTICATED');
            if (code === 'BAD_USER_INPUT' && first.extensions?.field === 'after') {
              // A cursor this API does not know (another server, an old format): start over from now.
              chain = chain.then(() => this.options.store.setCursor(null));
              return retry('the saved position was not accepted; starting from now');
            }
            if (code === 'CONFLICT') return retry('this key has the most event streams open already (other windows?)');
            return retry(first.message ?? 'the API refused the subscription');
          }
          const event = parseContributorEvent(result.data?.contributorEvents);
          if (!event) return;
          this.failures = 0;
          chain = chain.then(async () => {
            await this.options.store.setCursor(event.cursor);
            if (this.seen.has(event.id)) return;
            this.seen.add(event.id);
            await this.options.onEvent(event);
          });
        },
        error: (e) => {
          const status = httpStatus(e);
          if (status === 401) return rejected('HTTP 401: the API does not know this key');
          retry(status !== null ? `HTTP ${status}` : e instanceof Error ? e.message : 'the connection failed');
        },
        // The server ended the stream (it shut down, or this stream fell too far behind): resume by cursor.
        complete: () => retry('the API closed the stream'),
      },
    );
    // An attempt that ended while subscribing (a synchronous failure) must not keep a closer.
    if (ended) this.close = null;
  }
}
