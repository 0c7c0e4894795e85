/**
 * Transparency-log append cost: appends per second through appendLogEntry (canonical JSON, head lock, frontier
 * update, every completed perfect subtree stored) against plain inserts of the same entry text, in the same run on
 * the same Neo4j, one write transaction per event as recordOutput does. Rounds alternate the order of the two so
 * drift (JIT, page cache, store growth) hits both; the medians of the per-round rates are reported. Also reports
 * inclusion and consistency proof latency from the stored subtrees.
 *
 *   npx tsx bench/log-append.ts [--rounds 5] [--per-round 300]
 *
 * Uses its own store (bench/.data/neo4j on port 7690) or STRATA_BENCH_NEO4J_URI; it deletes log and bench nodes there.
 */
import neo4j from 'neo4j-driver';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGraphStore } from '../api/store/graph-store.js';
import { canonicalJson } from '../api/log/canonical-json.js';
import { appendLogEntry, consistencyProofFor, inclusionProofFor, recomputeRootFromLeaves, treeHead } from '../api/log/log-service.js';
import { constraintStatements } from '../api/store/constraints.js';
import { repoRoot, startLocalNeo4j } from '../tools/neo4j-local/local-neo4j.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, 'per-round': { type: 'string', default: '300' } },
});
const ROUNDS = Number(values.rounds);
const PER_ROUND = Number(values['per-round']);

function event(i: number) {
  // Roughly the shape and size of a reward event: a handful of shares and payouts.
  return {
    type: 'reward',
    outputId: `Output:bench-${i}`,
    contentHash: (i.toString(16) + 'ab'.repeat(32)).slice(0, 64),
    modelId: 'Model:bench',
    method: 'owen-coverage',
    methodVersion: '1',
    policyId: 'RewardPolicy:default',
    fee: '1000000',
    shares: {
      datanets: [{ id: 'Datanet:a', share: 0.625 }, { id: 'Datanet:b', share: 0.375 }],
      contributors: Array.from({ length: 5 }, (_, k) => ({ id: `Contributor:${k}`, share: 0.2 })),
    },
    payouts: [
      { recipientId: 'platform', role: 'PLATFORM', amount: '100000' },
      ...Array.from({ length: 5 }, (_, k) => ({ recipientId: `Contributor:${k}`, role: 'DATA_CONTRIBUTOR', amount: '120000' })),
      { recipientId: 'owner', role: 'MODEL_OWNER', amount: '300000' },
    ],
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main() {
  const given = process.env.STRATA_BENCH_NEO4J_URI;
  const server = given
    ? { uri: given, stop: async () => {} }
    : await startLocalNeo4j({ storeDir: join(repoRoot, 'bench', '.data', 'neo4j'), port: 7690, log: (l) => console.error(`[neo4j] ${l}`) });
  const graph = createGraphStore({ uri: server.uri, database: 'neo4j' });
  const run = (q: string, p: Record<string, unknown> = {}) => graph.driver.executeQuery(q, p, { database: 'neo4j' });
  try {
    // CALL … IN TRANSACTIONS needs an auto-commit transaction, which executeQuery does not give.
    const cleanup = graph.driver.session({ database: 'neo4j' });
    try {
      for (const label of ['LogEntry', 'LogSubtree', 'LogHead', 'LogCheckpoint', 'BenchPlain']) {
        await cleanup.run(`MATCH (n:${label}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`);
      }
    } finally {
      await cleanup.close();
    }
    for (const c of [...constraintStatements().filter((s) => /FOR \(n:Log/.test(s)), 'CREATE CONSTRAINT bench_plain_index IF NOT EXISTS FOR (n:BenchPlain) REQUIRE n.index IS UNIQUE']) await run(c);
    await run('CALL db.awaitIndexes(60)');

    let next = 0;
    const plain = async () => {
      const start = performance.now();
      for (let i = 0; i < PER_ROUND; i++) {
        const n = next++;
        const entry = canonicalJson(event(n));
        await graph.write((tx) => tx.run('CREATE (:BenchPlain {index: $index, entry: $entry})', { index: neo4j.int(n), entry }));
      }
      return PER_ROUND / ((performance.now() - start) / 1000);
    };
    let logged = 0;
    const logAppend = async () => {
      const start = performance.now();
      for (let i = 0; i < PER_ROUND; i++) await graph.write((tx) => appendLogEntry(tx, event(logged++)));
      return PER_ROUND / ((performance.now() - start) / 1000);
    };

    // Warm-up: JIT, connection pool, query plans.
    PER_ROUND > 50 && (await plain(), await logAppend());
    const plainRates: number[] = [];
    const logRates: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        plainRates.push(await plain());
        logRates.push(await logAppend());
      } else {
        logRates.push(await logAppend());
        plainRates.push(await plain());
      }
      console.error(`round ${r + 1}: plain ${plainRates.at(-1)!.toFixed(0)}/s, log ${logRates.at(-1)!.toFixed(0)}/s`);
    }

    const session = () => graph.driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
    const head = await graph.write((tx) => treeHead(tx));
    const latencies = async (f: (i: number) => Promise<unknown>, n = 200) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await f(i);
        ms.push(performance.now() - t);
      }
      return median(ms);
    };
    const s = session();
    const inclusionMs = await latencies((i) => s.executeRead((tx) => inclusionProofFor(tx, (i * 7919) % head.size, head.size)));
    const consistencyMs = await latencies((i) => s.executeRead((tx) => consistencyProofFor(tx, 1 + ((i * 104729) % (head.size - 1)), head.size)));
    const t0 = performance.now();
    const audit = await s.executeRead((tx) => recomputeRootFromLeaves(tx));
    const recomputeMs = performance.now() - t0;
    await s.close();

    const p = median(plainRates);
    const l = median(logRates);
    console.log(`log-append bench: ${ROUNDS} rounds × ${PER_ROUND} events, one write transaction each (medians)`);
    console.log(`  plain insert           ${p.toFixed(0).padStart(6)} /s`);
    console.log(`  log append with proofs ${l.toFixed(0).padStart(6)} /s   (${((l / p) * 100).toFixed(0)}% of plain)`);
    console.log(`  inclusion proof        ${inclusionMs.toFixed(2).padStart(6)} ms  (tree of ${head.size})`);
    console.log(`  consistency proof      ${consistencyMs.toFixed(2).padStart(6)} ms`);
    console.log(`  full leaf recompute    ${recomputeMs.toFixed(0).padStart(6)} ms  (${audit.leavesRead} leaves, ok=${audit.ok})`);
  } finally {
    await graph.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
