import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from './support/browser';

/** Builds the extension once per run (extension/.output/chrome-mv3) and checks Chromium is installed. */
export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set STRATA_CHROMIUM`);
  }
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const wxt = join(repoRoot, 'node_modules', '.bin', 'wxt');
  const res = spawnSync(wxt, ['build', 'extension'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (res.status !== 0) throw new Error(`extension build failed:\n${res.stdout}\n${res.stderr}`);
}
