/**
 * Demo corpus for `npm run seed`: real, freely licensed text (SPDX license list, CIA World Factbook, WordNet) in four
 * datanets with planted overlaps, and model outputs that quote some of the records verbatim. See corpus.ts and
 * outputs.ts.
 */
export { buildDemoCorpusUncached, DATANETS, demoCorpus, demoRecordsByKey, PLANTED } from './corpus.js';
export { CONTRIBUTORS, CONTRIBUTOR_WEIGHTS } from './contributors.js';
export { demoOutputs } from './outputs.js';
export { MAX_WORDS, MIN_WORDS, normalizeText, wordCount } from './text.js';
export type * from './types.js';
