import { describe, expect, it } from 'vitest';
import {
  adaptersForHost,
  contentElement,
  declaredOutputId,
  findAnswers,
  isStreaming,
  pageOptedOut,
  SITE_ADAPTERS,
} from '../../../extension/entrypoints/content/adapters';
import { extractText } from '../../../extension/entrypoints/content/text';
import { normalizeText } from '../../../extension/lib/normalize';
import { CHATGPT, CLAUDE, GEMINI, PROTOCOL } from './fixtures';
import { makeDocument } from './support/dom';

const textOf = (el: Element) => normalizeText(extractText(el).text);

describe('site adapters', () => {
  it('is a data table covering ChatGPT, Claude, Gemini and the page protocol', () => {
    expect(SITE_ADAPTERS.map((a) => a.id)).toEqual(['chatgpt', 'claude', 'gemini', 'protocol']);
    expect(SITE_ADAPTERS.find((a) => a.id === 'chatgpt')!.answers[0]).toBe('[data-message-author-role="assistant"]');
    expect(SITE_ADAPTERS.find((a) => a.id === 'gemini')!.answers[0]).toBe('model-response');
    expect(SITE_ADAPTERS.find((a) => a.id === 'protocol')!.answers[0]).toBe('[data-ai-output]');
  });

  it('orders the adapter made for a host first', () => {
    expect(adaptersForHost('claude.ai')[0]!.id).toBe('claude');
    expect(adaptersForHost('www.chatgpt.com')[0]!.id).toBe('chatgpt');
    expect(adaptersForHost('gemini.google.com')[0]!.id).toBe('gemini');
    expect(adaptersForHost('127.0.0.1').map((a) => a.id)).toEqual(['chatgpt', 'claude', 'gemini', 'protocol']);
  });

  it.each([
    ['chatgpt', CHATGPT, 'The quick brown fox jumps over the lazy dog. Second paragraph.'],
    ['claude', CLAUDE, 'Claude says hello. one two'],
    ['gemini', GEMINI, 'Gemini answer text.'],
    ['protocol', PROTOCOL, 'Answer from an app that marks its output.'],
  ])('finds the %s answer and reads its text', (id, html, expected) => {
    const doc = makeDocument(html);
    const found = findAnswers(doc, adaptersForHost('127.0.0.1'));
    expect(found).toHaveLength(1);
    expect(found[0]!.adapter.id).toBe(id);
    expect(textOf(contentElement(found[0]!.el, found[0]!.adapter))).toBe(expected);
  });

  it('never treats the user turn as an answer and keeps document order', () => {
    const doc = makeDocument(CHATGPT + PROTOCOL + GEMINI);
    const found = findAnswers(doc, adaptersForHost('chatgpt.com'));
    expect(found.map((f) => f.adapter.id)).toEqual(['chatgpt', 'protocol', 'gemini']);
  });

  it('falls back to the next selector when the preferred one is gone', () => {
    const doc = makeDocument('<div class="font-claude-message"><p>Older Claude markup.</p></div>');
    const found = findAnswers(doc, adaptersForHost('claude.ai'));
    expect(found.map((f) => f.adapter.id)).toEqual(['claude']);
    expect(textOf(found[0]!.el)).toBe('Older Claude markup.');
  });

  it('drops answers nested in another answer and skips our own UI', () => {
    const doc = makeDocument('<div data-ai-output><p>outer</p><div data-ai-output>inner</div></div><div data-strata><div data-ai-output>ours</div></div>');
    const found = findAnswers(doc, adaptersForHost('example.org'));
    expect(found).toHaveLength(1);
    expect(textOf(found[0]!.el)).toBe('outer inner');
  });

  it('knows when an answer is still streaming', () => {
    const chat = SITE_ADAPTERS.find((a) => a.id === 'chatgpt')!;
    const doc = makeDocument(`${CHATGPT}<button data-testid="stop-button">Stop</button>`);
    const el = findAnswers(doc, [chat])[0]!.el;
    expect(isStreaming(el, chat, true)).toBe(true);
    expect(isStreaming(el, chat, false)).toBe(false); // an earlier answer is done even while a new one streams
    doc.querySelector('[data-testid="stop-button"]')!.remove();
    expect(isStreaming(el, chat, true)).toBe(false);

    const claude = SITE_ADAPTERS.find((a) => a.id === 'claude')!;
    const cdoc = makeDocument(CLAUDE.replace('data-is-streaming="false"', 'data-is-streaming="true"'));
    expect(isStreaming(findAnswers(cdoc, [claude])[0]!.el, claude, false)).toBe(true);

    const proto = SITE_ADAPTERS.find((a) => a.id === 'protocol')!;
    const pdoc = makeDocument('<div data-ai-output aria-busy="true">partial</div>');
    expect(isStreaming(findAnswers(pdoc, [proto])[0]!.el, proto, false)).toBe(true);
  });

  it('reads a declared output id and the page opt-out', () => {
    const doc = makeDocument(PROTOCOL);
    expect(declaredOutputId(doc.querySelector('[data-ai-output]')!)).toBe('T3V0cHV0OjE=');
    expect(pageOptedOut(doc)).toBe(false);
    expect(pageOptedOut(makeDocument('', '<meta name="strata-annotate" content="off">'))).toBe(true);
    expect(pageOptedOut(makeDocument('', '<meta name="Strata-Annotate" content=" OFF ">'))).toBe(true);
    expect(pageOptedOut(makeDocument('', '<meta name="strata-annotate" content="on">'))).toBe(false);
  });
});
