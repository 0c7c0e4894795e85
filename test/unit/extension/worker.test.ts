import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { LookupService } from '../../../extension/lib/lookup';
import type { LookupResult, SenderLike } from '../../../extension/lib/messages';
import { contentHash, normalizeText } from '../../../extension/lib/normalize';
import { DEFAULT_ENDPOINT, loadApiKey, loadSettings, updateSettings } from '../../../extension/lib/settings';
import { handleMessage, type WorkerDeps } from '../../../extension/lib/worker';
import { buildLog, makeKey } from './support/log';
import { wordsHash } from '../../../api/attribution/trace/words-hash';

const ANSWER = 'The quick brown fox jumps over the lazy dog. It was a sunny day.';
const OUTPUT_ID = 'T3V0cHV0OjE=';

interface Call {
  op: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
  url: string;
}

/** A scripted GraphQL API: answers by operation name. */
function fakeApi(opts: { known?: Map<string, unknown>; knownWords?: Map<string, unknown>; log?: ReturnType<typeof buildLog>; down?: () => boolean }) {
  const calls: Call[] = [];
  const fetchImpl = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    if (opts.down?.()) throw new TypeError('Failed to fetch');
    const body = JSON.parse(String(init!.body)) as { query: string; variables: Record<string, unknown> };
    const op = /query (\w+)/.exec(body.query)![1]!;
    calls.push({ op, variables: body.variables, headers: init!.headers as Record<string, string>, url: String(url) });
    let data: unknown;
    if (op === 'StrataLogCheckpoint') data = { logCheckpoint: opts.log?.checkpoint ?? null };
    else if (op === 'StrataOutputByContent') {
      const out = opts.known?.get(body.variables.contentHash as string) ?? null;
      data = { outputByContent: out && { ...(out as object), logEntry: opts.log?.logEntry ?? null } };
    } else if (op === 'StrataOutputByWords') {
      const out = opts.knownWords?.get(body.variables.wordsHash as string) ?? null;
      data = { outputByContent: out && { ...(out as object), logEntry: opts.log?.logEntry ?? null } };
    } else if (op === 'StrataTraceText') {
      const text = body.variables.text as string;
      const start = text.indexOf('quick brown fox jumps');
      data = {
        traceText: {
          spans: start < 0 ? [] : [{ start, end: start + 21, text: 'quick brown fox jumps', records: [{ id: 'rec-1', datanet: { id: 'dn-1', name: 'Fables' } }] }],
          attribution: {
            method: 'span-owen', methodVersion: '1', coverage: start < 0 ? 0 : 0.37,
            datanets: start < 0 ? [] : [{ datanet: { id: 'dn-1', name: 'Fables' }, share: 1 }],
            adapters: [], contributors: [], records: [], spans: [],
          },
        },
      };
    } else if (op === 'StrataLineageGraph') {
      data = { lineageGraph: { nodes: [{ id: body.variables.of, kind: 'Output', label: 'answer' }], edges: [], frontier: [] } };
    }
    return new Response(JSON.stringify({ data }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return { fetchImpl: fetchImpl as unknown as typeof fetch, calls };
}

async function outputFor(text: string) {
  const hash = await contentHash(text);
  return {
    hash,
    output: {
      id: OUTPUT_ID,
      contentHash: hash,
      text: normalizeText(text),
      attribution: {
        method: 'span-owen', methodVersion: '1', coverage: 0.8,
        datanets: [{ datanet: { id: 'dn-1', name: 'Fables' }, share: 0.7 }, { datanet: { id: 'dn-2', name: 'Weather' }, share: 0.3 }],
        adapters: [{ adapter: { id: 'ad-1', name: 'story-lora' }, share: 1 }],
        contributors: [{ contributor: { id: 'c-1', handle: 'ada' }, share: 1 }],
        records: [{ record: { id: 'rec-1' }, share: 1 }],
        spans: [],
      },
    },
  };
}

function makeDeps(fetchImpl: typeof fetch): WorkerDeps & { notified: unknown[]; granted: Set<string> } {
  const notified: unknown[] = [];
  const granted = new Set<string>();
  const lookup = new LookupService({
    fetchImpl,
    config: async () => {
      const s = await loadSettings();
      return { endpoint: s.endpoint, apiKey: await loadApiKey(), logPublicKey: s.logPublicKey, pinnedLogKeys: s.pinnedLogKeys };
    },
    pinLogKey: async (scope, key) => {
      await updateSettings((s) => {
        s.pinnedLogKeys = { ...s.pinnedLogKeys, [scope]: key };
      });
    },
  });
  return {
    lookup,
    notified,
    granted,
    openSidePanel: vi.fn(async () => undefined),
    permissionsContain: async (origins) => origins.every((o) => granted.has(o)),
    syncExtraSites: vi.fn(async () => undefined),
    notifyTabs: async (m) => void notified.push(m),
    openOptions: vi.fn(async () => undefined),
  };
}

const contentSender = (url = 'http://127.0.0.1:8123/chatgpt.html'): SenderLike => ({ id: fakeBrowser.runtime.id, url, tab: { id: 3, url } });
const pageSender = (): SenderLike => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/sidepanel.html') });

beforeEach(() => {
  fakeBrowser.reset();
});

describe('the worker answers lookups', () => {
  it('finds a recorded output by content hash and verifies its log inclusion', async () => {
    const { hash, output } = await outputFor(ANSWER);
    const api = fakeApi({ known: new Map([[hash, output]]), log: buildLog({ outputId: OUTPUT_ID, contentHash: hash }) });
    const deps = makeDeps(api.fetchImpl);
    const res = await handleMessage({ type: 'strata:lookup', text: `  ${ANSWER.replace(/ /g, '\n ')}  ` }, contentSender(), deps);
    expect(res.ok).toBe(true);
    const r = (res as { response: LookupResult }).response;
    expect(r.kind).toBe('output');
    if (r.kind !== 'output') return;
    expect(r.output.attribution!.datanets.map((d) => [d.item.name, d.share])).toEqual([['Fables', 0.7], ['Weather', 0.3]]);
    expect(r.verification).toMatchObject({ state: 'verified', index: '3' });
    expect(api.calls.map((c) => c.op)).toEqual(['StrataLogCheckpoint', 'StrataOutputByContent']);
    expect(api.calls[1]!.variables).toEqual({ contentHash: hash, treeSize: '5', withProof: true });
    expect(api.calls[0]!.url).toBe(DEFAULT_ENDPOINT);
  });

  it('sends only hashes for unknown text; traces it (normalised) only when asked, and caches per content hash', async () => {
    const api = fakeApi({});
    const deps = makeDeps(api.fetchImpl);
    const unrecorded = await deps.lookup.lookup(ANSWER);
    expect(unrecorded).toEqual({ kind: 'unrecorded', contentHash: await contentHash(ANSWER) });
    expect(api.calls.map((c) => c.op)).toEqual(['StrataLogCheckpoint', 'StrataOutputByContent', 'StrataOutputByWords']);
    expect(api.calls[2]!.variables).toMatchObject({ wordsHash: await wordsHash(ANSWER) });
    // No request so far carried the text.
    expect(api.calls.some((c) => JSON.stringify(c.variables).includes('quick brown'))).toBe(false);
    expect(deps.lookup.textRequests).toBe(0);

    const first = await deps.lookup.lookup(ANSWER, { trace: true });
    expect(first.kind).toBe('trace');
    expect(api.calls.map((c) => c.op).slice(3)).toEqual(['StrataLogCheckpoint', 'StrataOutputByContent', 'StrataOutputByWords', 'StrataTraceText']);
    expect(api.calls[6]!.variables).toEqual({ text: normalizeText(ANSWER) });
    expect(deps.lookup.textRequests).toBe(1);
    const again = await deps.lookup.lookup(`\u00a0${ANSWER}\n`); // same normalised text, same hash
    expect(again).toBe(first);
    expect(api.calls).toHaveLength(7);
  });

  it('finds an output whose markdown the page renders by its words hash, and checks the words itself', async () => {
    const markdown = '## The fox\n\n1. The **quick brown fox** jumps over [the lazy dog](https://example.com/dog).\n2. It was a *sunny* day.';
    const page = 'The fox\nThe quick brown fox jumps over the lazy dog.\nIt was a sunny day.';
    const { output } = await outputFor(markdown);
    const words = (await wordsHash(page))!;
    expect(words).toBe(await wordsHash(markdown));
    const recorded = { ...output, text: markdown };
    const api = fakeApi({ knownWords: new Map([[words, recorded]]), log: buildLog({ outputId: OUTPUT_ID, contentHash: output.contentHash }) });
    const deps = makeDeps(api.fetchImpl);
    const r = await deps.lookup.lookup(page);
    expect(r).toMatchObject({ kind: 'output', matchedBy: 'words', contentHash: await contentHash(page), output: { id: OUTPUT_ID, text: markdown } });
    expect(r.kind === 'output' && r.verification.state).toBe('verified');
    expect(deps.lookup.textRequests).toBe(0);

    // An API naming an output with other words is caught.
    const liar = fakeApi({ knownWords: new Map([[words, { ...output, text: 'Something else entirely.' }]]) });
    const r2 = await makeDeps(liar.fetchImpl).lookup.lookup(page);
    expect(r2).toEqual({ kind: 'error', message: 'the API answered with a different output' });
  });

  it('sends a page\'s text only when the user asked or opted in for that site', async () => {
    const api = fakeApi({});
    const deps = makeDeps(api.fetchImpl);
    const sender = contentSender('http://127.0.0.1:8123/a.html');
    const ask = (trace?: boolean) => handleMessage(trace === undefined ? { type: 'strata:lookup', text: ANSWER } : { type: 'strata:lookup', text: ANSWER, trace }, sender, deps);
    expect(await ask()).toMatchObject({ ok: true, response: { kind: 'unrecorded' } });
    expect(await ask(false)).toMatchObject({ ok: true, response: { kind: 'unrecorded' } });
    expect(api.calls.filter((c) => c.op === 'StrataTraceText')).toHaveLength(0);
    expect(await handleMessage({ type: 'strata:set-site-trace', enabled: true, host: 'chatgpt.com' }, sender, deps)).toEqual({ ok: true, response: { ok: true, host: '127.0.0.1:8123' } });
    expect(await handleMessage({ type: 'strata:site-state' }, sender, deps)).toEqual({ ok: true, response: { enabled: true, trace: true, highlightDensity: 'all' } });
    expect(await ask()).toMatchObject({ ok: true, response: { kind: 'trace' } });
    expect(deps.notified).toContainEqual({ type: 'strata:site-trace-changed', host: '127.0.0.1:8123', enabled: true });
    // Another site's page is not opted in.
    deps.lookup.clear();
    expect(await handleMessage({ type: 'strata:lookup', text: ANSWER }, contentSender('http://localhost:9000/b.html'), deps)).toMatchObject({ ok: true, response: { kind: 'unrecorded' } });
    expect(await handleMessage({ type: 'strata:lookup', text: ANSWER, trace: 'yes' }, sender, deps)).toEqual({ ok: false, error: '"trace" must be a boolean' });
  });

  it('reports unreachable, does not cache it, and retries for real', async () => {
    let down = true;
    const api = fakeApi({ down: () => down });
    const deps = makeDeps(api.fetchImpl);
    expect((await deps.lookup.lookup(ANSWER)).kind).toBe('unreachable');
    down = false;
    expect((await deps.lookup.lookup(ANSWER)).kind).toBe('unrecorded');
  });

  it('a 401 UNAUTHENTICATED answer is "key rejected", not "unreachable", and is not cached', async () => {
    let rejected = true;
    const api = fakeApi({});
    const fetchImpl: typeof fetch = async (input, init) => {
      if (!rejected) return api.fetchImpl(input, init);
      const body = { errors: [{ message: 'Unknown or revoked API key', extensions: { code: 'UNAUTHENTICATED' } }] };
      return new Response(JSON.stringify(body), { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="strata"' } });
    };
    const deps = makeDeps(fetchImpl);
    expect(await deps.lookup.lookup(ANSWER)).toEqual({ kind: 'key-rejected', message: 'Unknown or revoked API key' });
    expect(await deps.lookup.lineageGraph({ of: 'Output:x', direction: 'UPSTREAM', maxDepth: 2, maxNodes: 60 })).toMatchObject({ ok: false, unreachable: false, keyRejected: true });
    rejected = false;
    expect((await deps.lookup.lookup(ANSWER)).kind).toBe('unrecorded');
    // Content scripts may ask the worker to open the options page (they cannot themselves).
    expect(await handleMessage({ type: 'strata:open-options' }, contentSender('http://127.0.0.1:8123/a.html'), deps)).toEqual({ ok: true, response: { ok: true } });
    expect(deps.openOptions).toHaveBeenCalledOnce();
  });

  it('pins the log key on first use and reports a changed key', async () => {
    const { hash, output } = await outputFor(ANSWER);
    const api = fakeApi({ known: new Map([[hash, output]]), log: buildLog({ outputId: OUTPUT_ID, contentHash: hash }) });
    const deps = makeDeps(api.fetchImpl);
    await deps.lookup.lookup(ANSWER);
    expect(Object.keys((await loadSettings()).pinnedLogKeys)).toEqual([`${DEFAULT_ENDPOINT} strata.test/log`]);

    const other = await outputFor(`${ANSWER} More.`);
    const api2 = fakeApi({ known: new Map([[other.hash, other.output]]), log: buildLog({ outputId: OUTPUT_ID, contentHash: other.hash, key: makeKey() }) });
    const deps2 = makeDeps(api2.fetchImpl);
    const r = await deps2.lookup.lookup(`${ANSWER} More.`);
    expect(r.kind === 'output' && r.verification).toMatchObject({ state: 'failed', reason: expect.stringMatching(/differs from the pinned/) });
  });
});

describe('the worker checks who asks', () => {
  it('refuses strangers and requests a sender may not make', async () => {
    const deps = makeDeps(fakeApi({}).fetchImpl);
    expect(await handleMessage({ type: 'strata:lookup', text: 'x' }, { id: 'other-extension', url: 'https://a.b/', tab: { id: 1 } }, deps)).toEqual({ ok: false, error: 'unknown sender' });
    expect(await handleMessage({ type: 'strata:get-settings' }, contentSender(), deps)).toMatchObject({ ok: false, error: /not allowed from content/ });
    expect(await handleMessage({ type: 'strata:lookup', text: 'x', extra: 1 }, contentSender(), deps)).toMatchObject({ ok: false, error: /unexpected field/ });
  });

  it('keeps the API key away from content scripts and pages, and sends it as a bearer token', async () => {
    const api = fakeApi({});
    const deps = makeDeps(api.fetchImpl);
    const saved = await handleMessage({ type: 'strata:save-settings', apiKey: 's3cret-key' }, pageSender(), deps);
    expect(saved).toMatchObject({ ok: true, response: { ok: true, settings: { hasApiKey: true } } });
    expect(JSON.stringify(saved)).not.toContain('s3cret-key');
    const got = await handleMessage({ type: 'strata:get-settings' }, pageSender(), deps);
    expect(JSON.stringify(got)).not.toContain('s3cret-key');
    await deps.lookup.lookup(ANSWER);
    expect(api.calls[0]!.headers.authorization).toBe('Bearer s3cret-key');
    // Without setAccessLevel support (the fake browser), the key lives in session storage, not local.
    expect(await fakeBrowser.storage.local.get('apiKey')).toEqual({});
  });

  it('needs a granted host permission for another endpoint', async () => {
    const deps = makeDeps(fakeApi({}).fetchImpl);
    const endpoint = 'https://strata.example.org/graphql';
    expect(await handleMessage({ type: 'strata:save-settings', endpoint }, pageSender(), deps)).toMatchObject({ response: { ok: false, message: /no permission/ } });
    deps.granted.add('https://strata.example.org/*');
    expect(await handleMessage({ type: 'strata:save-settings', endpoint }, pageSender(), deps)).toMatchObject({ response: { ok: true } });
    expect((await loadSettings()).endpoint).toBe(endpoint);
    // localhost needs nothing
    expect(await handleMessage({ type: 'strata:save-settings', endpoint: 'http://127.0.0.1:4100/graphql' }, pageSender(), deps)).toMatchObject({ response: { ok: true } });
  });

  it('lets a page switch off only its own site', async () => {
    const deps = makeDeps(fakeApi({}).fetchImpl);
    const sender = contentSender('http://127.0.0.1:8123/a.html');
    expect(await handleMessage({ type: 'strata:site-state' }, sender, deps)).toEqual({ ok: true, response: { enabled: true, trace: false, highlightDensity: 'all' } });
    const off = await handleMessage({ type: 'strata:set-site-enabled', enabled: false, host: 'chatgpt.com' }, sender, deps);
    expect(off).toEqual({ ok: true, response: { ok: true, host: '127.0.0.1:8123' } });
    expect(await handleMessage({ type: 'strata:site-state' }, sender, deps)).toEqual({ ok: true, response: { enabled: false, trace: false, highlightDensity: 'all' } });
    expect(deps.notified).toEqual([{ type: 'strata:site-state-changed', host: '127.0.0.1:8123', enabled: false }]);
    await handleMessage({ type: 'strata:set-site-enabled', enabled: true, host: '127.0.0.1:8123' }, pageSender(), deps);
    expect((await loadSettings()).disabledSites).toEqual([]);
  });

  it('opens the side panel on the sender tab with the chosen target', async () => {
    const deps = makeDeps(fakeApi({}).fetchImpl);
    expect(await handleMessage({ type: 'strata:open-panel', of: OUTPUT_ID, label: 'this output' }, contentSender(), deps)).toEqual({ ok: true, response: { ok: true } });
    expect(deps.openSidePanel).toHaveBeenCalledWith({ tabId: 3 });
    expect(await fakeBrowser.storage.session.get('panelTarget')).toMatchObject({ panelTarget: { of: OUTPUT_ID, label: 'this output' } });
  });

  it('serves lineage graphs to extension pages only', async () => {
    const deps = makeDeps(fakeApi({}).fetchImpl);
    const req = { type: 'strata:lineage-graph', of: OUTPUT_ID, direction: 'UPSTREAM', maxDepth: 2, maxNodes: 50 };
    expect(await handleMessage(req, contentSender(), deps)).toMatchObject({ ok: false });
    expect(await handleMessage(req, pageSender(), deps)).toMatchObject({ ok: true, response: { ok: true, graph: { nodes: [{ id: OUTPUT_ID }] } } });
  });
});
