// The bootstrap of Strata's piscina threads (tracing, tier merges, fingerprints): it loads the TypeScript module named
// by the pool's `workerData.module` (a file URL, `typescriptThread`) and hands on its default export. Under `tsx`
// (npm start / serve) a thread inherits its loader; elsewhere (vitest's workers) there is none, or one that loads .ts
// files but does not map `./x.js` imports to `./x.ts`: register tsx's loader, then import again (under another URL:
// the failed import stays cached under the first).
import { workerData } from 'node:worker_threads';

const url = workerData?.module;
if (typeof url !== 'string') throw new TypeError('a Strata thread needs workerData.module, the URL of its TypeScript module');
let loaded;
try {
  loaded = await import(url);
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION' && error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  const { register } = await import('tsx/esm/api');
  register();
  loaded = await import(`${url}?loader=tsx`);
}
export default loaded.default;
