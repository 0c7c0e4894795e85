import type { GraphStore } from '../store/graph-store.js';
import {
  claimDue, enqueueProposalNamed, enqueueRecordUsed, enqueueValueDropped, recordAttempt, valueDropSubscriptions, type WebhookDeliveryShape,
} from '../store/webhooks.js';
import { eventBody } from './contributor-event.js';
import { valueDropEvents } from './value-drops.js';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, webhookSignature } from './webhook-signature.js';

/**
 * Webhook notifications, one per process (docs/architecture.md#notifications). Each round: find outputs recorded
 * since the last round and enqueue a RECORD_USED delivery per subscriber whose records they used; then POST the due
 * deliveries, signed, and record each attempt: 2xx is DELIVERED, anything else (or no answer within `timeoutMs`) is
 * retried with back-off until MAX_DELIVERY_ATTEMPTS, then FAILED. At least once: a receiver de-duplicates by the
 * event id (`Strata-Event-Id`, and `id` in the body).
 */
export interface DispatcherOptions {
  intervalMs?: number;
  timeoutMs?: number;
  /** Back-off before retry n (1-based); tests shorten it. */
  retryDelayMs?: (attempt: number) => number;
  /**
   * How often the value histories of VALUE_DROPPED subscribers are checked (each check reads one history per
   * subscriber, so it runs less often than the rounds); 0 checks every round (tests).
   */
  valueCheckIntervalMs?: number;
  log?: (line: string) => void;
}

export { VALUE_DROP_THRESHOLD } from './value-drops.js';
/** Subscribers whose value histories one check reads, at most. */
const VALUE_CHECK_LIMIT = 1_000;

export interface RoundResult {
  enqueued: number;
  attempted: number;
  delivered: number;
}

const LAG_MS = 60_000;
const SCAN_LIMIT = 10_000;
const CLAIM_LIMIT = 50;

/** The JSON body of a delivery: the event as both channels say it (notifications/contributor-event.ts). */
export function deliveryBody(d: WebhookDeliveryShape): string {
  return JSON.stringify(eventBody(d));
}

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private lastValueCheckMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly graph: GraphStore,
    private readonly options: DispatcherOptions = {},
  ) {}

  /** One round: enqueue what happened, deliver what is due. */
  async runOnce(): Promise<RoundResult> {
    let enqueued = await this.graph.write((tx) => enqueueRecordUsed(tx, { lagMs: LAG_MS, limit: SCAN_LIMIT }));
    enqueued += await this.graph.write((tx) => enqueueProposalNamed(tx, { lagMs: LAG_MS, limit: SCAN_LIMIT }));
    if (Date.now() - this.lastValueCheckMs >= (this.options.valueCheckIntervalMs ?? 60_000)) {
      this.lastValueCheckMs = Date.now();
      enqueued += await this.enqueueValueDrops();
    }
    const due = await this.graph.write((tx) => claimDue(tx, { limit: CLAIM_LIMIT, leaseMs: (this.options.timeoutMs ?? 5_000) * 2 + 5_000 }));
    let delivered = 0;
    for (const { delivery, url, secret } of due) {
      const outcome = await this.post(url, secret, delivery);
      const attempt = delivery.attempts + 1;
      const status = outcome.ok ? 'DELIVERED' : attempt >= MAX_DELIVERY_ATTEMPTS ? 'FAILED' : 'PENDING';
      if (outcome.ok) delivered += 1;
      const delay = (this.options.retryDelayMs ?? retryDelayMs)(attempt);
      await this.graph.write((tx) => recordAttempt(tx, { id: delivery.id, status, statusCode: outcome.statusCode, error: outcome.error, retryInMs: delay }));
    }
    return { enqueued, attempted: due.length, delivered };
  }

  /**
   * VALUE_DROPPED: the value history of each subscriber (Contributor.valueHistory, the default threshold); a flagged
   * model version is an event, once per version (its id names the version).
   */
  private async enqueueValueDrops(): Promise<number> {
    const rows: Array<{ subscriptionId: string; contributorId: string; modelId: string; payload: string }> = [];
    const drops = new Map<string, Awaited<ReturnType<typeof valueDropEvents>>>();
    for (const s of await valueDropSubscriptions(this.graph, VALUE_CHECK_LIMIT)) {
      let flagged = drops.get(s.contributorId);
      if (!flagged) drops.set(s.contributorId, (flagged = await valueDropEvents(this.graph, s.contributorId)));
      for (const v of flagged) rows.push({ subscriptionId: s.subscriptionId, contributorId: s.contributorId, modelId: v.modelId, payload: JSON.stringify(v.numbers) });
    }
    return rows.length === 0 ? 0 : this.graph.write((tx) => enqueueValueDropped(tx, rows));
  }

  private async post(url: string, secret: string, delivery: WebhookDeliveryShape): Promise<{ ok: boolean; statusCode: number | null; error: string | null }> {
    const body = deliveryBody(delivery);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Strata-Webhooks/1',
          'strata-event-id': delivery.eventId,
          'strata-event-kind': delivery.kind,
          'strata-signature': webhookSignature(secret, Math.floor(Date.now() / 1000), body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      await response.body?.cancel();
      return response.ok ? { ok: true, statusCode: response.status, error: null } : { ok: false, statusCode: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, statusCode: null, error: String((error as Error).message ?? error).slice(0, 200) };
    }
  }

  /** Runs a round every intervalMs until stop(); a failed round is logged and the next one tries again. */
  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .catch((error: unknown) => this.options.log?.(`Webhook round failed (will retry): ${(error as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 1_000).unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
