import type { GraphStore } from './graph/graph-store.js';
import { createNodeLoaders, type NodeLoaders } from './graph/node-loaders.js';
import { createInfluenceLoader } from './graph/reads/influences.js';

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
}

export function createContext(graph: GraphStore, viewer: Viewer): StrataContext {
  return { graph, viewer, loaders: { ...createNodeLoaders(graph), influences: createInfluenceLoader(graph) } };
}
