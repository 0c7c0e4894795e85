/**
 * The side panel's event stream (extension/lib/contributor-events.ts) and its inbox (lib/notification-inbox.ts) over
 * a scripted subscription and the fake browser's storage: the cursor is kept and sent again on reconnection, repeats
 * of a replay are dropped, failures back off 1 s, 2 s, 4 s …, and a refused key stops it for good.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { backoffDelay, ContributorEventStream, streamUrl, type StreamStatus, type Subscribe, type SubscribeSink } from '../../../extension/lib/contributor-events';
import { inboxKey, NotificationInbox } from '../../../extension/lib/notification-inbox';
import type { ContributorEventData } from '../../../extension/lib/notification-text';

interface Attempt {
  variables: Record<string, unknown>;
  sink: SubscribeSink;
  closed: boolean;
}

function harness(apiKey: string | null = 'k') {
  const attempts: Attempt[] = [];
  const subscribe: Subscribe = (request, sink) => {
    const a: Attempt = { variables: request.variables, sink, closed: false };
    attempts.push(a);
    return () => void (a.closed = true);
  };
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const statuses: StreamStatus[] = [];
  const events: ContributorEventData[] = [];
  let clock = 0;
  const store = new NotificationInbox('notifications:test');
  const stream = new ContributorEventStream({
    apiKey,
    subscribe,
    store,
    onEvent: async (e) => {
      if (await store.add(e, false)) events.push(e);
    },
    onStatus: (s) => statuses.push(s),
    delay: (n) => backoffDelay(n, () => 0),
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => void ((t as { cleared: boolean }).cleared = true),
    now: () => clock,
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    attempts, timers, statuses, events, store, stream, settle,
    advance: (ms: number) => void (clock += ms),
    /** Runs the pending reconnection timer. */
    async fire() {
      const t = timers.filter((x) => !x.cleared).at(-1)!;
      t.cleared = true;
      t.fn();
      await settle();
    },
  };
}

const event = (n: number, cursor = `cursor-${n}`) => ({
  data: {
    contributorEvents: {
      id: `record-used:out_${n}:ctb_1`, kind: 'RECORD_USED', occurredAt: `2026-11-30T07:${String(10 + n).padStart(2, '0')}:00Z`, cursor,
      contributor: 'Contributor:ctb_1', payload: { __typename: 'RecordUsedEvent', output: `Output:out_${n}`, records: [{ id: 'Record:r1', share: 0.5 }] },
    },
  },
});

beforeEach(() => fakeBrowser.reset());

