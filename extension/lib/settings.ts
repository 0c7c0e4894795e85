/**
 * Settings live in the worker's storage. Content scripts never read storage: they ask the worker through messages.
 * The API key is kept where content scripts cannot read it: storage.local restricted to trusted contexts when the
 * browser allows that, otherwise storage.session (trusted contexts only by default; cleared when the browser closes).
 */
import { browser } from 'wxt/browser';
import type { PublicSettings } from './messages';

/**
 * `npm start`'s API, unless the build names another (WXT_STRATA_DEFAULT_ENDPOINT in the environment at build time, e.g. a team's own API; the
 * Firefox e2e test builds with its test API's, since WebDriver BiDi may not open the add-on's options page).
 */
export const DEFAULT_ENDPOINT: string = (import.meta.env as Record<string, string | undefined>).WXT_STRATA_DEFAULT_ENDPOINT || 'http://localhost:4000/graphql';

/** Hosts the extension may always call (host_permissions in the manifest); others need an optional permission. */
export const BUILT_IN_API_HOSTS = ['localhost', '127.0.0.1'];

export interface StoredSettings {
  endpoint: string;
  logPublicKey: string | null;
  pinnedLogKeys: Record<string, string>;
  disabledSites: string[];
  extraSites: string[];
  /** Sites where the user opted in to sending unrecorded answers' text to traceText without asking each time. */
  traceSites: string[];
  /** Which traced spans are highlighted: all, only long ones (LONG_SPAN_WORDS words or more), or none. */
  highlightDensity: HighlightDensity;
}

export type HighlightDensity = 'all' | 'long' | 'none';
export const HIGHLIGHT_DENSITIES: readonly HighlightDensity[] = ['all', 'long', 'none'];

const SETTINGS_KEY = 'settings';
const API_KEY_KEY = 'apiKey';

export function defaultSettings(): StoredSettings {
  return { endpoint: DEFAULT_ENDPOINT, logPublicKey: null, pinnedLogKeys: {}, disabledSites: [], extraSites: [], traceSites: [], highlightDensity: 'all' };
}

let localIsTrustedOnly: boolean | null = null;

/**
 * Restricts storage.local to trusted contexts (extension pages and the worker). Called once at worker start.
 * Returns whether the browser supports it; if not, the API key goes to storage.session instead.
 */
export async function restrictLocalStorage(): Promise<boolean> {
  const area = browser.storage.local as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  try {
    if (typeof area.setAccessLevel !== 'function') throw new Error('unsupported');
    await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    localIsTrustedOnly = true;
  } catch {
    localIsTrustedOnly = false;
  }
  return localIsTrustedOnly;
}

function apiKeyArea(): 'local' | 'session' {
  return localIsTrustedOnly ? 'local' : 'session';
}

export function validateEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error('endpoint is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('endpoint must be http or https');
  if (url.username || url.password) throw new Error('put credentials in the API key field, not the URL');
  return url;
}

/** The match pattern an endpoint needs as a host permission (ports are not part of match patterns). */
export function originPattern(endpoint: string): string {
  const url = validateEndpoint(endpoint);
  return `${url.protocol}//${url.hostname}/*`;
}

export function needsOptionalPermission(endpoint: string): boolean {
  return !BUILT_IN_API_HOSTS.includes(validateEndpoint(endpoint).hostname);
}

function sanitize(raw: unknown): StoredSettings {
  const d = defaultSettings();
  if (typeof raw !== 'object' || raw === null) return d;
  const o = raw as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const pinned: Record<string, string> = {};
  if (typeof o.pinnedLogKeys === 'object' && o.pinnedLogKeys !== null) {
    for (const [k, v] of Object.entries(o.pinnedLogKeys)) if (typeof v === 'string') pinned[k] = v;
  }
  return {
    endpoint: typeof o.endpoint === 'string' ? o.endpoint : d.endpoint,
    logPublicKey: typeof o.logPublicKey === 'string' && o.logPublicKey ? o.logPublicKey : null,
    pinnedLogKeys: pinned,
    disabledSites: strings(o.disabledSites),
    extraSites: strings(o.extraSites),
    traceSites: strings(o.traceSites),
    highlightDensity: HIGHLIGHT_DENSITIES.includes(o.highlightDensity as HighlightDensity) ? (o.highlightDensity as HighlightDensity) : d.highlightDensity,
  };
}

export async function loadSettings(): Promise<StoredSettings> {
  const got = await browser.storage.local.get(SETTINGS_KEY);
  return sanitize(got[SETTINGS_KEY]);
}

export async function saveSettings(s: StoredSettings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: s });
}

export async function updateSettings(change: (s: StoredSettings) => StoredSettings | void): Promise<StoredSettings> {
  const s = await loadSettings();
  const next = change(s) ?? s;
  await saveSettings(next);
  return next;
}

export async function loadApiKey(): Promise<string | null> {
  const got = await browser.storage[apiKeyArea()].get(API_KEY_KEY);
  const v = got[API_KEY_KEY];
  return typeof v === 'string' && v ? v : null;
}

/**
 * The key as an extension page reads it (the side panel's event stream, lib/contributor-events.ts): a page does not
 * know which area the worker chose, so it looks in both; storeApiKey keeps the key in one only.
 */
export async function loadApiKeyInPage(): Promise<string | null> {
  for (const area of ['local', 'session'] as const) {
    const v = (await browser.storage[area].get(API_KEY_KEY))[API_KEY_KEY];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** The storage key the API key is kept under (a page listens for changes to it). */
export const API_KEY_STORAGE_KEY = API_KEY_KEY;
export const SETTINGS_STORAGE_KEY = SETTINGS_KEY;

export async function storeApiKey(key: string | null): Promise<void> {
  // Remove from both areas first so a key never lingers where it was kept before.
  await browser.storage.local.remove(API_KEY_KEY);
  await browser.storage.session.remove(API_KEY_KEY);
  if (key) await browser.storage[apiKeyArea()].set({ [API_KEY_KEY]: key });
}

export async function publicSettings(s?: StoredSettings): Promise<PublicSettings> {
  const settings = s ?? (await loadSettings());
  return {
    endpoint: settings.endpoint,
    hasApiKey: (await loadApiKey()) !== null,
    apiKeyStorage: apiKeyArea(),
    logPublicKey: settings.logPublicKey,
    pinnedLogKeys: settings.pinnedLogKeys,
    disabledSites: settings.disabledSites,
    extraSites: settings.extraSites,
    traceSites: settings.traceSites,
    highlightDensity: settings.highlightDensity,
  };
}
