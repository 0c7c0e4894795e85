/**
 * Hand-written sentence pairs for measuring the embedding model (bench/semantic.ts) and checking the real model
 * (test/integration/semantic-model.test.ts): paraphrases say the same thing in other words; a loose paraphrase says
 * it with other words and another structure (the model scores it ~0.78: below the tier's threshold, the price of not
 * paying for topic, docs/architecture.md#the-paraphrase-tier-semantic); topic-only pairs share a subject (and often
 * words) but say something else; unrelated pairs share neither.
 */
export type PairKind = 'paraphrase' | 'loose paraphrase' | 'topic-only' | 'unrelated';

export const SENTENCE_PAIRS: ReadonlyArray<{ kind: PairKind; a: string; b: string }> = [
  { kind: 'paraphrase', a: 'The cat sat on the mat because it was tired.', b: 'Because it was tired, the cat was sitting on the mat.' },
  { kind: 'paraphrase', a: 'The treaty was signed in 1648 and ended thirty years of war in Europe.', b: 'Signed in 1648, the treaty brought an end to three decades of European warfare.' },
  { kind: 'paraphrase', a: 'Photosynthesis converts light energy into chemical energy stored in glucose.', b: 'In photosynthesis, energy from light is turned into chemical energy kept in glucose.' },
  { kind: 'paraphrase', a: 'The software is provided as is, without warranty of any kind.', b: 'This software comes with no warranty whatsoever and is supplied as is.' },
  { kind: 'paraphrase', a: 'Most of the population lives along the northern coast, where the climate is mild.', b: 'The majority of residents live on the north coast, which has a temperate climate.' },
  { kind: 'paraphrase', a: 'You may want to cache the results to avoid recomputing them on every request.', b: 'Caching the results could save you from recomputing them for each request.' },
  { kind: 'paraphrase', a: 'The economy depends heavily on exports of oil and natural gas.', b: 'Oil and natural gas exports are what the economy relies on most.' },
  { kind: 'loose paraphrase', a: 'The river floods every spring when the snow in the mountains melts.', b: 'Each spring, melting mountain snow makes the river overflow its banks.' },
  { kind: 'topic-only', a: 'The treaty was signed in 1648 and ended thirty years of war in Europe.', b: 'The war devastated the German states, killing a large share of the population.' },
  { kind: 'topic-only', a: 'Photosynthesis converts light energy into chemical energy stored in glucose.', b: 'Chlorophyll is the green pigment found in the chloroplasts of plants.' },
  { kind: 'topic-only', a: 'The software is provided as is, without warranty of any kind.', b: 'Permission is granted to copy and distribute this software free of charge.' },
  { kind: 'topic-only', a: 'Most of the population lives along the northern coast, where the climate is mild.', b: 'The country exports coffee, bananas and textiles to its neighbours.' },
  { kind: 'topic-only', a: 'You may want to cache the results to avoid recomputing them on every request.', b: 'The server logs every request with its latency and status code.' },
  { kind: 'topic-only', a: 'The economy depends heavily on exports of oil and natural gas.', b: 'Unemployment fell to six percent after the government cut income taxes.' },
  { kind: 'topic-only', a: 'The river floods every spring when the snow in the mountains melts.', b: 'The river is navigable by small boats for most of its length.' },
  { kind: 'topic-only', a: 'The cat sat on the mat because it was tired.', b: 'Cats sleep for up to sixteen hours a day.' },
  { kind: 'unrelated', a: 'The treaty was signed in 1648 and ended thirty years of war in Europe.', b: 'Chlorophyll is the green pigment found in the chloroplasts of plants.' },
  { kind: 'unrelated', a: 'The software is provided as is, without warranty of any kind.', b: 'Most of the population lives along the northern coast, where the climate is mild.' },
  { kind: 'unrelated', a: 'The cat sat on the mat because it was tired.', b: 'The server logs every request with its latency and status code.' },
  { kind: 'unrelated', a: 'Photosynthesis converts light energy into chemical energy stored in glucose.', b: 'You may want to cache the results to avoid recomputing them on every request.' },
  { kind: 'unrelated', a: 'The river floods every spring when the snow in the mountains melts.', b: 'Permission is granted to copy and distribute this software free of charge.' },
];
