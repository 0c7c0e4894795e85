// The tracing thread's bootstrap. Strata runs its TypeScript through tsx: under `tsx` (npm start / serve) threads
// inherit its loader; elsewhere (vitest's workers) there is none, or one that loads .ts files but does not map
// `./x.js` imports to `./x.ts`: register tsx's loader, then import again (under another URL: the failed import stays
// cached under the first).
let worker;
try {
  worker = await import('./trace-worker.ts');
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION' && error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  const { register } = await import('tsx/esm/api');
  register();
  worker = await import('./trace-worker.ts?loader=tsx');
}
export default worker.default;
