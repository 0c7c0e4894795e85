import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_FAILURE_POINTS } from '../../api/http/rate-limit.js';
import { startTestApi, type TestApi } from './support/api.js';
import { member, passage, type Member } from './support/contributions.js';

// Budgets of cost points per window: per IP for anonymous callers, per key for keyed ones; over budget is HTTP 429 with
// Retry-After, before the request runs.
const ADMIN = 'test-admin-key-rate-limits';
let api: TestApi;
let a: Member;
let b: Member;

const call = (query: string, options: { key?: string; variables?: Record<string, unknown>; url?: string } = {}) =>
  fetch(options.url ?? api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
  });

/** Sends `{ __typename }` (cost 1) until refused; returns how many passed and the refusal. */
async function spend(options: { key?: string; url?: string }, most: number): Promise<{ passed: number; refusal: Response | null }> {
  for (let passed = 0; passed < most; passed++) {
    const res = await call('{ __typename }', options);
    if (res.status === 429) return { passed, refusal: res };
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }
  return { passed: most, refusal: null };
}

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN, config: { rateLimit: { windowMs: 60_000, anonymous: 40, keyed: 120 } } });
  // Keys are made through an unlimited twin of the API over the same graph: the limits under test stay untouched.
  const setup = await startTestApi({ adminKey: ADMIN, seed: false });
  a = await member(setup.url, ADMIN, 'limited-a', ['CONTRIBUTOR']);
  b = await member(setup.url, ADMIN, 'limited-b', ['CONTRIBUTOR']);
  await setup.stop();
});
afterAll(async () => {
  await api.stop();
});

describe('rate limits', () => {
  it('an anonymous address gets its budget, then HTTP 429 with Retry-After and a code, without running the query', async () => {
    const { passed, refusal } = await spend({}, 100);
    expect(passed).toBe(40);
    expect(refusal!.status).toBe(429);
    const retryAfter = Number(refusal!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refusal!.headers.get('ratelimit-policy')).toMatch(/q=40; w=60/);
    const body = (await refusal!.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string; retryAfterSeconds: number } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: retryAfter });
    expect(body.errors[0]!.message).toMatch(/40 cost points/);
  });

  it('each key has its own budget, apart from the address\'s: A spent does not limit B', async () => {
    expect((await call('{ __typename }')).status).toBe(429);
    const spentA = await spend({ key: a.key }, 200);
    expect(spentA.passed).toBe(120);
    expect((await call('{ __typename }', { key: a.key })).status).toBe(429);
    expect((await call('{ __typename }', { key: b.key })).status).toBe(200);
  });

  it('requests are charged by cost: a long traceText spends a budget that many light queries would not', async () => {
    // Cost 50 + 3,000 / 16 = 238 for the trace, over B's remaining budget of 119 points: it runs (it was in budget
    // when it arrived) and then B is refused at once.
    const text = passage('rate-charged', 400).slice(0, 3_000);
    const trace = await call('query($t: String!) { traceText(text: $t) { attribution { coverage } } }', { key: b.key, variables: { t: text } });
    expect(trace.status).toBe(200);
    expect(((await trace.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect((await call('{ __typename }', { key: b.key })).status).toBe(429);
  });

  it('a budget comes back when its window ends', async () => {
    const short = await startTestApi({ seed: false, config: { rateLimit: { windowMs: 1_000, anonymous: 5, keyed: 5 } } });
    try {
      expect((await spend({ url: short.url }, 10)).passed).toBe(5);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await spend({ url: short.url }, 10)).passed).toBe(5);
    } finally {
      await short.stop();
    }
  });

  it('a failed key (401) is charged to the caller\'s address: made-up keys run out, then its keyed requests are 429 before any lookup', async () => {
    // Budgets of 300 points: three failed keys per address per window. Addresses come from X-Forwarded-For (one proxy hop).
    const guarded = await startTestApi({ adminKey: ADMIN, seed: false, config: { trustProxyHops: 1, rateLimit: { windowMs: 60_000, anonymous: 300, keyed: 1_000 } } });
    const from = (address: string, key: string) =>
      fetch(guarded.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address, authorization: `Bearer ${key}` }, body: JSON.stringify({ query: '{ __typename }' }) });
    try {
      const failures = 300 / AUTH_FAILURE_POINTS;
      for (let i = 0; i < failures; i++) {
        const res = await from('203.0.113.7', `strata_made-up-${i}`);
        expect(res.status).toBe(401);
        await res.arrayBuffer();
      }
      // Every further key from that address, made up or real, waits for the window: a new key is no new budget.
      const refused = await from('203.0.113.7', 'strata_made-up-next');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await refused.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0]!.extensions.code).toBe('TOO_MANY_REQUESTS');
      expect(body.errors[0]!.message).toMatch(/unknown or revoked keys from this address/);
      expect((await from('203.0.113.7', a.key)).status).toBe(429);
      // Another address's keys, and this address's anonymous budget, are untouched.
      expect((await from('198.51.100.9', a.key)).status).toBe(200);
      const anonymous = await fetch(guarded.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(anonymous.status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });
});
