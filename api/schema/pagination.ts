import { badInput } from '../core/errors.js';

/** Every list is capped so one request can never ask the graph for an unbounded page. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** The `first` and `after` arguments every page of a list takes. */
export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** Keyset cursors: the sort key of the last row, so pages stay stable while the graph grows. */
export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, argName = 'after'): string | null {
  if (cursor == null) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:')) throw badInput(`"${cursor.slice(0, 60)}" is not a cursor returned by this API.`, argName);
  return text.slice(2);
}

export function pageSize(first: number | null | undefined, fallback = DEFAULT_PAGE_SIZE, argName = 'first'): number {
  if (first == null) return fallback;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`${argName} must be an integer from 0 to ${MAX_PAGE_SIZE}, got ${first}.`, argName);
  }
  return first;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** Builds a connection from a page fetched with limit = size + 1 (the extra row only says "there is more"). */
export function toConnection<T>(rows: T[], size: number, totalCount: number, keyOf: (row: T) => string, hadCursor: boolean): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: hadCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
