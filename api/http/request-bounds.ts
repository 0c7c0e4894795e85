import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ValidationRule } from 'graphql';

export interface DocumentLimits {
  /** Aliases per operation, `__typename` aliases included. */
  maxAliases: number;
  /** Lexical tokens per document: the parser stops at this many, so a huge document costs almost nothing to refuse. */
  maxTokens: number;
  maxDirectives: number;
  production: boolean;
}

/**
 * Limits on the document itself, checked while parsing and validating (before any resolver runs): tokens (Apollo's
 * parser `maxTokens`), aliases and directives (graphql-armor). Armor's alias count skips `__typename` by default; it is
 * counted here, as `{ a1: __typename … a3000: __typename }` is 3,000 fields of work. Armor's own cost limit and depth
 * limit stay off: the field-aware cost in request-cost.ts does both with the schema's per-field costs.
 */
export function documentLimits(limits: DocumentLimits): { plugins: ApolloServerPlugin<BaseContext>[]; validationRules: ValidationRule[]; parseOptions: { maxTokens: number } } {
  const armor = new ApolloArmor({
    maxAliases: { n: limits.maxAliases, allowList: [] },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    maxDepth: { enabled: false },
    costLimit: { enabled: false },
    // Suggestions ("Did you mean …") help developers; in production they only help someone mapping the schema.
    blockFieldSuggestion: { enabled: limits.production },
  }).protect();
  // Armor's types name Apollo's CommonJS build, this project loads the ES module one: the same plugin interface.
  return { plugins: armor.plugins as unknown as ApolloServerPlugin<BaseContext>[], validationRules: armor.validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}
