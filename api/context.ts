import type { GraphStore } from './store/graph-store.js';
import { createNodeLoaders, type NodeLoaders } from './store/node-loaders.js';
import { createInfluenceLoader } from './store/reads/influences.js';
import type { CorpusService } from './corpus/corpus-service.js';
import type { LogService } from './log/log-service.js';
import type { Viewer } from './core/roles.js';


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
