import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The e2e tests need Debian's Chromium (no browser download works here). As root on Debian it is installed with
 * apt-get, with apt's own progress; anywhere else the run stops with one sentence saying what to install.
 */
export function ensureChromium(path: string, log: (line: string) => void = console.log): void {
  if (existsSync(path)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt || process.env.STRATA_CHROMIUM) {
    throw new Error(`Chromium not found at ${path}: install Debian's chromium package (sudo apt-get install -y chromium) or set STRATA_CHROMIUM to a Chromium binary.`);
  }
  log('Chromium is missing: installing Debian\'s chromium package (apt-get update && apt-get install -y chromium)…');
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${run.status}); install chromium by hand.`);
  }
  if (!existsSync(path)) throw new Error(`apt-get installed chromium but ${path} is still missing; set STRATA_CHROMIUM.`);
}
