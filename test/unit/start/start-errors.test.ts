import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, repoRoot } from '../../../tools/neo4j-local/local-neo4j.js';

// `npm start` (scripts/start.ts) and the production entry (api/main.ts) failing before they serve: one sentence that
// says what to do, exit code 1, no stack trace. None of these reach a Neo4j (the checks run first, or the URI points at
// a closed port), so nothing is started or written.
function start(env: Record<string, string>, entry = 'scripts/start.ts') {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, entry)], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NEO4J_URI: '', STRATA_ADMIN_KEY: '', ...env },
  });
  return { code: run.status, stderr: run.stderr };
}

// Loading the API takes seconds on a busy machine; the spawned process has its own 60 s cap.
vi.setConfig({ testTimeout: 60_000 });

describe('npm start refuses clearly', () => {
  let taken: Server;
  let takenPort: number;
  beforeAll(async () => {
    takenPort = await freePort();
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(takenPort, '127.0.0.1', () => resolve()));
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('a PORT that is not a port', () => {
    const { code, stderr } = start({ PORT: 'abc' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('Strata could not start: PORT must be an integer between 0 and 65535, got "abc".');
  });

  it('a PORT already in use, before starting Neo4j', () => {
    const { code, stderr } = start({ PORT: String(takenPort) });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`Port ${takenPort} on 127.0.0.1 is already in use: stop what runs there, or start with PORT=<another port>.`);
  });

  it('a NEO4J_URI nobody answers on', async () => {
    const closed = await freePort();
    const { code, stderr } = start({ PORT: String(await freePort()), NEO4J_URI: `bolt://127.0.0.1:${closed}` });
    expect(code).toBe(1);
    expect(stderr).toContain(`Strata could not start: the Neo4j at bolt://127.0.0.1:${closed} does not answer (`);
    expect(stderr).toContain('check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a NEO4J_LOCAL_PORT taken by something that is not Neo4j', () => {
    const { code, stderr } = start({ PORT: '0', NEO4J_LOCAL_PORT: String(takenPort) });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `Strata could not start: Port ${takenPort} is taken by something that is not a Neo4j answering Bolt: free it, or set NEO4J_LOCAL_PORT to another port (or NEO4J_URI to your own Neo4j).`,
    );
  });
});

describe('the production entry refuses clearly', () => {
  it('a PORT that is not a port', () => {
    const { code, stderr } = start({ PORT: 'abc' }, 'api/main.ts');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('Strata could not start: PORT must be an integer between 0 and 65535, got "abc".');
  });

  it('every bad variable at once', () => {
    const { code, stderr } = start({ PORT: 'abc', STRATA_LOG_AUDIT_TTL_MS: 'soon' }, 'api/main.ts');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      [
        'Strata could not start: 2 environment variables are wrong:',
        '  - PORT must be an integer between 0 and 65535, got "abc".',
        '  - STRATA_LOG_AUDIT_TTL_MS must be a whole number of milliseconds, 0 or more, got "soon".',
      ].join('\n'),
    );
  });

  it('no NEO4J_URI: it starts no Neo4j of its own', async () => {
    const { code, stderr } = start({ PORT: String(await freePort()) }, 'api/main.ts');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      "Strata could not start: NEO4J_URI is not set: api/main.ts serves the API over your own Neo4j and starts none; set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD), or run npm start for the project's local Neo4j.",
    );
  });
});
