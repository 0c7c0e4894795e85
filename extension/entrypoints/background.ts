import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { LookupService, type LookupConfig } from '../lib/lookup';
import { PANEL_TARGET_KEY, type LookupResult, type TabMessage } from '../lib/messages';
import { loadApiKey, loadSettings, restrictLocalStorage, updateSettings } from '../lib/settings';
import { handleMessage, type WorkerDeps } from '../lib/worker';

/**
 * The only context that talks to the Strata API. Content scripts and extension pages ask it through validated
 * messages (lib/messages.ts); it keeps the settings and the API key, caches lookups per content hash, verifies log
 * proofs, and owns the context menu and the side panel.
 */
export default defineBackground({
  main() {
    const ready = restrictLocalStorage();

    const config = async (): Promise<LookupConfig> => {
      await ready;
      const s = await loadSettings();
      return { endpoint: s.endpoint, apiKey: await loadApiKey(), logPublicKey: s.logPublicKey, pinnedLogKeys: s.pinnedLogKeys };
    };
    const lookup = new LookupService({
      config,
      pinLogKey: async (scope, key) => {
        await updateSettings((s) => {
          s.pinnedLogKeys = { ...s.pinnedLogKeys, [scope]: key };
        });
      },
    });

    const deps: WorkerDeps = {
      lookup,
      openSidePanel: async (where) => {
        // Firefox: the side panel is the sidebar (sidebar_action in its manifest).
        const sidebar = (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;
        if (sidebar) return sidebar.open();
        if (where.tabId !== undefined) await browser.sidePanel.open({ tabId: where.tabId });
        else if (where.windowId !== undefined) await browser.sidePanel.open({ windowId: where.windowId });
      },
      permissionsContain: (origins) => browser.permissions.contains({ origins }),
      openOptions: () => browser.runtime.openOptionsPage(),
      syncExtraSites,
      notifyTabs: async (message: TabMessage) => {
        const tabs = await browser.tabs.query({});
        await Promise.all(tabs.map((t) => (t.id === undefined ? null : browser.tabs.sendMessage(t.id, message).catch(() => null))));
      },
    };

    browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
      void ready.then(() =>
        handleMessage(message, sender, deps).then((r) => sendResponse(r.ok ? r.response : { error: r.error })),
      );
      return true; // answer asynchronously
    });

    browser.runtime.onInstalled.addListener(() => {
      browser.contextMenus.removeAll(() => {
        browser.contextMenus.create({ id: MENU_TRACE, title: 'Trace with Strata', contexts: ['selection'] });
        browser.contextMenus.create({ id: MENU_SITE, title: 'Turn Strata off or on for this site', contexts: ['action'] });
      });
      void loadSettings().then((s) => syncExtraSites(s.extraSites));
    });

    void browser.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true }).catch(() => undefined);

    browser.contextMenus.onClicked.addListener((info, tab) => {
      if (info.menuItemId === MENU_TRACE && tab?.id !== undefined && info.selectionText) {
        traceSelection(lookup, tab.id, info.frameId ?? 0, info.selectionText).catch((e: unknown) =>
          console.warn('Strata: could not show the trace of the selection', e),
        );
      } else if (info.menuItemId === MENU_SITE && tab?.url) {
        toggleSite(tab.url, deps).catch((e: unknown) => console.warn('Strata: could not switch the site', e));
      }
    });

    // For the end-to-end tests only: lets them run the context-menu action, which a headless browser cannot click.
    (globalThis as { __strataTest?: unknown }).__strataTest = {
      traceSelection: (tabId: number, text: string) => traceSelection(lookup, tabId, 0, text),
      panelTargetKey: PANEL_TARGET_KEY,
    };
  },
});

const MENU_TRACE = 'strata-trace-selection';
const MENU_SITE = 'strata-toggle-site';
const EXTRA_SITES_SCRIPT_ID = 'strata-extra-sites';

/**
 * "Trace with Strata": activeTab gives us this tab for this gesture only; we inject a small script that shows the
 * result beside the selection. No broad host permission is needed.
 */
async function traceSelection(lookup: LookupService, tabId: number, frameId: number, text: string): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: ['/selection.js'] });
  // The user picked "Trace with Strata": they asked, so the selection's text may be sent.
  const result: LookupResult = await lookup.lookup(text, { trace: true });
  await browser.tabs.sendMessage(tabId, { type: 'strata:selection-result', text, result } satisfies TabMessage, { frameId });
}

async function toggleSite(url: string, deps: WorkerDeps): Promise<void> {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return;
  }
  if (!host) return;
  let enabled = false;
  await updateSettings((s) => {
    enabled = s.disabledSites.includes(host);
    s.disabledSites = enabled ? s.disabledSites.filter((h) => h !== host) : [...s.disabledSites, host].sort();
  });
  await deps.notifyTabs({ type: 'strata:site-state-changed', host, enabled });
}

async function syncExtraSites(hosts: string[]): Promise<void> {
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [EXTRA_SITES_SCRIPT_ID] });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [EXTRA_SITES_SCRIPT_ID] });
  if (hosts.length === 0) return;
  const matches = hosts.flatMap((h) => {
    const hostname = h.replace(/:\d+$/, '');
    return [`https://${hostname}/*`, `http://${hostname}/*`];
  });
  const granted: string[] = [];
  for (const m of matches) if (await browser.permissions.contains({ origins: [m] })) granted.push(m);
  if (granted.length === 0) return;
  await browser.scripting.registerContentScripts([
    { id: EXTRA_SITES_SCRIPT_ID, matches: granted, js: ['content-scripts/content.js'], runAt: 'document_idle', persistAcrossSessions: true },
  ]);
}
