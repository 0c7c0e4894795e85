/**
 * The corpus the variation-family evaluation traces against: real text from three npm data packages, read through
 * the demo corpus loaders (seed/corpus/), plus what the outputs are made of besides planted passages.
 *
 * - Indexed records: the demo corpus (licenses, factbook, wordnet, legal-glossary; with its planted copies) and,
 *   to make commonness realistic, more of the same packages: the first paragraphs of every other SPDX license, and
 *   the backgrounds and economy overviews of every other Factbook country except a held-out quarter.
 * - Content clusters as the store makes them: records whose word 5-gram Jaccard reaches the near-duplicate threshold
 *   share a cluster (api/dedup, LSH candidates then the exact check); the first record of a cluster owns it.
 * - Filler: sentences of the held-out Factbook countries that share no word 8-gram with the indexed corpus. Real
 *   prose of the same domain that no record holds, so any credit it gets is false credit (common phrases).
 * - Stock phrases: word 4-grams made only of the corpus's 400 most frequent words and held by 3–40 clusters — the
 *   "you may want to" of this corpus. The boilerplate control is made of them.
 *
 * Deterministic: the same installed packages give the same corpus.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusRecord } from '../../../../api/attribution/trace/corpus-index.js';
import { tokenize, TOKENIZER_VERSION, type TokenizerVersion } from '../../../../api/attribution/trace/tokenize.js';

/**
 * The words the evaluation plants and scores are cut by tokenizer version 1 whichever method is measured, so that
 * rows of different methods count the same words (a trace's coverage is compared by UTF-16 offsets).
 */
export const GROUND_TRUTH_TOKENIZER: TokenizerVersion = 1;
import { fingerprint, isNearDuplicate } from '../../../../api/dedup/index.js';
import { readmeParagraphs } from './readme-corpus.js';
import { demoCorpus } from '../../../../seed/corpus/index.js';
import { packages, readFactbookProfile, readSpdxLicense, type FactbookProfile } from '../../../../seed/corpus/sources.js';
import { leadingSentences, MAX_WORDS, MIN_WORDS, normalizeText, stripMarkup, wordCount } from '../../../../seed/corpus/text.js';

/** Which package a record's text comes from (the legal glossary is WordNet text). */
export type TextSource = 'licenses' | 'factbook' | 'wordnet' | 'readmes';

export interface EvalRecord extends CorpusRecord {
  source: TextSource;
  datanetId: string;
  contributorId: string;
}

export interface EvalCorpus {
  /** In acceptance order: a cluster's first record owns it. */
  records: EvalRecord[];
  byId: ReadonlyMap<string, EvalRecord>;
  /** Owner record of each cluster. */
  clusterOwner: ReadonlyMap<string, EvalRecord>;
  filler: string[];
  stockPhrases: string[];
}

export interface EvalCorpusOptions {
  /**
   * `packages` (default): license, Factbook and WordNet text, the corpus the rules were tuned on; `readmes`: prose
   * from the READMEs of the installed npm packages, which they were never tuned on (readme-corpus.ts).
   */
  corpus?: 'packages' | 'readmes';
  /** Extra license paragraphs taken per SPDX license outside the demo (0 = demo corpus only). */
  licenseParagraphs?: number;
  /** Every n-th Factbook country (outside the demo) is held out as filler; the rest are indexed. */
  holdOutEvery?: number;
}

const FILLER_GRAM = 5;
const STOCK_GRAM = 4;
const STOCK_VOCABULARY = 400;
const STOCK_MIN_CLUSTERS = 3;
const STOCK_MAX_CLUSTERS = 40;

