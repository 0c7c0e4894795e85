import { packages, readSpdxLicense } from './sources.js';
import { type DistinctPassages, MAX_WORDS, MIN_WORDS, normalizeText, wordCount } from './text.js';

/**
 * Licenses whose clauses go into the "Open-source license clauses" datanet, with how many paragraphs of each (the
 * first ones of 25–120 words that are not near-duplicates of a paragraph already taken: many licenses reuse the MIT
 * or BSD warranty disclaimer, and only the first of those is kept).
 */
const LICENSES: ReadonlyArray<readonly [id: string, paragraphs: number]> = [
  ['MIT', 2],
  ['Apache-2.0', 8],
  ['BSD-3-Clause', 2],
  ['ISC', 1],
  ['Zlib', 3],
  ['BSL-1.0', 3],
  ['Unlicense', 3],
  ['MPL-2.0', 6],
  ['EPL-2.0', 4],
  ['PostgreSQL', 2],
  ['curl', 2],
  ['PSF-2.0', 3],
  ['OFL-1.1', 4],
  ['CC0-1.0', 3],
  ['CC-BY-4.0', 4],
  ['GPL-3.0-only', 5],
  ['Artistic-2.0', 3],
  ['UPL-1.0', 2],
  ['BlueOak-1.0.0', 2],
  ['IJG', 2],
];

export interface LicenseClause {
  key: string;
  text: string;
  license: string;
  source: string;
}

export function licenseRecordKey(id: string, paragraph: number): string {
  return `licenses/${id.toLowerCase()}/p${String(paragraph).padStart(2, '0')}`;
}

/** The license field of a clause: the list is CC0, the clause text is under the license it comes from. */
export function clauseLicense(id: string): string {
  return `CC0-1.0 (SPDX list); text: ${id}`;
}

export function licenseClauses(distinct: DistinctPassages): LicenseClause[] {
  const { version } = packages().spdx;
  const clauses: LicenseClause[] = [];
  for (const [id, wanted] of LICENSES) {
    const { licenseText } = readSpdxLicense(id);
    const paragraphs = licenseText.split(/\n\s*\n/u);
    let taken = 0;
    for (let index = 0; index < paragraphs.length && taken < wanted; index++) {
      const text = normalizeText(paragraphs[index] ?? '');
      const count = wordCount(text);
      if (count < MIN_WORDS || count > MAX_WORDS) continue;
      if (!distinct.tryAdd(text)) continue;
      clauses.push({
        key: licenseRecordKey(id, index),
        text,
        license: clauseLicense(id),
        source: `spdx-license-list@${version} licenses/${id}.json licenseText ¶${index}`,
      });
      taken++;
    }
  }
  return clauses;
}
