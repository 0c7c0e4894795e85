import { demoCorpus } from './corpus.js';
import { normalizeText, wordCount } from './text.js';
import type { CorpusRecord, DemoOutput, OutputPassage } from './types.js';

/** A verbatim quote of a record: from the first occurrence of `from` through the next occurrence of `to`. */
interface Quote {
  record: string;
  from: string;
  to: string;
}

interface OutputSpec {
  key: string;
  prompt: string;
  /** Filler sentences of our own, stitched around verbatim quotes. */
  parts: ReadonlyArray<string | Quote>;
}

/** Minimum length of a quoted passage, in words. */
export const MIN_PASSAGE_WORDS = 12;

/**
 * Plausible assistant answers. Five quote 1–3 records each (at least 12 consecutive words per quote, inside one
 * sentence where possible so a span tracer finds them whole); the last one quotes nothing.
 */
const OUTPUTS: readonly OutputSpec[] = [
  {
    key: 'output/mit-commercial-use',
    prompt: 'Can I use a library released under the MIT License in a commercial, closed-source product?',
    parts: [
      'Yes. The MIT License is one of the most permissive licenses in common use. Its grant lets anyone who obtains ' +
        'the code ',
      {
        record: 'licenses/mit/p02',
        from: 'to deal in the Software without restriction',
        to: 'and/or sell copies of the Software',
      },
      ', so shipping it inside a commercial, closed-source product is allowed. The one real obligation is ' +
        'attribution: keep the original copyright line and the license text with what you distribute, for example ' +
        'in a third-party notices file or an about screen. The license also disclaims liability in capital letters: ',
      { record: 'licenses/mit/p04', from: 'THE SOFTWARE IS PROVIDED', to: 'EXPRESS OR IMPLIED' },
      '. In practice that means you carry the risk of defects yourself. If your legal team wants certainty, have ' +
        'them read the exact license file shipped with the library, since some projects add extra terms.',
    ],
  },
  {
    key: 'output/belgium-overview',
    prompt: "Give me a short overview of Belgium's modern history and its landscape.",
    parts: [
      'Here is a compact overview. ',
      { record: 'factbook/be/background', from: 'Belgium became independent', to: 'World Wars I and II.' },
      ' After 1945 it rebuilt quickly and became one of the founders of European integration. The central tension ' +
        'of its politics is linguistic: ',
      {
        record: 'factbook/be/background',
        from: 'Political divisions between',
        to: 'French-speaking Walloons of the south',
      },
      ' have pushed the country, step by step, toward a federal state with strong regions and communities. The ' +
        'landscape is varied for such a small country, with ',
      { record: 'factbook/be/geography', from: 'flat coastal plains in northwest', to: 'Ardennes Forest in southeast' },
      '. Brussels also hosts the main institutions of the European Union.',
    ],
  },
  {
    key: 'output/iceland-althing',
    prompt: "Why is Iceland's parliament considered historic, and what is the island like?",
    parts: [
      'Iceland has a claim few countries can match: ',
      { record: 'factbook/ic/background', from: 'Iceland boasts', to: 'established in 930.' },
      ' Its history was not always easy. ',
      { record: 'factbook/ic/background', from: 'Fallout from the Askja volcano', to: 'widespread famine.' },
      ' Many Icelanders left for North America in the decades that followed. Physically, the island is rugged: ',
      { record: 'factbook/ic/geography', from: 'mostly plateau interspersed', to: 'bays and fiords' },
      '. The climate is milder than its latitude suggests because of the North Atlantic Current, although winters ' +
        'are long, dark and windy.',
    ],
  },
  {
    key: 'output/telescope-kinds',
    prompt: 'What kinds of telescopes are there, and how does an electron microscope differ from a light one?',
    parts: [
      'Telescopes come in several specialised forms. A collimator is ',
      { record: 'wordnet/telescope', from: 'a small telescope attached', to: 'the line of the larger one' },
      '. An equatorial is ',
      { record: 'wordnet/telescope', from: 'a telescope whose mounting', to: 'at right angles to it' },
      ', which makes it easy to follow stars as the sky turns. Solar telescopes are built to observe the sun safely. ' +
        'Microscopes work at the other end of the scale. An electron microscope looks like a light microscope in ' +
        'purpose but ',
      { record: 'wordnet/microscope', from: 'achieves much greater resolving power', to: 'instead of a beam of light' },
      ', which is why it can show structures far smaller than visible wavelengths allow.',
    ],
  },
  {
    key: 'output/ip-and-apache-grant',
    prompt: 'In plain terms, what do copyright and royalties mean, and what rights does the Apache License 2.0 grant?',
    parts: [
      'A copyright is, in the dictionary sense, ',
      {
        record: 'legal-glossary/intellectual-property',
        from: 'a document granting exclusive right',
        to: 'artistic work',
      },
      '. A royalty is the money that flows from it: ',
      {
        record: 'legal-glossary/intellectual-property',
        from: 'payment to the holder of a patent',
        to: 'the right to use their property',
      },
      '. Open-source licenses turn this around and give rights away. Under the Apache License 2.0, ',
      {
        record: 'licenses/apache-2.0/p13',
        from: 'each Contributor hereby grants to You',
        to: 'copyright license to reproduce',
      },
      ', prepare derivative works, display, perform, sublicense and distribute the work. Apache 2.0 adds an ' +
        'explicit patent grant as well, which is one reason companies often prefer it to shorter licenses.',
    ],
  },
  {
    key: 'output/sourdough-starter',
    prompt: 'Suggest a name for my sourdough starter and tell me how to keep it healthy.',
    parts: [
      'How about calling it Doughbi-Wan Kenobi? If that feels too silly, Clint Yeastwood and Bread Pitt are ' +
        'popular alternatives among home bakers. Keeping a starter lively is mostly about routine. Feed it once a ' +
        'day at room temperature, discarding all but a spoonful and topping it up with equal weights of flour and ' +
        'lukewarm water. A healthy culture roughly doubles within six hours and smells pleasantly sour, a little ' +
        'like yogurt. A grey liquid on top just means it is hungry; stir it back in or pour it off. If you bake ' +
        'only on weekends, keep the jar in the fridge and feed it weekly, then give it two warm feedings before ' +
        'mixing your dough.',
    ],
  },
];

