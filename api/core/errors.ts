/**
 * Strata's typed errors, free of any framework: code below the GraphQL layer throws a StrataError, and the edge
 * (api/server.ts formatError, and graphql-js itself, which copies an original error's `extensions`) shows clients its
 * `extensions`. Clients branch on `extensions.code`, never on message text (docs/architecture.md#layers).
 */
export type StrataErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GRAPH_STORE_UNAVAILABLE';

export interface StrataErrorDetail {
  /** The input path the error is about, e.g. `records.7.text`. */
  field?: string;
  /** For an item of a list input: its position. */
  index?: number;
}

export class StrataError extends Error {
  readonly code: StrataErrorCode;
  readonly field: string | undefined;
  readonly index: number | undefined;
  /** What a GraphQL response carries: the code, and the field and index when known. */
  readonly extensions: { code: StrataErrorCode; field?: string; index?: number };

  constructor(code: StrataErrorCode, message: string, detail: StrataErrorDetail = {}) {
    super(message);
    this.name = 'StrataError';
    this.code = code;
    this.field = detail.field;
    this.index = detail.index;
    this.extensions = {
      code,
      ...(detail.field !== undefined ? { field: detail.field } : {}),
      ...(detail.index !== undefined ? { index: detail.index } : {}),
    };
  }
}

export function strataError(code: StrataErrorCode, message: string, detail: StrataErrorDetail = {}): StrataError {
  return new StrataError(code, message, detail);
}

export const badInput = (message: string, field?: string) => strataError('BAD_USER_INPUT', message, field ? { field } : {});
export const notFound = (message: string) => strataError('NOT_FOUND', message);
export const conflict = (message: string) => strataError('CONFLICT', message);
export const forbidden = (message: string) => strataError('FORBIDDEN', message);
export const unauthenticated = (message: string) => strataError('UNAUTHENTICATED', message);
export const graphStoreUnavailable = () =>
  strataError('GRAPH_STORE_UNAVAILABLE', 'The graph store (Neo4j) is unavailable right now; retry shortly.');
