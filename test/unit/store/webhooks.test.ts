import { describe, expect, it } from 'vitest';
import { claimDue, createSubscription, deleteSubscription, enqueueRecordUsed, recordAttempt } from '../../../api/store/webhooks.js';
import { int } from '../../../api/store/values.js';
import { recording } from './recording.js';

// Every statement the notifications send, pinned (no database).
describe('webhooks store', () => {
  it('creates a subscription behind the guard, for a caller with a node', async () => {
    const { tx, sent } = recording([[{ created: int(1) }]]);
    expect(await createSubscription(tx, { actor: { contributorId: 'ctb_1', envAdmin: false }, roles: ['CONTRIBUTOR', 'ADMIN'] }, { id: 'whs_1', url: 'https://h.example/x', events: ['RECORD_USED'], secret: 'whsec_s' })).toBe(1);
    expect(sent[0]!.cypher).toContain('WITH actor WHERE actor IS NOT NULL');
    expect(sent).toMatchSnapshot();
  });

  it('deletes only the owner\'s subscription, with its deliveries', async () => {
    const { tx, sent } = recording([[{ deleted: int(1) }]]);
    expect(await deleteSubscription(tx, { id: 'whs_1', contributorId: 'ctb_1' })).toBe(1);
    expect(sent).toMatchSnapshot();
  });

  it('enqueues RECORD_USED deliveries from outputs since the cursor, merged by event id', async () => {
    const { tx, sent } = recording([[{ found: int(2) }]]);
    expect(await enqueueRecordUsed(tx, { lagMs: 60_000, limit: 10_000 })).toBe(2);
    expect(sent[0]!.cypher).toContain('MERGE (d:WebhookDelivery {id: s.id + \'/\' + eventId})');
    expect(sent[0]!.cypher).toContain('WITH o ORDER BY o.createdAt LIMIT $limit');
    expect(sent).toMatchSnapshot();
  });

  it('claims due deliveries with a lease, and records attempts', async () => {
    const { tx, sent } = recording([[]]);
    expect(await claimDue(tx, { limit: 50, leaseMs: 15_000 })).toEqual([]);
    await recordAttempt(tx, { id: 'whs_1/e', status: 'PENDING', statusCode: 500, error: 'HTTP 500', retryInMs: 2000 });
    await recordAttempt(tx, { id: 'whs_1/e', status: 'DELIVERED', statusCode: null, error: null, retryInMs: 0 });
    expect(sent).toMatchSnapshot();
  });
});
