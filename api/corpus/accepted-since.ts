/**
 * The catch-up walk both in-memory views of the corpus (the trace index and the paraphrase tier) make over Neo4j:
 * records accepted since a watermark, in pages by acceptance time.
 *
 * Transactions can commit out of acceptedAt order (two datanets, two writers), so each walk re-reads a grace window
 * behind the watermark; the caller skips records it already holds.
 */
import { acceptedRecordsSince, type AcceptedRecordRow } from '../store/corpus.js';
import type { GraphStore } from '../store/graph-store.js';

export const CATCH_UP_PAGE = 5_000;
/** How far behind the watermark each catch-up looks again. */
export const CATCH_UP_GRACE_MS = 120_000;

/**
 * Visits every page of records accepted since `watermarkMs` minus the grace window; returns the new watermark. With
 * `untilMs`, only records accepted at or before it are visited, and the walk stops at the first page that passes it.
 */
export async function walkAcceptedSince(
  graph: GraphStore,
  watermarkMs: number,
  visit: (rows: readonly AcceptedRecordRow[]) => void | Promise<void>,
  untilMs = Number.POSITIVE_INFINITY,
): Promise<number> {
  let watermark = watermarkMs;
  let since = Math.max(0, watermarkMs - CATCH_UP_GRACE_MS);
  for (;;) {
    const rows = await acceptedRecordsSince(graph, since, CATCH_UP_PAGE);
    const last = rows.at(-1);
    const past = last !== undefined && last.acceptedAtMs > untilMs;
    await visit(past ? rows.filter((r) => r.acceptedAtMs <= untilMs) : rows);
    if (last) watermark = Math.max(watermark, Math.min(last.acceptedAtMs, untilMs));
    if (rows.length < CATCH_UP_PAGE || past) return watermark;
    // A full page ending in the millisecond it started from would repeat forever: step past it (a page of 5,000
    // records accepted in one millisecond is not a real workload; the per-process digest check catches it).
    since = last!.acceptedAtMs > since ? last!.acceptedAtMs : since + 1;
  }
}