function quotePassage(record: CorpusRecord, quote: Quote): string {
  const start = record.text.indexOf(quote.from);
  if (start < 0) throw new Error(`demo output quote: "${quote.from}" is not in ${record.key}`);
  const toAt = record.text.indexOf(quote.to, start);
  if (toAt < 0) throw new Error(`demo output quote: "${quote.to}" does not follow "${quote.from}" in ${record.key}`);
  const passage = record.text.slice(start, toAt + quote.to.length);
  if (wordCount(passage) < MIN_PASSAGE_WORDS) {
    throw new Error(`demo output quote from ${record.key} has fewer than ${MIN_PASSAGE_WORDS} words: "${passage}"`);
  }
  return passage;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildDemoOutputs(): DemoOutput[] {
  const records = demoCorpus().datanets.flatMap((d) => d.records);
  const byKey = new Map(records.map((r) => [r.key, r] as const));
  return OUTPUTS.map((spec): DemoOutput => {
    const passages: OutputPassage[] = [];
    let text = '';
    for (const part of spec.parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const record = byKey.get(part.record);
      if (!record) throw new Error(`demo output ${spec.key}: record ${part.record} is not in the corpus`);
      const passage = quotePassage(record, part);
      text += passage;
      passages.push({
        recordKey: record.key,
        text: passage,
        matchingRecordKeys: records
          .filter((r) => r.text.includes(passage))
          .map((r) => r.key)
          .sort(compare),
      });
    }
    const normalized = normalizeText(text);
    for (const passage of passages) {
      if (!normalized.includes(passage.text)) {
        throw new Error(`demo output ${spec.key}: a quote was altered by normalisation`);
      }
    }
    return {
      key: spec.key,
      prompt: spec.prompt,
      text: normalized,
      sourceRecordKeys: [...new Set(passages.map((p) => p.recordKey))].sort(compare),
      passages,
    };
  });
}

let cached: DemoOutput[] | undefined;

/** Demo model outputs (built once per process; each call returns a fresh deep copy). */
export function demoOutputs(): DemoOutput[] {
  cached ??= buildDemoOutputs();
  return structuredClone(cached);
}
