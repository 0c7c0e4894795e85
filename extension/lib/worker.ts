/**
 * The worker's request handling, separate from the entrypoint so it can be unit-tested with the fake browser.
 * Every request is parsed, checked against its sender, and answered; nothing else reaches the API.
 */
import { browser } from 'wxt/browser';
import { castVote, openProposals, type GovernanceConfig } from './governance';
import type { LookupService } from './lookup';
import {
  classifySender,
  PANEL_TARGET_KEY,
  type PanelTarget,
  isAllowed,
  isValidHost,
  MessageError,
  parseRequest,
  senderHost,
  type Request,
  type RequestOf,
  type ResponseMap,
  type SenderLike,
  type TabMessage,
} from './messages';
import {
  loadApiKey,
  loadSettings,
  needsOptionalPermission,
  originPattern,
  publicSettings,
  storeApiKey,
  updateSettings,
  validateEndpoint,
} from './settings';

export interface WorkerDeps {
  lookup: LookupService;
  /** Opens the side panel for a tab (content script) or window (extension page). */
  openSidePanel(where: { tabId?: number; windowId?: number }): Promise<void>;
  permissionsContain(origins: string[]): Promise<boolean>;
  /** Registers (or removes, for an empty list) the content script on user-added sites. */
  syncExtraSites(hosts: string[]): Promise<void>;
  notifyTabs(message: TabMessage): Promise<void>;
  /** Opens the options page (runtime.openOptionsPage). */
  openOptions(): Promise<void>;
}

export type HandlerResult = { ok: true; response: unknown } | { ok: false; error: string };

