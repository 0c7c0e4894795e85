import type DataLoader from 'dataloader';
import type { StrataContext } from '../context.js';

const caches = new WeakMap<StrataContext, Map<string, DataLoader<any, any>>>();

/**
 * A per-request DataLoader created on first use, for loaders only some fields need (a domain type's file keeps its
 * loader beside its fields instead of growing the context). Same lifetime as the context: one request.
 */
export function requestLoader<K, V>(ctx: StrataContext, name: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
  let byName = caches.get(ctx);
  if (!byName) {
    byName = new Map();
    caches.set(ctx, byName);
  }
  let loader = byName.get(name);
  if (!loader) {
    loader = create();
    byName.set(name, loader);
  }
  return loader as DataLoader<K, V>;
}
