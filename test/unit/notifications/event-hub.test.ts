import { describe, expect, it } from 'vitest';
import { EventHub, EventQueueOverflow } from '../../../api/notifications/event-hub.js';
import type { NotificationKind, StoredContributorEvent } from '../../../api/store/contributor-events.js';

const event = (contributorId: string, n: number, kind: NotificationKind = 'RECORD_USED'): StoredContributorEvent => ({
  eventId: `e${n}:${contributorId}`, kind, contributorId, occurredAt: '2026-03-01T00:00:00.000Z', at: '2026-03-01T00:00:00.000000001Z',
});

const ids = (events: StoredContributorEvent[]) => events.map((e) => e.eventId);

async function drain(queue: AsyncIterable<StoredContributorEvent>, n: number): Promise<StoredContributorEvent[]> {
  const out: StoredContributorEvent[] = [];
  for await (const e of queue) {
    out.push(e);
    if (out.length === n) break;
  }
  return out;
}

// The live channel of the event streams (docs/architecture.md#notifications): in-process pub/sub, per contributor.
describe('EventHub', () => {
  it('hands each event only to its own contributor\'s queues that asked for its kind, in order', async () => {
    const hub = new EventHub();
    const a = hub.subscribe('a', ['RECORD_USED']);
    const aProposals = hub.subscribe('a', ['PROPOSAL_NAMED']);
    const b = hub.subscribe('b', ['RECORD_USED', 'PROPOSAL_NAMED']);
    hub.publish([event('a', 1), event('b', 2), event('a', 3, 'PROPOSAL_NAMED'), event('a', 4)]);
    expect(ids(await drain(a, 2))).toEqual(['e1:a', 'e4:a']);
    expect(ids(await drain(aProposals, 1))).toEqual(['e3:a']);
    expect(ids(await drain(b, 1))).toEqual(['e2:b']);
  });

  it('wakes a waiting reader when an event is published', async () => {
    const hub = new EventHub();
    const a = hub.subscribe('a', ['RECORD_USED']);
    const next = a.next();
    hub.publish([event('a', 1)]);
    expect(await next).toEqual({ value: event('a', 1), done: false });
  });

  it('lists who listens, and forgets a queue once closed or returned', async () => {
    const hub = new EventHub();
    const a = hub.subscribe('a', ['RECORD_USED']);
    const b = hub.subscribe('b', ['RECORD_USED']);
    expect(hub.listening().sort()).toEqual(['a', 'b']);
    expect(hub.size).toBe(2);
    expect(hub.count('a')).toBe(1);
    a.close();
    await b.return!();
    expect(hub.listening()).toEqual([]);
    expect(hub.size).toBe(0);
    expect(await a.next()).toEqual({ value: undefined, done: true });
    hub.publish([event('a', 1)]);
    expect(await a.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a queue whose reader fell more than maxQueued behind, after what it held', async () => {
    const hub = new EventHub({ maxQueued: 2 });
    const a = hub.subscribe('a', ['RECORD_USED']);
    hub.publish([event('a', 1), event('a', 2), event('a', 3), event('a', 4)]);
    expect(hub.listening()).toEqual([]);
    expect((await a.next()).value?.eventId).toBe('e1:a');
    expect((await a.next()).value?.eventId).toBe('e2:a');
    await expect(a.next()).rejects.toBeInstanceOf(EventQueueOverflow);
    expect(await a.next()).toEqual({ value: undefined, done: true });
  });

  it('close() ends every queue, waiting readers included, and refuses new listeners', async () => {
    const hub = new EventHub();
    const a = hub.subscribe('a', ['RECORD_USED']);
    const waiting = a.next();
    hub.close();
    expect(await waiting).toEqual({ value: undefined, done: true });
    const late = hub.subscribe('a', ['RECORD_USED']);
    expect(hub.size).toBe(0);
    expect(await late.next()).toEqual({ value: undefined, done: true });
  });
});