describe('the event stream', () => {
  it('does not start without a key', () => {
    const h = harness(null);
    h.stream.start();
    expect(h.attempts).toHaveLength(0);
    expect(h.statuses).toEqual([{ state: 'no-key' }]);
  });

  it('keeps the last cursor and resumes with it after the connection drops, backing off 1 s, 2 s, 4 s', async () => {
    const h = harness();
    h.stream.start();
    await h.settle();
    expect(h.attempts[0]!.variables).toEqual({});
    h.attempts[0]!.sink.connected();
    h.attempts[0]!.sink.next(event(1));
    h.attempts[0]!.sink.next(event(2));
    await h.settle();
    expect(h.events.map((e) => e.id)).toEqual(['record-used:out_1:ctb_1', 'record-used:out_2:ctb_1']);
    expect(await h.store.cursor()).toBe('cursor-2');

    h.attempts[0]!.sink.error(new TypeError('Failed to fetch'));
    await h.settle();
    expect(h.statuses.at(-1)).toEqual({ state: 'reconnecting', inMs: 1_000, reason: 'Failed to fetch' });
    await h.fire();
    expect(h.attempts[1]!.variables).toEqual({ after: 'cursor-2' });
    // Refused at once again (the API is still down): 2 s, then 4 s.
    h.attempts[1]!.sink.error(new TypeError('Failed to fetch'));
    await h.settle();
    expect(h.timers.at(-1)!.ms).toBe(2_000);
    await h.fire();
    h.attempts[2]!.sink.error(new TypeError('Failed to fetch'));
    await h.settle();
    expect(h.timers.at(-1)!.ms).toBe(4_000);
    await h.fire();

    // Back: the replay repeats event 2 (it starts a minute before the cursor) and brings 3; 2 is not shown twice.
    h.attempts[3]!.sink.connected();
    h.attempts[3]!.sink.next(event(2, 'cursor-2'));
    h.attempts[3]!.sink.next(event(3));
    await h.settle();
    expect(h.events.map((e) => e.id)).toEqual(['record-used:out_1:ctb_1', 'record-used:out_2:ctb_1', 'record-used:out_3:ctb_1']);
    expect(await h.store.cursor()).toBe('cursor-3');
    expect(h.statuses.filter((s) => s.state === 'connected')).toHaveLength(2);

    // An event resets the back-off: the next drop waits 1 s again; the server ending the stream counts as a drop.
    h.attempts[3]!.sink.complete();
    await h.settle();
    expect(h.statuses.at(-1)).toEqual({ state: 'reconnecting', inMs: 1_000, reason: 'the API closed the stream' });
  });

  it('a new stream on the same inbox (the panel reopened) resumes from the stored cursor and drops repeats', async () => {
    const first = harness();
    first.stream.start();
    await first.settle();
    first.attempts[0]!.sink.next(event(1));
    await first.settle();
    first.stream.stop();
    expect(first.attempts[0]!.closed).toBe(true);

    const again = new NotificationInbox('notifications:test');
    expect(await again.cursor()).toBe('cursor-1');
    expect(await again.add((await again.items())[0]!.event, false)).toBe(false);
    expect(await again.items()).toHaveLength(1);
  });

  it('a refused key (HTTP 401) stops the stream: no retry', async () => {
    const h = harness('wrong');
    h.stream.start();
    await h.settle();
    h.attempts[0]!.sink.error({ response: { status: 401 } });
    await h.settle();
    expect(h.statuses.at(-1)).toMatchObject({ state: 'key-rejected' });
    expect(h.timers).toHaveLength(0);
  });

  it('UNAUTHENTICATED in the stream stops it too; CONFLICT (too many streams) is retried; a bad cursor is dropped', async () => {
    const refused = harness();
    refused.stream.start();
    await refused.settle();
    refused.attempts[0]!.sink.next({ errors: [{ message: 'no key', extensions: { code: 'UNAUTHENTICATED' } }] } as never);
    refused.attempts[0]!.sink.complete();
    await refused.settle();
    expect(refused.statuses.at(-1)).toEqual({ state: 'key-rejected', message: 'no key' });
    expect(refused.timers).toHaveLength(0);

    const busy = harness();
    busy.stream.start();
    await busy.settle();
    busy.attempts[0]!.sink.next({ errors: [{ message: 'five open', extensions: { code: 'CONFLICT' } }] } as never);
    busy.attempts[0]!.sink.complete();
    await busy.settle();
    expect(busy.statuses.at(-1)).toMatchObject({ state: 'reconnecting', inMs: 1_000 });

    const stale = harness();
    await stale.store.setCursor('from-another-server');
    stale.stream.start();
    await stale.settle();
    expect(stale.attempts[0]!.variables).toEqual({ after: 'from-another-server' });
    stale.attempts[0]!.sink.next({ errors: [{ message: 'not a cursor', extensions: { code: 'BAD_USER_INPUT', field: 'after' } }] } as never);
    await stale.settle();
    await stale.fire();
    expect(await stale.store.cursor()).toBeNull();
    expect(stale.attempts[1]!.variables).toEqual({});
  });

  it('a connection that stayed up 30 s starts the back-off over', async () => {
    const h = harness();
    h.stream.start();
    await h.settle();
    for (const ms of [1_000, 2_000]) {
      h.attempts.at(-1)!.sink.error(new TypeError('down'));
      await h.settle();
      expect(h.timers.at(-1)!.ms).toBe(ms);
      await h.fire();
    }
    h.attempts.at(-1)!.sink.connected();
    h.advance(30_000);
    h.attempts.at(-1)!.sink.error(new TypeError('cut'));
    await h.settle();
    expect(h.timers.at(-1)!.ms).toBe(1_000);
  });

  it('stop() cancels a pending reconnection and ignores a closed attempt\'s late callbacks', async () => {
    const h = harness();
    h.stream.start();
    await h.settle();
    const first = h.attempts[0]!;
    first.sink.error(new TypeError('down'));
    await h.settle();
    h.stream.stop();
    expect(h.timers.at(-1)!.cleared).toBe(true);
    first.sink.next(event(9));
    await h.settle();
    expect(h.events).toEqual([]);
  });
});

describe('back-off and addresses', () => {
  it('doubles from 1 s to at most 60 s, with up to a fifth more at random', () => {
    expect([0, 1, 2, 5, 6, 20].map((n) => backoffDelay(n, () => 0))).toEqual([1_000, 2_000, 4_000, 32_000, 60_000, 60_000]);
    expect(backoffDelay(0, () => 0.999)).toBe(1_200);
  });
  it('the stream is served beside the GraphQL endpoint', () => {
    expect(streamUrl('http://localhost:4000/graphql')).toBe('http://localhost:4000/graphql/stream');
    expect(streamUrl('https://api.example.org/strata/graphql/?x=1')).toBe('https://api.example.org/strata/graphql/stream');
  });
  it('an inbox belongs to one endpoint and key, and its name does not hold the key', async () => {
    const a = await inboxKey('http://localhost:4000/graphql', 'key-a');
    expect(a).toMatch(/^notifications:[0-9a-f]{32}$/);
    expect(a).not.toContain('key-a');
    expect(await inboxKey('http://localhost:4000/graphql', 'key-b')).not.toBe(a);
    expect(await inboxKey('http://127.0.0.1:4000/graphql', 'key-a')).not.toBe(a);
  });
});

describe('the inbox', () => {
  it('lists newest first, counts unread, and marks all read', async () => {
    const inbox = new NotificationInbox('notifications:x');
    const parsed = (n: number) => ({ ...(event(n).data.contributorEvents as object), output: `Output:out_${n}`, records: [{ id: 'Record:r1', share: 0.5 }] }) as unknown as ContributorEventData;
    await inbox.add(parsed(2), false);
    await inbox.add(parsed(1), false); // replayed late: older, goes below
    await inbox.add(parsed(3), true);
    expect((await inbox.items()).map((n) => n.event.id)).toEqual(['record-used:out_3:ctb_1', 'record-used:out_2:ctb_1', 'record-used:out_1:ctb_1']);
    expect(inbox.unreadCount()).toBe(2);
    expect(await inbox.markAllRead()).toBe(true);
    expect(inbox.unreadCount()).toBe(0);
    expect(await inbox.markAllRead()).toBe(false);
    await inbox.setSubject('record-used:out_2:ctb_1', { model: 'Stream 2' });
    const reread = new NotificationInbox('notifications:x');
    expect((await reread.items())[1]).toMatchObject({ subject: { model: 'Stream 2' }, read: true });
  });
});
