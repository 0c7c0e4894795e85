/**
 * The piscina options that run a TypeScript module (its default export, once per task) on a thread: the shared
 * bootstrap (`typescript-entry.mjs`) loads the module, with tsx's loader when the thread did not inherit one.
 */
export function typescriptThread(module: URL): { filename: string; workerData: { module: string } } {
  return { filename: new URL('./typescript-entry.mjs', import.meta.url).href, workerData: { module: module.href } };
}
