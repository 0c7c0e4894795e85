import type { GraphStore } from '../store/graph-store.js';
import {
  contributorEventsAfter, proposalNamedEventsOfProposal, recordUsedEventsOfOutput,
  type EventPosition, type NotificationKind, type StoredContributorEvent,
} from '../store/contributor-events.js';
import { valueDroppedEventId } from './contributor-event.js';
import { comparePositions, earlier, encodeEventCursor } from './event-cursor.js';
import { EventHub, type EventQueue } from './event-hub.js';
import { valueDropEvents } from './value-drops.js';

/**
 * What a use-case tells the notifications once its transaction has committed (never before, so a rolled-back write
 * is never announced). Fire and forget: a notification can never slow down or fail the write that caused it.
 */
export interface ContributorEventPublisher {
  outputRecorded(outputId: string): void;
  proposalCreated(proposalId: string): void;
}

/** An event as a stream sends it, with the cursor to resume after it. */
export interface StreamedEvent {
  event: StoredContributorEvent;
  cursor: string;
}

export interface FeedOptions {
  /** How often an open stream that asked for VALUE_DROPPED checks the contributor's value history (as webhooks do). */
  valueCheckIntervalMs?: number;
  /**
   * How far before a resume cursor the replay starts: a write may commit after a later one, so an event older than
   * the cursor can still be new to the client (the webhook scan's lag, for the same reason).
   */
  replayLagMs?: number;
  /** Events per replay query. */
  pageSize?: number;
  /** Live events that may wait for a slow stream before it is closed (EventHub). */
  maxQueued?: number;
  log?: (line: string) => void;
}

/** The webhook scan's lag (api/notifications/webhook-dispatcher.ts). */
export const REPLAY_LAG_MS = 60_000;
/** Event ids a stream remembers having sent, so the replay and the live channel do not send one twice. */
const REMEMBERED_IDS = 10_000;
const REPLAYED_KINDS: ReadonlyArray<'RECORD_USED' | 'PROPOSAL_NAMED'> = ['RECORD_USED', 'PROPOSAL_NAMED'];

/**
 * The GraphQL event stream's source (docs/architecture.md#notifications), one per process: the live hub fed by
 * committed writes, and each stream's replay from the stored graph. At least once, like webhooks: a client resuming
 * with its last cursor gets what it missed (and possibly some events again: de-duplicate by id).
 */
