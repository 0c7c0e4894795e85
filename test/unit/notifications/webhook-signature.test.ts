import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, verifyWebhookSignature, webhookSignature } from '../../../api/notifications/webhook-signature.js';
import { deliveryBody } from '../../../api/notifications/webhook-dispatcher.js';

describe('webhook signatures', () => {
  it('are HMAC-SHA256 over "<t>.<body>", checked in constant time, refused when stale or altered', () => {
    const body = '{"id":"record-used:out_1:ctb_1"}';
    const header = webhookSignature('whsec_s', 1_700_000_000, body);
    expect(header).toBe(`t=1700000000,v1=${createHmac('sha256', 'whsec_s').update(`1700000000.${body}`).digest('hex')}`);
    expect(verifyWebhookSignature('whsec_s', header, body, 1_700_000_100)).toBe(true);
    expect(verifyWebhookSignature('whsec_s', header, `${body} `, 1_700_000_100)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', header, body, 1_700_000_100)).toBe(false);
    expect(verifyWebhookSignature('whsec_s', header, body, 1_700_000_000 + 301)).toBe(false);
    expect(verifyWebhookSignature('whsec_s', 'garbage', body, 1_700_000_000)).toBe(false);
  });

  it('back off exponentially, capped, and give up after a bounded number of attempts', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(40)).toBe(3_600_000);
    expect(MAX_DELIVERY_ATTEMPTS).toBeGreaterThan(1);
  });

  it('send global ids and the event id in the body', () => {
    const body = JSON.parse(deliveryBody({
      id: 'whs_1/record-used:out_1:ctb_1', eventId: 'record-used:out_1:ctb_1', kind: 'RECORD_USED', subscriptionId: 'whs_1', outputId: 'out_1',
      contributorId: 'ctb_1', recordIds: ['rec_1', 'rec_2'], shares: [0.75, 0.25], occurredAt: '2026-01-01T00:00:00.000Z', status: 'PENDING',
      attempts: 0, createdAt: '2026-01-01T00:00:01.000Z',
    }));
    expect(body).toEqual({
      id: 'record-used:out_1:ctb_1', kind: 'RECORD_USED', occurredAt: '2026-01-01T00:00:00.000Z', contributor: 'Contributor:ctb_1', output: 'Output:out_1',
      records: [{ id: 'Record:rec_1', share: 0.75 }, { id: 'Record:rec_2', share: 0.25 }],
    });
  });
});
