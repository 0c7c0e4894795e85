import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { boltAnswers, freePort, repoRoot } from '../../../tools/neo4j-local/local-neo4j.js';

const storeDir = mkdtempSync(join(tmpdir(), 'strata-orphan-'));
afterAll(() => {
  spawnSync('pkill', ['-KILL', '-f', storeDir]);
  rmSync(storeDir, { recursive: true, force: true });
});

const launcherRunning = () => spawnSync('pgrep', ['-f', `strata.Neo4jLocal ${storeDir}`]).status === 0;

it('the local Neo4j stops by itself when the process that started it is killed (no orphaned JVM)', async () => {
  const port = await freePort();
  const owner = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/integration/support/neo4j-owner.ts'), storeDir, String(port)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const uri = await new Promise<string>((resolve, reject) => {
    owner.stdout!.on('data', (chunk: Buffer) => {
      const ready = /OWNER_READY (\S+)/.exec(String(chunk));
      if (ready) resolve(ready[1]!);
    });
    owner.once('exit', (code) => reject(new Error(`the owner process exited early (${code})`)));
  });
  expect(await boltAnswers(uri)).toBe(true);
  expect(launcherRunning()).toBe(true);

  owner.kill('SIGKILL');
  const deadline = Date.now() + 30_000;
  while (launcherRunning() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  expect(launcherRunning()).toBe(false);
  expect(await boltAnswers(uri)).toBe(false);
}, 240_000);