export class NotificationFeed implements ContributorEventPublisher {
  readonly hub: EventHub;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly graph: GraphStore,
    private readonly options: FeedOptions = {},
  ) {
    this.hub = new EventHub({ maxQueued: options.maxQueued });
  }

  outputRecorded(outputId: string): void {
    const listening = this.hub.listening();
    if (listening.length > 0) this.track(recordUsedEventsOfOutput(this.graph, outputId, listening), `output ${outputId}`);
  }

  proposalCreated(proposalId: string): void {
    const listening = this.hub.listening();
    if (listening.length > 0) this.track(proposalNamedEventsOfProposal(this.graph, proposalId, listening), `proposal ${proposalId}`);
  }

  /** Reads the events a write made and publishes them; a failed read is logged (the stream's replay still has them). */
  private track(read: Promise<StoredContributorEvent[]>, what: string): void {
    const done = read
      .then((events) => this.hub.publish(events))
      .catch((error: Error) => this.options.log?.(`Events of ${what} were not streamed (a resume replays them): ${error.message}`))
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** Publications still reading (tests wait for them; shutdown does not need to). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /**
   * The contributor's events of `kinds`: with `after`, first those that happened since (less the lag), then live ones
   * as their writes commit. Ends when the feed closes or the client goes away.
   */
  stream(contributorId: string, kinds: readonly NotificationKind[], after: EventPosition | null): AsyncIterableIterator<StreamedEvent> {
    // Listen before replaying: an event that commits during the replay is then either read by it or heard live.
    const live = this.hub.subscribe(contributorId, kinds);
    const valueChecks = kinds.includes('VALUE_DROPPED') ? this.checkValueDrops(contributorId) : null;
    const events = this.events(contributorId, kinds, after, live, valueChecks);
    // A generator waiting for its next event would only see `return()` once one came: a client that goes away ends
    // the live queue at once instead, so its listener and value checks do not outlive it.
    const stream: AsyncIterableIterator<StreamedEvent> = {
      next: () => events.next(),
      return: () => {
        valueChecks?.stop();
        live.close();
        return events.return(undefined);
      },
      throw: (error: unknown) => events.throw(error),
      [Symbol.asyncIterator]: () => stream,
    };
    return stream;
  }

  private async *events(
    contributorId: string,
    kinds: readonly NotificationKind[],
    after: EventPosition | null,
    live: EventQueue,
    valueChecks: { start(): void; stop(): void } | null,
  ): AsyncGenerator<StreamedEvent, void, undefined> {
    const sent = new Set<string>();
    let position: EventPosition = after ?? { at: new Date().toISOString(), eventId: '' };
    const emit = (event: StoredContributorEvent): StreamedEvent | null => {
      if (sent.has(event.eventId)) return null;
      sent.add(event.eventId);
      if (sent.size > REMEMBERED_IDS) sent.delete(sent.values().next().value!);
      if (event.kind !== 'VALUE_DROPPED') {
        const own = { at: event.at, eventId: event.eventId };
        if (comparePositions(own, position) > 0) position = own;
      }
      return { event, cursor: encodeEventCursor(position) };
    };
    try {
      if (after) {
        if (after.eventId !== '') sent.add(after.eventId);
        const replayed = kinds.filter((k): k is 'RECORD_USED' | 'PROPOSAL_NAMED' => REPLAYED_KINDS.includes(k as never));
        for await (const event of this.replay(contributorId, replayed, { at: earlier(after.at, this.options.replayLagMs ?? REPLAY_LAG_MS), eventId: '' })) {
          const out = emit(event);
          if (out) yield out;
        }
      }
      valueChecks?.start();
      for await (const event of live) {
        const out = emit(event);
        if (out) yield out;
      }
    } finally {
      valueChecks?.stop();
      live.close();
    }
  }

  /** Pages of each replayed kind after `from`, merged by position; each page is one bounded query. */
  private async *replay(contributorId: string, kinds: ReadonlyArray<'RECORD_USED' | 'PROPOSAL_NAMED'>, from: EventPosition): AsyncGenerator<StoredContributorEvent> {
    const pageSize = this.options.pageSize ?? 100;
    let position = from;
    for (;;) {
      const pages = await Promise.all(kinds.map((kind) => contributorEventsAfter(this.graph, kind, contributorId, position, pageSize)));
      const merged = pages.flat().sort((a, b) => comparePositions(a, b));
      const last = pages.every((p) => p.length < pageSize);
      // Up to the page size, the merged order is complete: no unread event of any kind comes before these.
      const take = last ? merged : merged.slice(0, pageSize);
      for (const event of take) yield event;
      if (last || take.length === 0) return;
      position = { at: take.at(-1)!.at, eventId: take.at(-1)!.eventId };
    }
  }

  /**
   * VALUE_DROPPED for a stream: the contributor's flagged versions now and every valueCheckIntervalMs, published to
   * their streams (each sends a version once: its event id names it).
   */
  private checkValueDrops(contributorId: string): { start(): void; stop(): void } {
    let timer: NodeJS.Timeout | null = null;
    let stopped = false;
    const check = async () => {
      try {
        const drops = await valueDropEvents(this.graph, contributorId);
        const now = new Date().toISOString();
        this.hub.publish(
          drops.map((d) => ({
            eventId: valueDroppedEventId(d.modelId, contributorId), kind: 'VALUE_DROPPED' as const, contributorId,
            modelId: d.modelId, payload: JSON.stringify(d.numbers), occurredAt: now, at: now,
          })),
        );
      } catch (error) {
        this.options.log?.(`Value check for ${contributorId} failed (will retry): ${(error as Error).message}`);
      }
      if (timer) this.timers.delete(timer);
      if (!stopped) {
        timer = setTimeout(() => void check(), this.options.valueCheckIntervalMs ?? 60_000).unref();
        this.timers.add(timer);
      }
    };
    return {
      start: () => void check(),
      stop: () => {
        stopped = true;
        if (timer) {
          clearTimeout(timer);
          this.timers.delete(timer);
        }
      },
    };
  }

  /** Shutdown: every open stream completes now, so draining HTTP does not wait for them. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.hub.close();
  }
}
