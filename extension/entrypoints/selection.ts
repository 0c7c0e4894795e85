import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { STRATA_ATTR } from './content/adapters';
import { send, tabMessageFromWorker } from './content/messaging';
import { Badge } from './content/ui';

/**
 * Injected by the worker (activeTab + scripting) when the user picks "Trace with Strata" on a selection: shows the
 * badge and popover for the selected text, floating beside the selection.
 */
export default defineUnlistedScript(() => {
  const w = window as Window & { __strataSelection?: boolean };
  if (w.__strataSelection) return;
  w.__strataSelection = true;

  let current: { holder: HTMLElement; badge: Badge } | null = null;

  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string; tab?: unknown }) => {
    const msg = tabMessageFromWorker(message, sender);
    if (msg?.type !== 'strata:selection-result') return;
    current?.badge.destroy();
    current?.holder.remove();

    const sel = window.getSelection();
    const rect = sel && sel.rangeCount > 0 ? sel.getRangeAt(0).getBoundingClientRect() : null;
    const holder = document.createElement('strata-selection');
    holder.setAttribute(STRATA_ATTR, 'selection');
    const top = (rect ? rect.bottom : 16) + window.scrollY + 4;
    const left = (rect ? rect.left : 16) + window.scrollX;
    holder.setAttribute('style', `all: initial; position: absolute; z-index: 2147483647; top: ${Math.round(top)}px; left: ${Math.round(left)}px;`);
    const badge = new Badge(document, {
      retry: () =>
        void send({ type: 'strata:lookup', text: msg.text, trace: true }).then(
          (r) => badge.setResult(r),
          (e: unknown) => badge.setResult({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
        ),
      openGraph: (of, label) => void send({ type: 'strata:open-panel', of, label }),
      openOptions: () => void send({ type: 'strata:open-options' }),
      disableSite: () => void send({ type: 'strata:set-site-enabled', enabled: false }),
    });
    holder.appendChild(badge.host);
    (document.body ?? document.documentElement).appendChild(holder);
    badge.setResult(msg.result);
    current = { holder, badge };
  });
});
