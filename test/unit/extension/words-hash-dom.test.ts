/**
 * The words hash through the extension's own reader (docs/architecture.md#the-words-hash): a markdown answer, rendered
 * as the chat sites render it (code labels and copy buttons, lists without numbers, links as text, tables, an artifact
 * card between two blocks), read from the DOM with the site adapter, has the words hash of its markdown source; and a
 * recorded output's spans land on exactly those words of the page.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalWords, wordsHash } from '../../../api/attribution/trace/words-hash';
import { chromeTest, contentElements, SITE_ADAPTERS, type SiteAdapter } from '../../../extension/entrypoints/content/adapters';
import { wordRanges } from '../../../extension/entrypoints/content/spans';
import { extractText } from '../../../extension/entrypoints/content/text';
import { document as markdownDocument, toMarkdown, toSiteHtml } from '../trace/markdown-docs';
import { makeDocument } from './support/dom';

const adapter = (id: SiteAdapter['id']) => SITE_ADAPTERS.find((a) => a.id === id)!;

function read(html: string, id: SiteAdapter['id'], answerSelector: string): string {
  const doc = makeDocument(html);
  const answer = doc.querySelector(answerSelector)!;
  const a = adapter(id);
  return extractText(contentElements(answer, a), chromeTest(a)).text;
}

const chatgpt = (inner: string) =>
  `<div data-message-author-role="user"><div>the question 1. with words</div></div><div data-message-author-role="assistant"><div class="markdown prose"><h5 class="sr-only">ChatGPT said:</h5>${inner}</div></div>`;

describe('words hash of rendered answers, read by the extension', () => {
  it('a ChatGPT-rendered answer has the words hash of its markdown', async () => {
    await fc.assert(
      fc.asyncProperty(markdownDocument, async (doc) => {
        const page = read(chatgpt(toSiteHtml(doc)), 'chatgpt', '[data-message-author-role="assistant"]');
        expect(page).not.toMatch(/Copy code|ChatGPT said/);
        expect(await wordsHash(page)).toBe(await wordsHash(toMarkdown(doc)));
      }),
      { numRuns: 150 },
    );
  });

  it('a Claude answer split by an artifact card is read whole, without the card', async () => {
    await fc.assert(
      fc.asyncProperty(markdownDocument, markdownDocument, async (before, after) => {
        const html = `<div class="font-claude-response"><div class="standard-markdown">${toSiteHtml(before, 'claude')}</div>
          <div class="artifact-block-cell"><div class="title">Harbour poem</div><div>Click to open document</div></div>
          <div class="standard-markdown">${toSiteHtml(after, 'claude')}</div></div>`;
        const page = read(html, 'claude', '.font-claude-response');
        expect(page).not.toMatch(/Harbour poem|Click to open/);
        expect(await wordsHash(page)).toBe(await wordsHash(`${toMarkdown(before)}\n\n${toMarkdown(after)}`));
      }),
      { numRuns: 60 },
    );
  });

  it('a Gemini answer with nested panels and code decorations is read once, without chrome', async () => {
    await fc.assert(
      fc.asyncProperty(markdownDocument, async (doc) => {
        const html = `<model-response><message-content class="model-response-text"><div class="markdown markdown-main-panel">
          ${toSiteHtml(doc, 'gemini')}
          <div class="markdown"><p>nested panel words</p></div></div></message-content></model-response>`;
        const page = read(html, 'gemini', 'model-response');
        expect(page).not.toMatch(/content_copy|Export to Sheets/);
        expect(await wordsHash(page)).toBe(await wordsHash(`${toMarkdown(doc)}\n\nnested panel words`));
      }),
      { numRuns: 60 },
    );
  });

  it('spans of the recorded markdown land on exactly the same words of the page', () => {
    fc.assert(
      fc.property(markdownDocument, fc.nat(), fc.nat(), (doc, x, y) => {
        const md = toMarkdown(doc);
        const page = read(chatgpt(toSiteHtml(doc)), 'chatgpt', '[data-message-author-role="assistant"]');
        const words = canonicalWords(md);
        // A document may hold no words at all (a code block of one "<div>" line): there is no span to place then.
        fc.pre(words.length > 0);
        const a = x % words.length;
        const b = a + (y % (words.length - a));
        const span = { start: words[a]!.start, end: words[b]!.end, text: md.slice(words[a]!.start, words[b]!.end), kind: 'EXACT' as const, similarity: 1, sources: [], records: [] };
        const ranges = wordRanges(md, [span], page);
        expect(ranges).not.toBeNull();
        expect(ranges).toHaveLength(1);
        const shown = canonicalWords(page.slice(ranges![0]!.start, ranges![0]!.end)).map((t) => t.norm);
        // Compared as slices, each cut out and tokenized alone: a span may start inside a contraction ("n't" of
        // "don't" is the word "not" only after "do"), and then both slices read the same way.
        expect(shown).toEqual(canonicalWords(span.text).map((t) => t.norm));
        expect(shown.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});
