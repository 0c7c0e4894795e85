import { GraphQLError } from 'graphql';

/** Typed GraphQL errors: clients branch on `extensions.code`, never on message text. */
export type StrataErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GRAPH_STORE_UNAVAILABLE';

export function strataError(code: StrataErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (message: string, field?: string) =>
  strataError('BAD_USER_INPUT', message, field ? { field } : {});
export const notFound = (message: string) => strataError('NOT_FOUND', message);
export const conflict = (message: string) => strataError('CONFLICT', message);
export const forbidden = (message: string) => strataError('FORBIDDEN', message);
export const unauthenticated = (message: string) => strataError('UNAUTHENTICATED', message);

/** Neo4j driver errors that mean "the store is not reachable right now", as opposed to a bad query. */
export function isGraphStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    code.startsWith('Neo.TransientError.General.DatabaseUnavailable') ||
    /ECONNREFUSED|Connection acquisition timed out|Could not perform discovery/i.test(String((error as Error)?.message))
  );
}

export const graphStoreUnavailable = () =>
  strataError('GRAPH_STORE_UNAVAILABLE', 'The graph store (Neo4j) is unavailable right now; retry shortly.');