export async function handleMessage(raw: unknown, sender: SenderLike, deps: WorkerDeps): Promise<HandlerResult> {
  const kind = classifySender(sender, browser.runtime.id, browser.runtime.getURL('/'));
  if (!kind) return { ok: false, error: 'unknown sender' };
  let req: Request;
  try {
    req = parseRequest(raw);
  } catch (e) {
    return { ok: false, error: e instanceof MessageError ? e.message : 'invalid message' };
  }
  if (!isAllowed(req.type, kind)) return { ok: false, error: `${req.type} is not allowed from ${kind}` };
  try {
    return { ok: true, response: await dispatch(req, kind, sender, deps) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

async function dispatch(req: Request, kind: 'content' | 'extension-page', sender: SenderLike, deps: WorkerDeps) {
  switch (req.type) {
    case 'strata:lookup': {
      // The text goes to the API only when the user asked (req.trace) or opted in for this site
      // (extension/README.md#privacy).
      let trace = req.trace === true;
      if (!trace && kind === 'content') {
        const host = senderHost(sender);
        trace = host !== null && (await loadSettings()).traceSites.includes(host);
      }
      return deps.lookup.lookup(req.text, { trace }) satisfies Promise<ResponseMap['strata:lookup']>;
    }
    case 'strata:site-state': {
      const host = senderHost(sender);
      const s = await loadSettings();
      return {
        enabled: host !== null && !s.disabledSites.includes(host),
        trace: host !== null && s.traceSites.includes(host),
        highlightDensity: s.highlightDensity,
      } satisfies ResponseMap['strata:site-state'];
    }
    case 'strata:set-site-enabled':
      return setSiteEnabled(req, kind, sender, deps);
    case 'strata:set-site-trace':
      return setSiteTrace(req, kind, sender, deps);
    case 'strata:open-panel': {
      const target: PanelTarget = { of: req.of, label: req.label ?? req.of, at: Date.now() };
      await browser.storage.session.set({ [PANEL_TARGET_KEY]: target });
      try {
        if (kind === 'content' && sender.tab?.id !== undefined) await deps.openSidePanel({ tabId: sender.tab.id });
        return { ok: true } satisfies ResponseMap['strata:open-panel'];
      } catch (e) {
        return {
          ok: false,
          message: `Open the Strata side panel from the toolbar to see the graph (${e instanceof Error ? e.message : String(e)})`,
        } satisfies ResponseMap['strata:open-panel'];
      }
    }
    case 'strata:lineage-graph':
      return deps.lookup.lineageGraph({ of: req.of, direction: req.direction, maxDepth: req.maxDepth, maxNodes: req.maxNodes });
    case 'strata:get-settings':
      return publicSettings();
    case 'strata:save-settings':
      return saveSettingsRequest(req, deps);
    case 'strata:clear-cache':
      deps.lookup.clear();
      return { ok: true as const };
    case 'strata:open-options':
      await deps.openOptions();
      return { ok: true as const } satisfies ResponseMap['strata:open-options'];
    case 'strata:proposals':
      return openProposals(await governanceConfig()) satisfies Promise<ResponseMap['strata:proposals']>;
    case 'strata:cast-vote':
      return castVote(await governanceConfig(), req.proposalId, req.choice, req.idempotencyKey) satisfies Promise<ResponseMap['strata:cast-vote']>;
  }
}

async function governanceConfig(): Promise<GovernanceConfig> {
  return { endpoint: (await loadSettings()).endpoint, apiKey: await loadApiKey() };
}

async function setSiteEnabled(
  req: RequestOf<'strata:set-site-enabled'>,
  kind: 'content' | 'extension-page',
  sender: SenderLike,
  deps: WorkerDeps,
): Promise<ResponseMap['strata:set-site-enabled']> {
  // A page can only switch off its own site; only our pages may name another one.
  const host = kind === 'content' ? senderHost(sender) : (req.host ?? null);
  if (!host || !isValidHost(host)) return { ok: false, host: host ?? '' };
  await updateSettings((s) => {
    const set = new Set(s.disabledSites);
    if (req.enabled) set.delete(host);
    else set.add(host);
    s.disabledSites = [...set].sort();
  });
  await deps.notifyTabs({ type: 'strata:site-state-changed', host, enabled: req.enabled });
  return { ok: true, host };
}

async function setSiteTrace(
  req: RequestOf<'strata:set-site-trace'>,
  kind: 'content' | 'extension-page',
  sender: SenderLike,
  deps: WorkerDeps,
): Promise<ResponseMap['strata:set-site-trace']> {
  // As for switching off: a page can only opt in its own site.
  const host = kind === 'content' ? senderHost(sender) : (req.host ?? null);
  if (!host || !isValidHost(host)) return { ok: false, host: host ?? '' };
  await updateSettings((s) => {
    const set = new Set(s.traceSites);
    if (req.enabled) set.add(host);
    else set.delete(host);
    s.traceSites = [...set].sort();
  });
  await deps.notifyTabs({ type: 'strata:site-trace-changed', host, enabled: req.enabled });
  return { ok: true, host };
}

async function saveSettingsRequest(
  req: RequestOf<'strata:save-settings'>,
  deps: WorkerDeps,
): Promise<ResponseMap['strata:save-settings']> {
  if (req.endpoint !== undefined) {
    try {
      validateEndpoint(req.endpoint);
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
    if (needsOptionalPermission(req.endpoint) && !(await deps.permissionsContain([originPattern(req.endpoint)]))) {
      return { ok: false, message: `Strata has no permission to call ${new URL(req.endpoint).origin}` };
    }
  }
  if (req.extraSites) {
    for (const host of req.extraSites) {
      const hostname = host.replace(/:\d+$/, '');
      if (!(await deps.permissionsContain([`https://${hostname}/*`])) && !(await deps.permissionsContain([`http://${hostname}/*`]))) {
        return { ok: false, message: `Strata has no permission to run on ${host}` };
      }
    }
  }
  const next = await updateSettings((s) => {
    if (req.endpoint !== undefined) s.endpoint = req.endpoint;
    if (req.logPublicKey !== undefined) s.logPublicKey = req.logPublicKey ? req.logPublicKey.trim() : null;
    if (req.clearPinnedKeys) s.pinnedLogKeys = {};
    if (req.extraSites) s.extraSites = [...new Set(req.extraSites)].sort();
    if (req.highlightDensity) s.highlightDensity = req.highlightDensity;
  });
  if (req.apiKey !== undefined) await storeApiKey(req.apiKey ? req.apiKey.trim() : null);
  if (req.extraSites) await deps.syncExtraSites(next.extraSites);
  deps.lookup.clear();
  return { ok: true, settings: await publicSettings(next) };
}
