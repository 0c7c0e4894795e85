import type { GraphStore } from './store/graph-store.js';
import { createLoaders, type Loaders } from './store/loaders.js';
import type { CorpusService } from './corpus/corpus-service.js';
import type { LogService } from './log/log-service.js';
import type { Viewer } from './core/roles.js';
import { newRequestMeter, type RequestMeter } from './http/request-cost.js';
import type { ProvenanceCache } from './store/provenance-cache.js';
import type { NotificationFeed } from './notifications/notification-feed.js';


export interface StrataContext {
  graph: GraphStore;
  viewer: Viewer;
  /** This request's DataLoaders: one per node label and one per batched read path. */
  loaders: Loaders;
  /** The attribution engine's corpus: one per process, shared by all requests. */
  corpus: CorpusService;
  log: LogService;
  /** Governance settings from the configuration (the voting period of new proposals). */
  governance: GovernanceSettings;
  /** This request's operation name and cost, once known (rate limiting and the request log read it). */
  meter: RequestMeter;
  /** The API's public origin (STRATA_PUBLIC_URL, else the request's): the base of PROV-O IRIs. */
  origin: string;
  /** The process's provenance cache, when on: an executed decision clears it (docs/architecture.md#lookups-from-memory). */
  provenance?: ProvenanceCache;
  /** The process's event stream source: committed writes publish to it, subscriptions read it (docs/architecture.md#notifications). */
  notifications?: NotificationFeed;
}

export interface GovernanceSettings {
  votingPeriodSeconds: number;
}

export function createContext(
  graph: GraphStore,
  viewer: Viewer,
  engines: { corpus: CorpusService; log: LogService; governance: GovernanceSettings; origin?: string; provenance?: ProvenanceCache; notifications?: NotificationFeed },
  meter: RequestMeter = newRequestMeter(),
): StrataContext {
  const { provenance, ...shared } = engines;
  return { graph, viewer, origin: 'http://localhost', ...shared, ...(provenance ? { provenance } : {}), loaders: createLoaders(graph, provenance ? { provenance } : {}), meter };
}
