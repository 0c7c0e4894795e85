import { badInput, notFound } from '../core/errors.js';
import { decodeGlobalId, encodeGlobalId } from '../core/global-id.js';
import { LINEAGE_MAX_DEPTH } from '../core/lineage-direction.js';
import { provDocument, type ProvNode } from '../interop/prov.js';
import type { GraphStore } from '../store/graph-store.js';
import { readLineagePage, type LineageQuery } from '../store/reads/lineage.js';
import { readUpstreamRelations, type NodeRef } from '../store/reads/lineage-relations.js';
import { nodesById } from '../store/reads/nodes.js';

/**
 * A node's upstream lineage as one page of W3C PROV-O JSON-LD (docs/architecture.md#prov-o-export), for
 * `GET /prov/{globalId}` and GraphQL's `prov`. The nodes are `lineage`'s (same depth cap, same order, same cursors);
 * the edges are the upstream edges of the page's nodes short of the depth cap, so every edge is on exactly one page.
 */
export const PROV_DEFAULT_PAGE = 50;
export const PROV_MAX_PAGE = 100;
/** Edges per page: a datanet of 10^5 records would otherwise put all its IN edges on one page. */
export const PROV_EDGE_LIMIT = 5_000;

export interface ProvRequest {
  of: string;
  maxDepth?: number | null;
  first?: number | null;
  after?: string | null;
}

const integerArg = (value: number | null | undefined, fallback: number, min: number, max: number, name: string, why: string) => {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) throw badInput(`${name} must be an integer from ${min} to ${max}${why}, got ${value}.`, name);
  return n;
};

/** Lineage cursors, the same text `lineage` hands out: base64url of `k:<depth>/<id>`. */
export function encodeLineageCursor(depth: number, id: string): string {
  return Buffer.from(`k:${depth}/${id}`, 'utf8').toString('base64url');
}

export function decodeLineageCursor(cursor: string | null | undefined): { depth: number; id: string } | null {
  if (cursor == null) return null;
  const m = /^k:(\d+)\/(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badInput(`"${cursor.slice(0, 60)}" is not a lineage cursor returned by this API.`, 'after');
  return { depth: Number(m[1]), id: m[2]! };
}

/** The URL of a page of `of`'s PROV document. */
export function provPageUrl(origin: string, of: string, maxDepth: number, first: number, after: string | null): string {
  const query = new URLSearchParams({ maxDepth: String(maxDepth), first: String(first), ...(after ? { after } : {}) });
  return `${origin}/prov/${encodeURI(of)}?${query}`;
}

export async function exportProv(graph: GraphStore, origin: string, request: ProvRequest): Promise<Record<string, unknown>> {
  const start = decodeGlobalId(request.of, 'of');
  const of = encodeGlobalId(start.typename, start.id);
  const maxDepth = integerArg(request.maxDepth, 1, 1, LINEAGE_MAX_DEPTH, 'maxDepth', " (the server's depth cap)");
  const first = integerArg(request.first, PROV_DEFAULT_PAGE, 1, PROV_MAX_PAGE, 'first', '');
  const after = decodeLineageCursor(request.after);
  const q: LineageQuery = { label: start.typename, id: start.id, direction: 'UPSTREAM', maxDepth };

  const lineage = await readLineagePage(graph, q, after, first + 1);
  if (!lineage) throw notFound(`No ${start.typename} with id ${of}.`);
  const items = lineage.page.slice(0, first);
  const nodes: ProvNode[] = items.map((item) => ({ label: item.node.__typename as ProvNode['label'], properties: item.node, depth: item.minDepth }));
  if (after === null) {
    // The first page also describes the subject itself.
    const subject = (await nodesById(graph, start.typename, [start.id])).get(start.id);
    if (subject) nodes.unshift({ label: start.typename, properties: subject as unknown as ProvNode['properties'], depth: 0 });
  }

  // Nodes at the depth cap are described, but what they were made from lies beyond it.
  const sources: NodeRef[] = nodes.filter((n) => n.depth < maxDepth).map((n) => ({ label: n.label, id: n.properties.id }));
  const relations = await readUpstreamRelations(graph, sources, PROV_EDGE_LIMIT + 1);
  const reasons = [...lineage.completeness.reasons];
  if (relations.length > PROV_EDGE_LIMIT) {
    relations.length = PROV_EDGE_LIMIT;
    reasons.push(`EDGE_CAP: only the first ${PROV_EDGE_LIMIT} edges of this page's nodes are listed; a smaller page (first) lists more of each node's.`);
  }

  const last = items.at(-1);
  const next = lineage.page.length > first && last ? encodeLineageCursor(last.minDepth, last.node.id) : null;
  return provDocument({
    origin,
    subject: { label: start.typename, id: start.id },
    maxDepth,
    nodes,
    relations,
    totalCount: lineage.total,
    completeness: { isComplete: reasons.length === 0, reasons },
    pageUrl: provPageUrl(origin, of, maxDepth, first, request.after ?? null),
    nextPageUrl: next ? provPageUrl(origin, of, maxDepth, first, next) : null,
  });
}
