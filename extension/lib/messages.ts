/**
 * The typed, validated messages between the extension's contexts. Only the background worker talks to the API;
 * content scripts and extension pages ask it through these messages. Every message is validated on arrival
 * (exact keys, types, sizes) and every request is checked against who sent it.
 */
import type { OutputData, TraceData, LineageGraphData } from './api-types';
import type { HighlightDensity } from './settings';
import type { LogVerification } from './log-verify';
import type { LineageDirection } from './queries';
import type { ProposalsResult, VoteResult } from './governance';
import { VOTE_CHOICES, type VoteChoice } from './proposal';

export const MAX_TEXT_LENGTH = 200_000;
const MAX_ID_LENGTH = 512;
const MAX_URL_LENGTH = 2048;
const MAX_KEY_LENGTH = 4096;

// ---------------------------------------------------------------------------------------------------------------
// Results crossing from the worker to content scripts and pages

export type LookupResult =
  | { kind: 'output'; contentHash: string; matchedBy: 'content' | 'words'; output: OutputData; verification: LogVerification }
  | { kind: 'trace'; contentHash: string; text: string; trace: TraceData }
  /** Not a recorded output; its text was not sent. Tracing it needs the user's go (or the site's opt-in). */
  | { kind: 'unrecorded'; contentHash: string }
  | { kind: 'unreachable'; message: string }
  /** The API refused the user's key (HTTP 401): fixed in the options page, not by retrying. */
  | { kind: 'key-rejected'; message: string }
  | { kind: 'error'; message: string };

export type LineageGraphResult =
  | { ok: true; graph: LineageGraphData }
  | { ok: false; unreachable: boolean; keyRejected?: boolean; message: string };

export interface PublicSettings {
  endpoint: string;
  hasApiKey: boolean;
  /** Where the key is kept: persistent (storage.local, trusted contexts only) or this browser session only. */
  apiKeyStorage: 'local' | 'session';
  logPublicKey: string | null;
  pinnedLogKeys: Record<string, string>;
  disabledSites: string[];
  extraSites: string[];
  traceSites: string[];
  highlightDensity: HighlightDensity;
}

/** What the side panel shows; the worker writes it to storage.session (trusted contexts only). */
export interface PanelTarget {
  of: string;
  label: string;
  at: number;
}

export const PANEL_TARGET_KEY = 'panelTarget';

// ---------------------------------------------------------------------------------------------------------------
// Requests to the worker

export type Request =
  /** `trace`: the user asked for a trace of this text (a click on the chip), so the text may be sent. */
  | { type: 'strata:lookup'; text: string; trace?: boolean }
  | { type: 'strata:site-state' }
  | { type: 'strata:set-site-enabled'; enabled: boolean; host?: string }
  /** Opt in (or out) of tracing this site's unrecorded answers without asking each time. */
  | { type: 'strata:set-site-trace'; enabled: boolean; host?: string }
  | { type: 'strata:open-panel'; of: string; label?: string }
  | { type: 'strata:lineage-graph'; of: string; direction: LineageDirection; maxDepth: number; maxNodes: number }
  | { type: 'strata:get-settings' }
  | {
      type: 'strata:save-settings';
      endpoint?: string;
      apiKey?: string | null;
      logPublicKey?: string | null;
      clearPinnedKeys?: boolean;
      extraSites?: string[];
      highlightDensity?: HighlightDensity;
    }
  | { type: 'strata:clear-cache' }
  /** The Governance view: the open proposals with their impact (docs/architecture.md#the-extensions-governance-view). */
  | { type: 'strata:proposals' }
  /** A vote with the saved key; the page keeps one idempotency key per intended vote, so a retry counts once. */
  | { type: 'strata:cast-vote'; proposalId: string; choice: VoteChoice; idempotencyKey: string }
  /** The options page, where a rejected key is replaced (content scripts cannot open it themselves). */
  | { type: 'strata:open-options' };

export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

export interface ResponseMap {
  'strata:lookup': LookupResult;
  'strata:site-state': { enabled: boolean; trace: boolean; highlightDensity: HighlightDensity };
  'strata:set-site-enabled': { ok: boolean; host: string };
  'strata:set-site-trace': { ok: boolean; host: string };
  'strata:open-panel': { ok: boolean; message?: string };
  'strata:lineage-graph': LineageGraphResult;
  'strata:get-settings': PublicSettings;
  'strata:save-settings': { ok: boolean; message?: string; settings?: PublicSettings };
  'strata:clear-cache': { ok: true };
  'strata:open-options': { ok: true };
  'strata:proposals': ProposalsResult;
  'strata:cast-vote': VoteResult;
}