export function buildEvalCorpus(options: EvalCorpusOptions = {}): EvalCorpus {
  if (options.corpus === 'readmes') return readmeCorpus(options.holdOutEvery ?? 4);
  const licenseParagraphs = options.licenseParagraphs ?? 3;
  const holdOutEvery = options.holdOutEvery ?? 4;
  const raw: Array<Omit<EvalRecord, 'clusterId'>> = [];

  // The demo corpus first, in submission order (its planted copies come after their originals).
  const demo = demoCorpus();
  const demoRecords = demo.datanets
    .flatMap((d) => d.records.map((r) => ({ r, datanet: d.key })))
    .sort((a, b) => (a.r.submittedAt < b.r.submittedAt ? -1 : a.r.submittedAt > b.r.submittedAt ? 1 : 0));
  for (const { r, datanet } of demoRecords) {
    const source: TextSource = datanet === 'licenses' ? 'licenses' : datanet === 'factbook' ? 'factbook' : 'wordnet';
    raw.push({ recordId: r.key, text: r.text, source, datanetId: datanet, contributorId: r.contributorKey });
  }
  const demoKeys = new Set(raw.map((r) => r.recordId));

  // More license paragraphs: every SPDX license the demo does not use, first paragraphs of 25–120 words.
  const demoLicenses = new Set(raw.filter((r) => r.source === 'licenses').map((r) => r.recordId.split('/')[1]!));
  const licenseIds = readdirSync(join(packages().spdx.dir, 'licenses'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
  for (const id of licenseParagraphs > 0 ? licenseIds : []) {
    if (demoLicenses.has(id.toLowerCase())) continue;
    let text: string;
    try {
      text = readSpdxLicense(id).licenseText;
    } catch {
      continue;
    }
    let taken = 0;
    text.split(/\n\s*\n/u).forEach((paragraph, index) => {
      const normalized = normalizeText(paragraph);
      const count = wordCount(normalized);
      if (taken >= licenseParagraphs || count < MIN_WORDS || count > MAX_WORDS) return;
      raw.push({
        recordId: `spdx/${id.toLowerCase()}/p${index}`,
        text: normalized,
        source: 'licenses',
        datanetId: 'licenses-extra',
        contributorId: `spdx:${id.toLowerCase()}`,
      });
      taken++;
    });
  }

  // More Factbook text; a held-out quarter of the countries becomes filler.
  const fillerTexts: string[] = [];
  let country = 0;
  for (const [region, gec] of factbookCountries()) {
    const profile = readFactbookProfile(region, gec);
    const texts = factbookTexts(profile);
    if (texts.length === 0) continue;
    const inDemo = demoKeys.has(`factbook/${gec}/background`) || demoKeys.has(`factbook/${gec}/geography`);
    if (inDemo) continue;
    if (country++ % holdOutEvery === holdOutEvery - 1) {
      fillerTexts.push(...texts.map((t) => t.text));
      continue;
    }
    for (const { field, text } of texts) {
      raw.push({
        recordId: `factbook-extra/${gec}/${field}`,
        text,
        source: 'factbook',
        datanetId: 'factbook-extra',
        contributorId: `factbook:${region}`,
      });
    }
  }

  return finish(clusterRecords(raw), fillerTexts);
}

function readmeCorpus(holdOutEvery: number): EvalCorpus {
  const { indexed, heldOut } = readmeParagraphs(holdOutEvery);
  const raw = indexed.flatMap(({ name, paragraphs }) =>
    paragraphs.map((text, i) => ({ recordId: `npm/${name}/p${i}`, text, source: 'readmes' as const, datanetId: 'readmes', contributorId: `npm:${name}` })),
  );
  return finish(clusterRecords(raw), heldOut);
}

function finish(records: EvalRecord[], fillerTexts: readonly string[]): EvalCorpus {
  const byId = new Map(records.map((r) => [r.recordId, r] as const));
  const clusterOwner = new Map<string, EvalRecord>();
  for (const r of records) if (!clusterOwner.has(r.clusterId)) clusterOwner.set(r.clusterId, r);
  return { records, byId, clusterOwner, filler: fillerSentences(records, fillerTexts), stockPhrases: stockPhrases(records) };
}

function factbookCountries(): Array<[region: string, gec: string]> {
  const dir = packages().factbook.dir;
  const regions = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !['meta', 'world', 'oceans', 'antarctica'].includes(e.name))
    .map((e) => e.name)
    .sort();
  return regions.flatMap((region) =>
    readdirSync(join(dir, region))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f): [string, string] => [region, f.slice(0, -'.json'.length)]),
  );
}

