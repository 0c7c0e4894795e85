import type { GraphStore } from './graph/graph-store.js';
import { createNodeLoaders, type NodeLoaders } from './graph/node-loaders.js';
import { createInfluenceLoader } from './graph/reads/influences.js';
import type { CorpusService } from './attribution/corpus-service.js';
import type { LogService } from './log/log-service.js';

export type Role = 'ADMIN' | 'CONTRIBUTOR' | 'VALIDATOR' | 'VOTER';

/** Who is asking: anonymous (no key) may read; writes need a key whose roles allow them. */
export interface Viewer {
  contributorId: string | null;
  roles: ReadonlySet<Role>;
}

export const ANONYMOUS: Viewer = { contributorId: null, roles: new Set() };

export interface StrataContext {
  graph: GraphStore;
  viewer: Viewer;
  loaders: NodeLoaders & { influences: ReturnType<typeof createInfluenceLoader> };
  /** The attribution engine's corpus: one per process, shared by all requests. */
  corpus: CorpusService;
  log: LogService;
}

export function createContext(graph: GraphStore, viewer: Viewer, engines: { corpus: CorpusService; log: LogService }): StrataContext {
  const nodes = createNodeLoaders(graph);
  return { graph, viewer, ...engines, loaders: { ...nodes, influences: createInfluenceLoader(graph, nodes) } };
}
