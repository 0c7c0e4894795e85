import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { adaptersForHost, pageOptedOut } from './adapters';
import { Annotator } from './annotator';
import type { HighlightDensity } from '../../lib/settings';
import { send, tabMessageFromWorker } from './messaging';
import { AnswerWatcher } from './watcher';

/**
 * Finds AI answers on the page, waits until each is finished, and shows its lineage next to it.
 * Runs on the AI chat sites, on localhost / 127.0.0.1 (the `data-ai-output` page protocol for local apps), and on
 * sites the user added in the options (registered at run time with an optional host permission).
 */
export default defineContentScript({
  matches: [
    'https://chatgpt.com/*',
    'https://chat.openai.com/*',
    'https://claude.ai/*',
    'https://gemini.google.com/*',
    'http://localhost/*',
    'http://127.0.0.1/*',
  ],
  runAt: 'document_idle',
  async main(ctx) {
    await run(ctx);
  },
});

async function run(ctx: ContentScriptContext): Promise<void> {
  const doc = document;
  if (pageOptedOut(doc)) return;

  let watcher: AnswerWatcher | null = null;
  let annotator: Annotator | null = null;
  // The user's choices for this site, from the worker (site-state) and kept current by its messages.
  let traceOn = false;
  let density: HighlightDensity = 'all';

  const start = () => {
    if (watcher || ctx.isInvalid || pageOptedOut(doc)) return;
    const adapters = adaptersForHost(location.hostname);
    const ann = new Annotator({
      doc,
      // `trace` only when the user clicked; the worker adds the site's opt-in itself.
      lookup: (text, trace) => send(trace ? { type: 'strata:lookup', text, trace: true } : { type: 'strata:lookup', text }),
      openGraph: (of, label) => void send({ type: 'strata:open-panel', of, label }),
      openOptions: () => void send({ type: 'strata:open-options' }),
      disableSite: () => void send({ type: 'strata:set-site-enabled', enabled: false }),
      siteTrace: {
        on: () => traceOn,
        set: (enabled) => {
          traceOn = enabled;
          void send({ type: 'strata:set-site-trace', enabled });
        },
      },
      highlightDensity: () => density,
      mute: (fn) => (watcher ? watcher.mute(fn) : fn()),
    });
    const w = new AnswerWatcher(doc, adapters, {
      onDetected: (el, adapter) => ann.prepare(el, adapter),
      onFinished: (el, adapter) => {
        if (pageOptedOut(doc)) return stop();
        void ann.annotate(el, adapter);
      },
    });
    annotator = ann;
    watcher = w;
    w.start();
  };

  const stop = () => {
    watcher?.stop();
    annotator?.clearAll();
    watcher = null;
    annotator = null;
  };

  // The worker tells us when this site is switched on or off.
  const onMessage = (message: unknown, sender: { id?: string }) => {
    const msg = tabMessageFromWorker(message, sender);
    if (msg?.type === 'strata:site-state-changed' && msg.host === location.host) {
      if (msg.enabled) start();
      else stop();
    }
    if (msg?.type === 'strata:site-trace-changed' && msg.host === location.host) traceOn = msg.enabled;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    stop();
  });

  // SPA navigation: look again for answers of the new view.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    if (pageOptedOut(doc)) return stop();
    watcher?.scan();
  });

  const state = await send({ type: 'strata:site-state' }).catch(() => ({ enabled: true, trace: false, highlightDensity: 'all' as const }));
  traceOn = state.trace;
  density = state.highlightDensity;
  if (state.enabled) start();
}
