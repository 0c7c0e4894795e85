import { browser } from 'wxt/browser';
import { isValidHost, type PublicSettings, type Request, type ResponseMap } from '../../lib/messages';
import { needsOptionalPermission, originPattern, validateEndpoint } from '../../lib/settings';

/**
 * Options: endpoint and API key (kept by the worker, never readable by content scripts), a trusted log key, sites
 * switched off, and extra sites for the page protocol. Host permissions are requested here, on the user's click.
 */

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const endpointInput = $<HTMLInputElement>('endpoint');
const apiKeyInput = $<HTMLInputElement>('api-key');
const apiKeyHint = $<HTMLParagraphElement>('api-key-hint');
const logKeyInput = $<HTMLTextAreaElement>('log-key');
const pinnedList = $<HTMLUListElement>('pinned-keys');
const saveStatus = $<HTMLSpanElement>('save-status');
const disabledList = $<HTMLUListElement>('disabled-sites');
const extraList = $<HTMLUListElement>('extra-sites');
const sitesStatus = $<HTMLSpanElement>('sites-status');
const traceList = $<HTMLUListElement>('trace-sites');
const densitySelect = $<HTMLSelectElement>('density');
const privacyStatus = $<HTMLSpanElement>('privacy-status');

let settings: PublicSettings | null = null;

async function send<R extends Request>(request: R): Promise<ResponseMap[R['type']]> {
  const res = (await browser.runtime.sendMessage(request)) as ResponseMap[R['type']] | { error: string };
  if (res && typeof res === 'object' && 'error' in res) throw new Error(res.error);
  return res as ResponseMap[R['type']];
}

function status(el: HTMLElement, text: string, error = false): void {
  el.textContent = text;
  el.dataset.state = error ? 'error' : 'ok';
}

function item(text: string, button?: { label: string; onClick: () => void }): HTMLLIElement {
  const li = document.createElement('li');
  li.append(document.createTextNode(text));
  if (button) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = button.label;
    b.addEventListener('click', button.onClick);
    li.append(' ', b);
  }
  return li;
}

function render(s: PublicSettings): void {
  settings = s;
  endpointInput.value = s.endpoint;
  apiKeyInput.value = '';
  apiKeyInput.placeholder = s.hasApiKey ? 'a key is stored (type to replace it)' : '';
  apiKeyHint.textContent =
    s.apiKeyStorage === 'local'
      ? 'The key is kept by the extension worker; pages and content scripts cannot read it.'
      : 'This browser cannot hide stored keys from content scripts, so the key is kept for this browser session only.';
  logKeyInput.value = s.logPublicKey ?? '';
  pinnedList.replaceChildren(...Object.entries(s.pinnedLogKeys).map(([scope, key]) => item(`${scope} → ${key}`)));
  disabledList.replaceChildren(
    ...(s.disabledSites.length
      ? s.disabledSites.map((host) => item(host, { label: 'Switch on', onClick: () => void setSite(host, true) }))
      : [item('none')]),
  );
  traceList.replaceChildren(
    ...(s.traceSites.length
      ? s.traceSites.map((host) => item(host, { label: 'Ask first', onClick: () => void setTraceSite(host, false) }))
      : [item('none: every trace waits for your click')]),
  );
  densitySelect.value = s.highlightDensity;
  extraList.replaceChildren(
    ...(s.extraSites.length
      ? s.extraSites.map((host) => item(host, { label: 'Remove', onClick: () => void setExtraSites(s.extraSites.filter((x) => x !== host)) }))
      : [item('none')]),
  );
}

async function refresh(): Promise<void> {
  render(await send({ type: 'strata:get-settings' }));
}

async function setSite(host: string, enabled: boolean): Promise<void> {
  await send({ type: 'strata:set-site-enabled', enabled, host });
  await refresh();
}

async function setTraceSite(host: string, enabled: boolean): Promise<void> {
  await send({ type: 'strata:set-site-trace', enabled, host });
  await refresh();
}

densitySelect.addEventListener('change', () => {
  const v = densitySelect.value;
  if (v !== 'all' && v !== 'long' && v !== 'none') return;
  void send({ type: 'strata:save-settings', highlightDensity: v }).then((res) => {
    status(privacyStatus, res.ok ? 'Saved (reload a page to see it)' : (res.message ?? 'could not save'), !res.ok);
    if (res.settings) render(res.settings);
  });
});

async function setExtraSites(hosts: string[]): Promise<void> {
  const res = await send({ type: 'strata:save-settings', extraSites: hosts });
  if (!res.ok) status(sitesStatus, res.message ?? 'could not save', true);
  else if (res.settings) render(res.settings);
}

$('api-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const endpoint = endpointInput.value.trim();
  try {
    validateEndpoint(endpoint);
  } catch (err) {
    status(saveStatus, (err as Error).message, true);
    return;
  }
  // Ask for the host permission first, while we still hold the user's click.
  const permission = needsOptionalPermission(endpoint)
    ? browser.permissions.request({ origins: [originPattern(endpoint)] })
    : Promise.resolve(true);
  void permission.then(async (granted) => {
    if (!granted) {
      status(saveStatus, `Permission to reach ${new URL(endpoint).origin} was not granted`, true);
      return;
    }
    const req: Extract<Request, { type: 'strata:save-settings' }> = {
      type: 'strata:save-settings',
      endpoint,
      logPublicKey: logKeyInput.value.trim() || null,
    };
    if (apiKeyInput.value.trim()) req.apiKey = apiKeyInput.value.trim();
    const res = await send(req).catch((err: Error) => ({ ok: false, message: err.message }) as const);
    if (!res.ok) status(saveStatus, res.message ?? 'could not save', true);
    else {
      status(saveStatus, 'Saved');
      if ('settings' in res && res.settings) render(res.settings);
    }
  });
});

$('remove-key').addEventListener('click', () => {
  void send({ type: 'strata:save-settings', apiKey: null }).then((res) => {
    status(saveStatus, res.ok ? 'Key removed' : (res.message ?? 'failed'), !res.ok);
    if (res.settings) render(res.settings);
  });
});

$('forget-pins').addEventListener('click', () => {
  void send({ type: 'strata:save-settings', clearPinnedKeys: true }).then((res) => res.settings && render(res.settings));
});

$('disable-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const host = $<HTMLInputElement>('disable-host').value.trim().toLowerCase();
  if (!isValidHost(host)) return status(sitesStatus, 'not a host name', true);
  void setSite(host, false);
});

$('extra-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const host = $<HTMLInputElement>('extra-host').value.trim().toLowerCase();
  if (!isValidHost(host)) return status(sitesStatus, 'not a host name', true);
  const hostname = host.replace(/:\d+$/, '');
  void browser.permissions.request({ origins: [`https://${hostname}/*`, `http://${hostname}/*`] }).then((granted) => {
    if (!granted) return status(sitesStatus, `Permission for ${hostname} was not granted`, true);
    return setExtraSites([...(settings?.extraSites ?? []), host]);
  });
});

void refresh();