/** Messages the worker sends to content scripts (tabs.sendMessage). */
export type TabMessage =
  | { type: 'strata:site-state-changed'; host: string; enabled: boolean }
  | { type: 'strata:site-trace-changed'; host: string; enabled: boolean }
  | { type: 'strata:selection-result'; text: string; result: LookupResult };

// ---------------------------------------------------------------------------------------------------------------
// Validation

export class MessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageError';
  }
}

type Obj = Record<string, unknown>;

function plainObject(v: unknown): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new MessageError('message must be an object');
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw new MessageError('message must be a plain object');
  return v as Obj;
}

function onlyKeys(o: Obj, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new MessageError(`unexpected field "${k}"`);
}

function string(o: Obj, key: string, max: number, { optional = false, nonEmpty = true } = {}): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new MessageError(`"${key}" must be a string`);
  if (v.length > max) throw new MessageError(`"${key}" is too long`);
  if (nonEmpty && v.length === 0) throw new MessageError(`"${key}" must not be empty`);
  return v;
}

function nullableString(o: Obj, key: string, max: number): string | null | undefined {
  if (o[key] === null) return null;
  return string(o, key, max, { optional: true, nonEmpty: false });
}

function integer(o: Obj, key: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new MessageError(`"${key}" must be an integer in [${min}, ${max}]`);
  }
  return v;
}

const HOST_PATTERN = /^[a-z0-9.-]{1,253}(?::\d{1,5})?$/;

export function isValidHost(host: string): boolean {
  return HOST_PATTERN.test(host) && !host.startsWith('.') && !host.includes('..');
}

/** Parses an untrusted value into a Request, or throws MessageError. */
export function parseRequest(value: unknown): Request {
  const o = plainObject(value);
  switch (o.type) {
    case 'strata:lookup': {
      onlyKeys(o, ['type', 'text', 'trace']);
      const text = string(o, 'text', MAX_TEXT_LENGTH)!;
      if (o.trace === undefined) return { type: o.type, text };
      if (typeof o.trace !== 'boolean') throw new MessageError('"trace" must be a boolean');
      return { type: o.type, text, trace: o.trace };
    }
    case 'strata:site-state':
      onlyKeys(o, ['type']);
      return { type: o.type };
    case 'strata:set-site-enabled':
    case 'strata:set-site-trace': {
      onlyKeys(o, ['type', 'enabled', 'host']);
      if (typeof o.enabled !== 'boolean') throw new MessageError('"enabled" must be a boolean');
      const host = string(o, 'host', 260, { optional: true });
      if (host !== undefined && !isValidHost(host)) throw new MessageError('"host" is not a host name');
      return host === undefined ? { type: o.type, enabled: o.enabled } : { type: o.type, enabled: o.enabled, host };
    }
    case 'strata:open-panel': {
      onlyKeys(o, ['type', 'of', 'label']);
      const label = string(o, 'label', 500, { optional: true, nonEmpty: false });
      const of = string(o, 'of', MAX_ID_LENGTH)!;
      return label === undefined ? { type: o.type, of } : { type: o.type, of, label };
    }
    case 'strata:lineage-graph': {
      onlyKeys(o, ['type', 'of', 'direction', 'maxDepth', 'maxNodes']);
      if (o.direction !== 'UPSTREAM' && o.direction !== 'DOWNSTREAM') {
        throw new MessageError('"direction" must be UPSTREAM or DOWNSTREAM');
      }
      return {
        type: o.type,
        of: string(o, 'of', MAX_ID_LENGTH)!,
        direction: o.direction,
        maxDepth: integer(o, 'maxDepth', 1, 6),
        maxNodes: integer(o, 'maxNodes', 1, 500),
      };
    }
    case 'strata:get-settings':
      onlyKeys(o, ['type']);
      return { type: o.type };
    case 'strata:save-settings': {
      onlyKeys(o, ['type', 'endpoint', 'apiKey', 'logPublicKey', 'clearPinnedKeys', 'extraSites', 'highlightDensity']);
      const out: RequestOf<'strata:save-settings'> = { type: o.type };
      const endpoint = string(o, 'endpoint', MAX_URL_LENGTH, { optional: true });
      if (endpoint !== undefined) out.endpoint = endpoint;
      const apiKey = nullableString(o, 'apiKey', MAX_KEY_LENGTH);
      if (apiKey !== undefined) out.apiKey = apiKey;
      const logPublicKey = nullableString(o, 'logPublicKey', MAX_KEY_LENGTH);
      if (logPublicKey !== undefined) out.logPublicKey = logPublicKey;
      if (o.clearPinnedKeys !== undefined) {
        if (typeof o.clearPinnedKeys !== 'boolean') throw new MessageError('"clearPinnedKeys" must be a boolean');
        out.clearPinnedKeys = o.clearPinnedKeys;
      }
      if (o.extraSites !== undefined) {
        if (!Array.isArray(o.extraSites) || o.extraSites.length > 100) throw new MessageError('"extraSites" must be a list');
        out.extraSites = o.extraSites.map((s) => {
          if (typeof s !== 'string' || !isValidHost(s)) throw new MessageError('"extraSites" must list host names');
          return s;
        });
      }
      if (o.highlightDensity !== undefined) {
        if (o.highlightDensity !== 'all' && o.highlightDensity !== 'long' && o.highlightDensity !== 'none') {
          throw new MessageError('"highlightDensity" must be all, long or none');
        }
        out.highlightDensity = o.highlightDensity;
      }
      return out;
    }
    case 'strata:proposals':
      onlyKeys(o, ['type']);
      return { type: o.type };
    case 'strata:cast-vote': {
      onlyKeys(o, ['type', 'proposalId', 'choice', 'idempotencyKey']);
      if (!VOTE_CHOICES.includes(o.choice as VoteChoice)) throw new MessageError('"choice" must be YES, NO or ABSTAIN');
      const idempotencyKey = string(o, 'idempotencyKey', 128)!;
      if (!/^[\x20-\x7e]+$/.test(idempotencyKey)) throw new MessageError('"idempotencyKey" must be printable ASCII');
      return { type: o.type, proposalId: string(o, 'proposalId', MAX_ID_LENGTH)!, choice: o.choice as VoteChoice, idempotencyKey };
    }
    case 'strata:clear-cache':
    case 'strata:open-options':
      onlyKeys(o, ['type']);
      return { type: o.type };
    default:
      throw new MessageError('unknown message type');
  }
}

