// The merge thread's bootstrap, like the tracing threads' (api/trace-pool/trace-worker-entry.mjs): under `tsx` the
// thread inherits its loader; elsewhere (vitest's workers) register tsx's loader, then import again under another URL.
let worker;
try {
  worker = await import('./tier-merge-worker.ts');
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION' && error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  const { register } = await import('tsx/esm/api');
  register();
  worker = await import('./tier-merge-worker.ts?loader=tsx');
}
export default worker.default;
