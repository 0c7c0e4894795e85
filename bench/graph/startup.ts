import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { backfillWordsHashes } from '../../api/use-cases/backfill-words-hashes.js';
import type { GraphStore } from '../../api/store/graph-store.js';
import { withHugePages } from '../../tools/huge-pages.js';

/**
 * Start-up (docs/architecture.md#start-up): the production entry (`api/main.ts`, as `npm run serve`) over the bench's
 * scale graph, timed from spawning the process to the first `/readyz` 200 — which waits for the trace index — once
 * without an index file (built from Neo4j, then saved) and once with the file it saved. The process's own log lines
 * are kept with the second they appeared at: that is where the time went.
 */
export interface StartupRun {
  name: string;
  /** Spawn → first /readyz 200, seconds; null when it was not ready within the deadline. */
  readySeconds: number | null;
  /** Spawn → the HTTP server listening, seconds. */
  listeningSeconds: number | null;
  records: number | null;
  /** The process's log lines, each with the second after spawn it was printed. */
  timeline: Array<{ at: number; line: string }>;
}

export interface StartupResult {
  /** Outputs given a words hash before timing (the graph as an API that served it before leaves it), and how long. */
  backfill: { outputs: number; seconds: number };
  runs: StartupRun[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startOnce(options: { repoRoot: string; neo4jUri: string; indexFile: string; name: string; deadlineMs: number; log: (line: string) => void }): Promise<StartupRun> {
  const port = await freePort();
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const child = spawn(process.execPath, ['--import', 'tsx', join(options.repoRoot, 'api', 'main.ts')], {
    cwd: options.repoRoot,
    // As `npm run serve` runs it: with huge pages (tools/huge-pages.ts).
    env: withHugePages({
      ...process.env,
      NODE_ENV: 'development', // the start-up log lines (the trace index's progress) are printed outside production
      NEO4J_URI: options.neo4jUri,
      PORT: String(port),
      HOST: '127.0.0.1',
      STRATA_ATTRIBUTION_INDEX_FILE: options.indexFile,
      STRATA_LOG_SIGNING_KEY: Buffer.alloc(32, 9).toString('base64'),
      // The paraphrase tier would embed the corpus in the background: not what this row times.
      STRATA_SEMANTIC: 'off',
      STRATA_LOG_LEVEL: 'silent',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timeline: StartupRun['timeline'] = [];
  let listeningSeconds: number | null = null;
  let records: number | null = null;
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean)) {
      const at = seconds();
      if (line.startsWith('Strata GraphQL API:')) listeningSeconds ??= at;
      const ready = /^Trace index ready: (\d+) records/.exec(line);
      if (ready) records = Number(ready[1]);
      if (timeline.length < 200 && !line.startsWith('curl') && !line.startsWith('-d') && !line.startsWith('Try:')) timeline.push({ at, line: line.slice(0, 200) });
      options.log(`    [${at.toFixed(1)} s] ${line.slice(0, 160)}`);
    }
  };
  child.stdout.on('data', onLine);
  child.stderr.on('data', onLine);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let readySeconds: number | null = null;
  try {
    while (seconds() * 1000 < options.deadlineMs && child.exitCode === null) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) });
        await response.text();
        if (response.status === 200) {
          readySeconds = seconds();
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(killer);
  }
  options.log(`  ${options.name}: ${readySeconds === null ? 'not ready' : `ready after ${readySeconds.toFixed(1)} s`}${records !== null ? ` (${records} records indexed)` : ''}`);
  return { name: options.name, readySeconds, listeningSeconds, records, timeline };
}

export async function benchStartup(options: { graph: GraphStore; neo4jUri: string; repoRoot: string; quick: boolean; log: (line: string) => void }): Promise<StartupResult> {
  const t0 = performance.now();
  // The production entry backfills words hashes of outputs that have none; the scale generator writes none. Done once
  // here, so both runs time a restart over a graph an API has served before.
  const outputs = await backfillWordsHashes(options.graph, { batchSize: 2_000 });
  const backfill = { outputs, seconds: (performance.now() - t0) / 1000 };
  if (outputs > 0) options.log(`  words hashes backfilled for ${outputs} outputs in ${backfill.seconds.toFixed(0)} s (once per graph)`);
  const dir = join(options.repoRoot, 'bench', '.data', 'startup');
  const indexFile = join(dir, 'index.bin');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const runs: StartupRun[] = [];
  runs.push(await startOnce({ ...options, indexFile, name: 'no index file (built from Neo4j, then saved)', deadlineMs: 20 * 60_000 }));
  runs.push(await startOnce({ ...options, indexFile, name: 'with the index file saved by the run above', deadlineMs: 10 * 60_000 }));
  return { backfill, runs };
}
