import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HUGE_PAGES_TUNABLE, hasHugePages, withHugePages } from '../../../tools/huge-pages.js';

describe('huge pages for the processes that hold the trace index', () => {
  it('adds the tunable to the environment, after any other tunables, and leaves a hugetlb setting of the operator alone', () => {
    expect(withHugePages({ PATH: '/bin' })).toEqual({ PATH: '/bin', GLIBC_TUNABLES: HUGE_PAGES_TUNABLE });
    expect(withHugePages({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES).toBe(`glibc.malloc.arena_max=2:${HUGE_PAGES_TUNABLE}`);
    const operator = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' };
    expect(withHugePages(operator)).toBe(operator);
    expect(hasHugePages(operator)).toBe(true);
    expect(hasHugePages({})).toBe(false);
  });

  it('npm start and npm run serve set it the same way', () => {
    const scripts = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['start', 'serve']) expect(scripts[name]).toContain(`GLIBC_TUNABLES=\${GLIBC_TUNABLES:-${HUGE_PAGES_TUNABLE}}`);
  });

  it.runIf(process.platform === 'linux')('a Node process started with it takes huge pages for a large SharedArrayBuffer where the kernel allows them (madvise)', () => {
    const mode = readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
    const script = "const a=new Uint8Array(new SharedArrayBuffer(64<<20));a.fill(1);const m=/AnonHugePages:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/smaps_rollup','utf8'));console.log(m?m[1]:0)";
    const kib = (env: NodeJS.ProcessEnv) => Number(execFileSync(process.execPath, ['-e', script], { env }).toString().trim());
    const without = kib({ ...process.env, GLIBC_TUNABLES: '' });
    const withThem = kib(withHugePages({ ...process.env, GLIBC_TUNABLES: '' }));
    if (/\[never\]/.test(mode)) expect(withThem).toBe(0);
    else if (/\[always\]/.test(mode)) expect(withThem).toBeGreaterThan(32 * 1024);
    else expect(withThem).toBeGreaterThan(without + 32 * 1024);
  });
});
