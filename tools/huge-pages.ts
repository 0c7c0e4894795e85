/**
 * Transparent huge pages for the processes that hold the trace index (docs/architecture.md#the-trace-index-in-tiers).
 * With this glibc tunable, malloc marks its large allocations for huge pages (madvise), and V8 takes the memory of
 * ArrayBuffers and SharedArrayBuffers from malloc: filling the index's ~8 GB at 10^9 tokens then faults in 2 MiB pages
 * instead of 4 KiB ones. On this virtual machine that made a cold load of 10^9 tokens about twice as fast; where the
 * kernel has transparent huge pages off, or with another libc, the tunable does nothing. glibc reads it when a process
 * starts, so the launchers set it: `npm start` and `npm run serve` (package.json), and the benchmarks that start the
 * API or build an index.
 */
export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';

export function hasHugePages(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GLIBC_TUNABLES?.includes('glibc.malloc.hugetlb') ?? false;
}

/** `env` with the tunable added (to any others already set), unless a hugetlb setting is there already. */
export function withHugePages(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (hasHugePages(env)) return env;
  const others = env.GLIBC_TUNABLES;
  return { ...env, GLIBC_TUNABLES: others ? `${others}:${HUGE_PAGES_TUNABLE}` : HUGE_PAGES_TUNABLE };
}
