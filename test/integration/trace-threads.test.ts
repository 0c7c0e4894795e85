/**
 * Tracing off the event loop (docs/architecture.md#tracing-off-the-event-loop): while requests full of 60 KB traces
 * run on the tracing threads, a light query is answered. No timing thresholds: the light query must simply complete
 * before the heavy ones do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, passage } from './support/contributions.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

describe('tracing threads', () => {
  it('answers { __typename } while heavy traces run', async () => {
    const text = passage('threads', 7_000).slice(0, 60_000);
    // Five 60 KB traces per request: as many as the default cost limit lets one request ask for.
    const heavy = `query($text: String!) { ${Array.from({ length: 5 }, (_, i) => `t${i}: traceText(text: $text) { attribution { coverage } }`).join(' ')} }`;
    // Warm up: the index loaded and caught up, the thread started and its replica built.
    expectOk(await gql(api.url, `query($text: String!) { traceText(text: $text) { attribution { coverage } } }`, { text: 'warm up' }));

    const finished: string[] = [];
    const heavyRequests = Array.from({ length: 4 }, (_, i) =>
      gql(api.url, heavy, { text: `${i} ${text}` }).then((res) => {
        finished.push(`heavy ${i}`);
        return res;
      }),
    );
    // The light query goes out once the heavy ones are on their way.
    await new Promise((resolve) => setImmediate(resolve));
    const light = gql(api.url, '{ __typename }').then((res) => {
      finished.push('light');
      return res;
    });
    const [lightRes, ...heavyRes] = await Promise.all([light, ...heavyRequests]);
    expect(lightRes.data).toEqual({ __typename: 'Query' });
    for (const res of heavyRes) {
      expect(res.errors).toBeUndefined();
      expect(Object.keys(res.data)).toHaveLength(5);
    }
    // Not last: at least one heavy request was still tracing when the light one was answered.
    expect(finished.indexOf('light')).toBeLessThan(finished.length - 1);
    expect(finished.at(-1)).toMatch(/^heavy/);
  });
});
