/**
 * @neo4j/graphql serving the same graph: the library's generated schema for bench/graph/peer-type-defs.ts, on the
 * same HTTP stack as Strata (Apollo Server 5 + Express 5), its own process and loopback port. Prints "READY <url>".
 * Env: BENCH_NEO4J_URI.
 */
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { Neo4jGraphQL } from '@neo4j/graphql';
import express from 'express';
import { serveForBenchmark } from './serve.js';
import neo4j from 'neo4j-driver';
import { peerTypeDefs } from '../peer-type-defs.js';

// Diagnostic only (BENCH_SOURCE_MAPS=off): tsx turns on source-mapped stack traces, and the driver captures a stack per
// query result; the default run keeps them on, as `npm start` (tsx) does.
if (process.env.BENCH_SOURCE_MAPS === 'off') process.setSourceMapsEnabled(false);

const driver = neo4j.driver(process.env.BENCH_NEO4J_URI!);
const schema = await new Neo4jGraphQL({ typeDefs: peerTypeDefs, driver }).getSchema();
const apollo = new ApolloServer({ schema, introspection: true });
await apollo.start();
const app = express();
app.disable('x-powered-by');
app.use('/graphql', express.json({ limit: '2mb' }), expressMiddleware(apollo, { context: async () => ({}) }));
await serveForBenchmark(app, async () => {
  await apollo.stop();
  await driver.close();
});
