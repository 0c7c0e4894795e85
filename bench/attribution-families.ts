/**
 * Attribution by variation family (issue 12, item 8): plants varied passages of real records (SPDX license texts,
 * Factbook country profiles, WordNet definitions) into outputs and prints, per family, word recall, top-1 precision,
 * false credit and coverage. Deterministic for a given seed. What each column means: docs/attribution-evaluation.md.
 *
 *   npx tsx bench/attribution-families.ts                   # 200 passages per family, seed 12
 *   npx tsx bench/attribution-families.ts --passages 100    # the size the unit test asserts
 *   npx tsx bench/attribution-families.ts --seed 7 --only case,numbers
 *   npx tsx bench/attribution-families.ts --method span-trace/1      # the previous method, same passages
 *   npx tsx bench/attribution-families.ts --corpus readmes           # npm READMEs: text the rules were not tuned on
 *   npx tsx bench/attribution-families.ts --semantic                 # with the paraphrase tier (the embedding model),
 *                                                                    # printed beside the run without it
 *   npx tsx bench/attribution-families.ts --semantic --semantic-tier 1   # the tier's earlier rules
 */
import { parseArgs } from 'node:util';
import { FamilyEvaluation, formatTable } from '../test/unit/trace/families/evaluate.js';
import { join } from 'node:path';
import { CURRENT_SEMANTIC_TIER, semanticTierOf } from '../api/attribution/semantic/semantic-tier.js';
import { TRACE_METHODS, traceMethodOf } from '../api/attribution/trace/trace-method.js';
import { loadSemanticTier } from '../api/embedding/onnx-embedder.js';
import { EvalParaphrases } from '../test/unit/trace/families/eval-paraphrases.js';
import { ensureEmbeddingModel } from '../tools/embedding-model/fetch-model.js';
import { repoRoot } from '../tools/neo4j-local/local-neo4j.js';

const { values } = parseArgs({
  options: {
    passages: { type: 'string', default: '200' },
    seed: { type: 'string', default: '12' },
    only: { type: 'string' },
    method: { type: 'string' },
    rarity: { type: 'string' },
    near: { type: 'string' },
    corpus: { type: 'string', default: 'packages' },
    semantic: { type: 'boolean', default: false },
    'semantic-tier': { type: 'string' },
  },
});
const method = values.method ? traceMethodOf(values.method) : undefined;
if (values.method && !method) throw new Error(`unknown method ${values.method}; known: ${TRACE_METHODS.map((m) => m.version).join(', ')}`);

const started = performance.now();
if (values.corpus !== 'packages' && values.corpus !== 'readmes') throw new Error(`--corpus is packages or readmes, not ${values.corpus}`);
const evaluation = new FamilyEvaluation({ corpus: values.corpus, ...(method ? { method } : {}) });
const built = performance.now();
const options = {
  passages: Number(values.passages),
  seed: Number(values.seed),
  ...(values.only ? { only: values.only.split(',') } : {}),
  // --rarity '{"informationBase":30}' tries another rarity rule (span-trace/2).
  // --near '{"minSimilarity":0.8}' tries another NEAR rule; --near off measures the exact tier alone.
  trace: {
    ...(values.rarity ? { rarity: JSON.parse(values.rarity) } : {}),
    ...(values.near === 'off' ? { near: false } : values.near ? { nearRule: JSON.parse(values.near) } : {}),
  },
};
const rows = evaluation.run(options);
const done = performance.now();

const sources = new Map<string, number>();
for (const r of evaluation.corpus.records) sources.set(r.source, (sources.get(r.source) ?? 0) + 1);
console.log(
  `corpus: ${evaluation.index.documentCount} records (${[...sources].map(([s, n]) => `${s} ${n}`).join(', ')}), ` +
    `${new Set(evaluation.corpus.records.map((r) => r.clusterId)).size} clusters, ${evaluation.index.tokenCount} tokens; ` +
    `${evaluation.corpus.filler.length} filler sentences, ${evaluation.corpus.stockPhrases.length} stock phrases; ` +
    `seed ${values.seed}; built in ${((built - started) / 1000).toFixed(1)} s, scored in ${((done - built) / 1000).toFixed(1)} s`,
);
console.log();
console.log(formatTable(rows));

if (values.semantic) {
  // The same passages again with the paraphrase tier, as the API runs it when the model is loaded.
  const log = (line: string) => console.error(line);
  await ensureEmbeddingModel({ log });
  const tier = await loadSemanticTier();
  if (!tier.embedder) throw new Error(`the paraphrase tier is off: ${tier.status.reason}`);
  const cacheFile = join(repoRoot, 'bench', '.data', `families-${values.corpus}-embeddings.bin`);
  // --semantic-tier 1 runs an earlier version of the tier's rules (semantic/semantic-tier.ts).
  const rules = values['semantic-tier'] ? semanticTierOf(Number(values['semantic-tier'])) : CURRENT_SEMANTIC_TIER;
  if (!rules) throw new Error(`unknown paraphrase tier version ${values['semantic-tier']}`);
  const paraphrases = await EvalParaphrases.open(evaluation.corpus, tier.embedder, { cacheFile, log, rules });
  const t = performance.now();
  const withTier = await evaluation.runWithParaphrases(paraphrases, options, (family) => log(`with the paraphrase tier: ${family}`));
  const { sentences, embedded, ms } = paraphrases.totals;
  console.log();
  console.log(
    `with the paraphrase tier semantic/${rules.version} (${paraphrases.modelVersion}): scored in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
      `${sentences} output sentences compared, ${embedded} embedded; ${(ms / Math.max(1, rows.reduce((n, r) => n + r.passages, 0))).toFixed(1)} ms per passage in the tier`,
  );
  console.log();
  console.log(formatTable(withTier));
  await tier.embedder.close();
}
