import { describe, expect, it } from 'vitest';
import { classifySender, isAllowed, MAX_TEXT_LENGTH, parseRequest, parseTabMessage, senderHost } from '../../../extension/lib/messages';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('request validation', () => {
  it('accepts well-formed requests', () => {
    expect(parseRequest({ type: 'strata:lookup', text: 'hi' })).toEqual({ type: 'strata:lookup', text: 'hi' });
    expect(parseRequest({ type: 'strata:lineage-graph', of: 'x', direction: 'UPSTREAM', maxDepth: 2, maxNodes: 100 })).toMatchObject({ of: 'x' });
    expect(parseRequest({ type: 'strata:save-settings', endpoint: 'http://localhost:4000/graphql', apiKey: null })).toEqual({
      type: 'strata:save-settings',
      endpoint: 'http://localhost:4000/graphql',
      apiKey: null,
    });
    expect(parseRequest({ type: 'strata:set-site-enabled', enabled: false, host: '127.0.0.1:8080' })).toMatchObject({ host: '127.0.0.1:8080' });
  });

  it.each([
    ['not an object', 'strata:lookup'],
    ['an array', ['strata:lookup']],
    ['unknown type', { type: 'strata:steal-key' }],
    ['extra field', { type: 'strata:lookup', text: 'x', apiKey: 'k' }],
    ['wrong type', { type: 'strata:lookup', text: 42 }],
    ['empty text', { type: 'strata:lookup', text: '' }],
    ['too long text', { type: 'strata:lookup', text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }],
    ['bad direction', { type: 'strata:lineage-graph', of: 'x', direction: 'SIDEWAYS', maxDepth: 2, maxNodes: 10 }],
    ['depth over the cap', { type: 'strata:lineage-graph', of: 'x', direction: 'UPSTREAM', maxDepth: 60, maxNodes: 10 }],
    ['bad host', { type: 'strata:set-site-enabled', enabled: true, host: 'javascript:alert(1)' }],
    ['class instance', new (class X { type = 'strata:lookup'; text = 'x'; })()],
  ])('rejects %s', (_name, value) => {
    expect(() => parseRequest(value)).toThrow();
  });

  it('validates messages to content scripts', () => {
    expect(parseTabMessage({ type: 'strata:site-state-changed', host: 'a.b', enabled: false })).toEqual({ type: 'strata:site-state-changed', host: 'a.b', enabled: false });
    expect(() => parseTabMessage({ type: 'strata:selection-result', text: 'x', result: { kind: 'evil' } })).toThrow();
    expect(() => parseTabMessage({ type: 'strata:lookup', text: 'x' })).toThrow();
  });
});

describe('sender checks', () => {
  const tab = { id: 7, url: 'https://chatgpt.com/c/1' };
  it('classifies content scripts, extension pages and strangers', () => {
    expect(classifySender({ id: ID, url: 'https://chatgpt.com/c/1', tab }, ID, ORIGIN)).toBe('content');
    expect(classifySender({ id: ID, url: `${ORIGIN}sidepanel.html` }, ID, ORIGIN)).toBe('extension-page');
    expect(classifySender({ id: 'another-extension', url: `${ORIGIN}x.html` }, ID, ORIGIN)).toBeNull();
    expect(classifySender({ id: ID, url: 'file:///etc/passwd', tab }, ID, ORIGIN)).toBeNull();
    expect(classifySender({ id: ID, url: 'https://x.org/' }, ID, ORIGIN)).toBeNull(); // no tab: not a content script
  });

  it('lets content scripts only look up, ask about and switch off their own site, and open the panel', () => {
    expect(isAllowed('strata:lookup', 'content')).toBe(true);
    expect(isAllowed('strata:open-panel', 'content')).toBe(true);
    expect(isAllowed('strata:get-settings', 'content')).toBe(false);
    expect(isAllowed('strata:save-settings', 'content')).toBe(false);
    expect(isAllowed('strata:lineage-graph', 'content')).toBe(false);
    expect(isAllowed('strata:save-settings', 'extension-page')).toBe(true);
    expect(senderHost({ url: 'http://127.0.0.1:5173/page' })).toBe('127.0.0.1:5173');
  });
});
