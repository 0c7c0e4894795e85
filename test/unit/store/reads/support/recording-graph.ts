import neo4j from 'neo4j-driver';
import { graphql } from 'graphql';
import { expect } from 'vitest';
import type { GraphStore } from '../../../../../api/store/graph-store.js';
import { createContext } from '../../../../../api/context.js';
import { ANONYMOUS } from '../../../../../api/core/roles.js';
import { schema } from '../../../../../api/schema/index.js';
import type { CorpusService } from '../../../../../api/corpus/corpus-service.js';

/** One statement the API sent, with its parameters (neo4j integers shown as `int(n)`). */
export interface Sent {
  statement: string;
  parameters: Record<string, unknown>;
}

/** Canned rows for a statement; a statement no rule answers gets no rows. */
export type Answer = (statement: string, parameters: Record<string, any>) => Array<Record<string, unknown>> | undefined;

const shown = (value: unknown): unknown => {
  if (neo4j.isInt(value)) return `int(${value.toString()})`;
  if (Array.isArray(value)) return value.map(shown);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shown(v)]));
  return value;
};

/**
 * A GraphStore with no database behind it, in the spirit of neo4j/graphql's tck: it records every (statement,
 * parameters) it is sent and answers with canned rows, so a test can pin the Cypher a GraphQL document costs.
 */
export function recordingGraph(answer: Answer): GraphStore & { sent: Sent[] } {
  const sent: Sent[] = [];
  const refuse = () => Promise.reject(new Error('the read paths send no transactions'));
  return {
    sent,
    driver: undefined as never,
    database: 'neo4j',
    async read(statement, parameters = {}) {
      sent.push({ statement, parameters: shown(parameters) as Record<string, unknown> });
      return (answer(statement, parameters) ?? []) as never;
    },
    write: refuse,
    readTx: refuse,
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** Executes a document against the real schema over a recording graph: its answer and the statements it cost. */
export async function execute(answer: Answer, source: string, variableValues?: Record<string, unknown>, corpus?: Partial<CorpusService>) {
  const graph = recordingGraph(answer);
  const contextValue = createContext(graph, ANONYMOUS, { corpus: corpus as CorpusService, log: undefined as never, governance: { votingPeriodSeconds: 604_800 } });
  const result = await graphql({ schema, source, contextValue, variableValues });
  return { data: result.data, errors: result.errors?.map((e) => e.message), sent: graph.sent };
}

let identity = 0;
/** A stored node as the driver returns it. */
export function node(label: string, properties: Record<string, unknown>) {
  identity += 1;
  return new neo4j.types.Node(neo4j.int(identity), [label], properties, `4:test:${identity}`);
}

export const int = (n: number) => neo4j.int(n);

/** A document that runs without errors, pinned whole by a snapshot: its answer and every statement it cost. */
export function expectPinned(result: Awaited<ReturnType<typeof execute>>): void {
  expect(result.errors).toBeUndefined();
  expect(result).toMatchSnapshot();
}