/** Parses an untrusted value into a message for a content script, or throws MessageError. */
export function parseTabMessage(value: unknown): TabMessage {
  const o = plainObject(value);
  switch (o.type) {
    case 'strata:site-state-changed':
    case 'strata:site-trace-changed':
      onlyKeys(o, ['type', 'host', 'enabled']);
      if (typeof o.enabled !== 'boolean') throw new MessageError('"enabled" must be a boolean');
      return { type: o.type, host: string(o, 'host', 260)!, enabled: o.enabled };
    case 'strata:selection-result': {
      onlyKeys(o, ['type', 'text', 'result']);
      const result = plainObject(o.result);
      if (!['output', 'trace', 'unrecorded', 'unreachable', 'key-rejected', 'error'].includes(result.kind as string)) {
        throw new MessageError('"result" is not a lookup result');
      }
      return { type: o.type, text: string(o, 'text', MAX_TEXT_LENGTH)!, result: result as unknown as LookupResult };
    }
    default:
      throw new MessageError('unknown message type');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sender checks

export interface SenderLike {
  id?: string | undefined;
  url?: string | undefined;
  origin?: string | undefined;
  tab?: { id?: number | undefined; url?: string | undefined } | undefined;
  frameId?: number | undefined;
}

export type SenderKind = 'content' | 'extension-page';

/**
 * Who sent a message: one of our content scripts (in a web page tab), one of our own pages (options, side panel),
 * or nobody we listen to (null). `extensionOrigin` is `chrome-extension://<id>/`.
 */
export function classifySender(sender: SenderLike, runtimeId: string, extensionOrigin: string): SenderKind | null {
  if (!sender || sender.id !== runtimeId) return null;
  const url = sender.url ?? '';
  if (url.startsWith(extensionOrigin)) return 'extension-page';
  if (sender.tab && typeof sender.tab.id === 'number' && /^https?:\/\//.test(url)) return 'content';
  return null;
}

const ALLOWED: Record<RequestType, readonly SenderKind[]> = {
  'strata:lookup': ['content', 'extension-page'],
  'strata:site-state': ['content'],
  'strata:set-site-enabled': ['content', 'extension-page'],
  'strata:set-site-trace': ['content', 'extension-page'],
  'strata:open-panel': ['content', 'extension-page'],
  'strata:lineage-graph': ['extension-page'],
  'strata:get-settings': ['extension-page'],
  'strata:save-settings': ['extension-page'],
  'strata:clear-cache': ['extension-page'],
  'strata:open-options': ['content', 'extension-page'],
  // Only our own pages: a web page must never be able to vote with the user's key.
  'strata:proposals': ['extension-page'],
  'strata:cast-vote': ['extension-page'],
};

export function isAllowed(type: RequestType, kind: SenderKind): boolean {
  return ALLOWED[type].includes(kind);
}

/** The host (with port, if any) of a sender's page, e.g. `127.0.0.1:5173`. */
export function senderHost(sender: SenderLike): string | null {
  try {
    return new URL(sender.url ?? '').host || null;
  } catch {
    return null;
  }
}
