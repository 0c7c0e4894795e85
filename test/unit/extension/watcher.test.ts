import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adaptersForHost } from '../../../extension/entrypoints/content/adapters';
import { AnswerWatcher } from '../../../extension/entrypoints/content/watcher';
import { extractText } from '../../../extension/entrypoints/content/text';
import { normalizeText } from '../../../extension/lib/normalize';
import { CHATGPT } from './fixtures';
import { makeDocument } from './support/dom';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets MutationObserver records arrive, then moves the clock. */
async function advance(ms: number): Promise<void> {
  await Promise.resolve();
  await vi.advanceTimersByTimeAsync(ms);
}

describe('finished-answer detection', () => {
  it('reports an answer already on the page after the quiet period', async () => {
    const doc = makeDocument(CHATGPT);
    const finished = vi.fn();
    const detected = vi.fn();
    const w = new AnswerWatcher(doc, adaptersForHost('chatgpt.com'), { quietMs: 500, onFinished: finished, onDetected: detected });
    w.start();
    expect(detected).toHaveBeenCalledOnce();
    await advance(400);
    expect(finished).not.toHaveBeenCalled();
    await advance(200);
    expect(finished).toHaveBeenCalledOnce();
    w.stop();
  });

  it('waits for a streamed answer: not while the stop button is there, not while chunks arrive', async () => {
    const doc = makeDocument('<main id="thread"></main><form><button data-testid="stop-button">Stop</button></form>');
    const texts: string[] = [];
    const w = new AnswerWatcher(doc, adaptersForHost('chatgpt.com'), {
      quietMs: 300,
      onFinished: (el) => texts.push(normalizeText(extractText(el).text)),
    });
    w.start();
    const answer = doc.createElement('div');
    answer.setAttribute('data-message-author-role', 'assistant');
    const md = doc.createElement('div');
    md.className = 'markdown';
    answer.appendChild(md);
    doc.getElementById('thread')!.appendChild(answer);
    const p = doc.createElement('p');
    md.appendChild(p);
    for (const chunk of ['The quick ', 'brown fox ', 'jumps over ', 'the lazy dog.']) {
      p.appendChild(doc.createTextNode(chunk));
      await advance(200); // shorter than the quiet period
    }
    await advance(2000); // quiet, but the stop button is still there
    expect(texts).toEqual([]);
    doc.querySelector('[data-testid="stop-button"]')!.remove();
    await advance(1000);
    expect(texts).toEqual(['The quick brown fox jumps over the lazy dog.']);
    w.stop();
  });

  it('reports an answer again when it changes after it finished (regenerated)', async () => {
    const doc = makeDocument(CHATGPT);
    const finished = vi.fn();
    const w = new AnswerWatcher(doc, adaptersForHost('chatgpt.com'), { quietMs: 200, onFinished: finished });
    w.start();
    await advance(300);
    expect(finished).toHaveBeenCalledTimes(1);
    doc.querySelector('.markdown p')!.appendChild(doc.createTextNode(' Edited.'));
    await advance(300);
    expect(finished).toHaveBeenCalledTimes(2);
    // Our own changes (muted) do not count.
    w.mute(() => doc.querySelector('.markdown')!.appendChild(doc.createElement('strata-mark')));
    await advance(300);
    expect(finished).toHaveBeenCalledTimes(2);
    w.stop();
  });

  it('finds answers added later (SPA navigation) on re-scan', async () => {
    const doc = makeDocument('<main id="m"></main>');
    const finished = vi.fn();
    const w = new AnswerWatcher(doc, adaptersForHost('example.org'), { quietMs: 100, onFinished: finished });
    w.start();
    const el = doc.createElement('div');
    el.setAttribute('data-ai-output', '');
    el.textContent = 'A new view with an answer.';
    doc.getElementById('m')!.appendChild(el);
    await advance(400);
    expect(finished).toHaveBeenCalledOnce();
    w.stop();
  });
});
