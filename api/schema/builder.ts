import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLScalarType, Kind } from 'graphql';
import type { StrataContext } from '../context.js';
import { badInput, forbidden, unauthenticated } from '../core/errors.js';
import { decodeGlobalId, encodeGlobalId } from '../core/global-id.js';

export const builder = new SchemaBuilder<{
  Context: StrataContext;
  Scalars: {
    BigInt: { Input: bigint; Output: bigint | string };
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string };
  };
  AuthScopes: {
    authenticated: boolean;
    admin: boolean;
    contributor: boolean;
    validator: boolean;
    voter: boolean;
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.viewer.contributorId !== null || ctx.viewer.roles.has('ADMIN'),
      admin: ctx.viewer.roles.has('ADMIN'),
      contributor: ctx.viewer.roles.has('CONTRIBUTOR') || ctx.viewer.roles.has('ADMIN'),
      validator: ctx.viewer.roles.has('VALIDATOR') || ctx.viewer.roles.has('ADMIN'),
      voter: ctx.viewer.roles.has('VOTER') || ctx.viewer.roles.has('ADMIN'),
    }),
    unauthorizedError: (_parent, ctx, info) =>
      ctx.viewer.contributorId === null && !ctx.viewer.roles.has('ADMIN')
        ? unauthenticated(`${info.fieldName} needs an API key: send "Authorization: Bearer <key>".`)
        : forbidden(`Your key's roles do not allow ${info.fieldName}.`),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, id),
    decodeGlobalID: (globalId) => decodeGlobalId(globalId),
    nodesQueryOptions: false,
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    // No `limit` here: api/http/request-cost.ts computes each operation's cost once, with its variables, before it runs
    // (the plugin's own check runs inside root resolvers, so an operation of `__typename`s alone was never checked).
  },
});

builder.addScalarType(
  'BigInt',
  new GraphQLScalarType({
    name: 'BigInt',
    description: 'An integer of any size, as a decimal string (money is in integer base units).',
    serialize: (value) => String(value),
    parseValue: (value) => parseBigInt(value),
    parseLiteral: (ast) => (ast.kind === Kind.STRING || ast.kind === Kind.INT ? parseBigInt(ast.value) : invalidBigInt(ast.kind)),
  }),
);

function parseBigInt(value: unknown): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,80}$/.test(value)) return BigInt(value);
  throw badInput(`BigInt must be a decimal integer string, got ${JSON.stringify(value)?.slice(0, 40)}.`);
}

function invalidBigInt(kind: string): never {
  throw badInput(`BigInt must be a decimal integer string, got a ${kind} literal.`);
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 instant in UTC.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw badInput('DateTime must be an ISO-8601 string.');
    return value;
  },
});

// Output only: documents in a standard format of their own (PROV-O JSON-LD), passed through as JSON values.
builder.scalarType('JSON', {
  description: 'A JSON value (an object, list, string, number, boolean or null), as it is.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.queryType({});
builder.mutationType({});
// Events about a contributor's contributions, streamed over SSE at /graphql/stream (docs/architecture.md#notifications).
builder.subscriptionType({});

/** The builder's type parameters, for helpers that build fields or arguments outside a `fields` callback. */
export type StrataTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