function factbookTexts(profile: FactbookProfile): Array<{ field: string; text: string }> {
  const fields: Array<[string, string | undefined]> = [
    ['background', profile['Introduction']?.['Background']?.text],
    ['economy', profile['Economy']?.['Economy - overview']?.text ?? profile['Economy']?.['Economic overview']?.text],
  ];
  const texts: Array<{ field: string; text: string }> = [];
  for (const [field, value] of fields) {
    if (typeof value !== 'string') continue;
    const text = leadingSentences(stripMarkup(value), MAX_WORDS);
    if (text !== undefined && wordCount(text) >= MIN_WORDS) texts.push({ field, text });
  }
  return texts;
}

/** Near-duplicates share the cluster of the earliest one, as at ingest (LSH band candidates, then exact Jaccard). */
function clusterRecords(raw: ReadonlyArray<Omit<EvalRecord, 'clusterId'>>): EvalRecord[] {
  const byBand = new Map<number, number[]>();
  const prints: Array<ReturnType<typeof fingerprint>> = [];
  const clusters: string[] = [];
  return raw.map((r, i) => {
    const print = fingerprint(r.text);
    prints.push(print);
    let cluster = `cluster:${r.recordId}`;
    const candidates = new Set<number>();
    for (const key of print.bandHashes) for (const j of byBand.get(key) ?? []) candidates.add(j);
    for (const j of [...candidates].sort((a, b) => a - b)) {
      if (isNearDuplicate(print, prints[j]!)) {
        cluster = clusters[j]!;
        break;
      }
    }
    clusters.push(cluster);
    for (const key of print.bandHashes) {
      const list = byBand.get(key);
      if (list) list.push(i);
      else byBand.set(key, [i]);
    }
    return { ...r, clusterId: cluster };
  });
}

function grams(text: string, n: number, visit: (gram: string) => void, version: TokenizerVersion = GROUND_TRUTH_TOKENIZER): void {
  const tokens = tokenize(text, version);
  let sentenceStart = 0;
  tokens.forEach((t, i) => {
    if (i - sentenceStart + 1 >= n) visit(tokens.slice(i - n + 1, i + 1).map((x) => x.norm).join(' '));
    if (t.sentenceEnd) sentenceStart = i + 1;
  });
}

/**
 * Held-out sentences of 8–35 words sharing no run of 5 canonical words (the tracer's own tokens) with the corpus, so
 * they quote nothing. With 8-grams, as before, 7–13 % of the unrelated outputs credited someone, each time for a rare
 * phrase a record really holds ("the last Russian troops left in 1994", in three Baltic profiles; "through the
 * Baku-Tbilisi-Ceyhan pipeline"): such text is not unrelated, and crediting it is right.
 */
function fillerSentences(records: readonly EvalRecord[], texts: readonly string[]): string[] {
  const indexed = new Set<string>();
  for (const r of records) grams(r.text, FILLER_GRAM, (g) => indexed.add(g), TOKENIZER_VERSION);
  const sentences: string[] = [];
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}])/u)) {
      const count = wordCount(sentence);
      if (count < 8 || count > 35 || !/[.!?]$/u.test(sentence)) continue;
      let quotes = false;
      grams(sentence, FILLER_GRAM, (g) => (quotes ||= indexed.has(g)), TOKENIZER_VERSION);
      if (!quotes) sentences.push(sentence);
    }
  }
  return sentences;
}

function stockPhrases(records: readonly EvalRecord[]): string[] {
  const frequency = new Map<string, number>();
  for (const r of records) for (const t of tokenize(r.text, GROUND_TRUTH_TOKENIZER)) frequency.set(t.norm, (frequency.get(t.norm) ?? 0) + 1);
  const common = new Set(
    [...frequency]
      .filter(([word]) => /^\p{Ll}+$/u.test(word))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, STOCK_VOCABULARY)
      .map(([word]) => word),
  );
  const seen = new Map<string, { last: string; clusters: number }>();
  for (const r of records) {
    grams(r.text, STOCK_GRAM, (g) => {
      if (!g.split(' ').every((w) => common.has(w))) return;
      const entry = seen.get(g);
      if (!entry) seen.set(g, { last: r.clusterId, clusters: 1 });
      else if (entry.last !== r.clusterId) {
        entry.last = r.clusterId;
        entry.clusters++;
      }
    });
  }
  return [...seen]
    .filter(([, e]) => e.clusters >= STOCK_MIN_CLUSTERS && e.clusters <= STOCK_MAX_CLUSTERS)
    .map(([g]) => g)
    .sort();
}
