import autocannon from 'autocannon';

/**
 * Throughput of one GraphQL lookup under concurrent load: autocannon on loopback, bounded in time, every request a
 * different output (the ids rotate), every response body checked for GraphQL errors (an error answer is not a lookup).
 */

export interface LoadResult {
  name: string;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMedian: number;
  latencyP99: number;
  completed: number;
  errors: number;
  graphqlErrors: number;
  non2xx: number;
  /** CPU seconds the server process spent during the measured run (from its /metrics), when known. */
  serverCpuSeconds?: number;
}

export async function loadTest(options: {
  name: string;
  url: string;
  query: string;
  variables: (i: number) => Record<string, unknown>;
  connections: number;
  seconds: number;
  /** GET instead of POST: the path and query string of request i (a persisted query by hash). */
  getPath?: (i: number) => string;
}): Promise<LoadResult> {
  let next = 0;
  let graphqlErrors = 0;
  const onResponse = (status: number, body: string) => {
    if (status === 200 && body.includes('"errors"')) graphqlErrors += 1;
  };
  const getPath = options.getPath;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    requests: [
      getPath
        ? {
            method: 'GET',
            // CSRF prevention: a GET names its operation or asks for a preflight (docs/architecture.md#lookups-over-get).
            headers: { 'apollo-require-preflight': 'true' },
            setupRequest: (request) => ({ ...request, path: getPath(next++) }),
            onResponse,
          }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: options.query, variables: options.variables(next++) }) }),
            onResponse,
          },
    ],
  });
  return {
    name: options.name,
    connections: options.connections,
    seconds: result.duration,
    // Successful lookups only: 2xx answers without GraphQL errors, over the measured duration.
    requestsPerSecond: (result['2xx'] - graphqlErrors) / result.duration,
    latencyMedian: result.latency.p50,
    latencyP99: result.latency.p99,
    completed: result['2xx'],
    errors: result.errors,
    graphqlErrors,
    non2xx: result.non2xx,
  };
}

/**
 * The ceiling for comparison: the one hand-written lookup query by the driver, `connections` concurrent callers in
 * this process, no HTTP and no GraphQL. Managed transactions (`executeQuery`, what Strata's GraphStore.read uses:
 * BEGIN, RUN, PULL, COMMIT) and auto-commit queries (`session.run`: RUN, PULL) side by side.
 */
export async function driverLoadTest(options: {
  name: string;
  call: (i: number) => Promise<unknown>;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  const end = t0 + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      try {
        await options.call(next++);
        latencies.push(performance.now() - start);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? Number.NaN);
  return {
    name: options.name,
    connections: options.connections,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    latencyMedian: at(0.5),
    latencyP99: at(0.99),
    completed: latencies.length,
    errors,
    graphqlErrors: 0,
    non2xx: 0,
  };
}
