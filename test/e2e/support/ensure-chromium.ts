import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The e2e tests need Debian's Chromium (and Firefox ESR) (no browser download works here). As root on Debian it is installed with
 * apt-get, with apt's own progress; anywhere else the run stops with one sentence saying what to install.
 */
export function ensureChromium(path: string, log: (line: string) => void = console.log): void {
  ensureDebianBrowser(path, 'chromium', 'STRATA_CHROMIUM', log);
}

/** The same for Debian's Firefox ESR (the Firefox e2e test, test/e2e/firefox.e2e.test.ts). */
export function ensureFirefox(path: string, log: (line: string) => void = console.log): void {
  ensureDebianBrowser(path, 'firefox-esr', 'STRATA_FIREFOX', log);
}

function ensureDebianBrowser(path: string, pkg: string, variable: string, log: (line: string) => void): void {
  if (existsSync(path)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt || process.env[variable]) {
    throw new Error(`${pkg} not found at ${path}: install Debian's ${pkg} package (sudo apt-get install -y ${pkg}) or set ${variable} to its binary.`);
  }
  log(`${pkg} is missing: installing Debian's ${pkg} package (apt-get update && apt-get install -y ${pkg})…`);
  for (const args of [['update'], ['install', '-y', pkg]]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${run.status}); install ${pkg} by hand.`);
  }
  if (!existsSync(path)) throw new Error(`apt-get installed ${pkg} but ${path} is still missing; set ${variable}.`);
}
