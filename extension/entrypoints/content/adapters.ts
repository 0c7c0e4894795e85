/**
 * Where AI answers are on a page: a small data table of site adapters, each with fallback selectors (tried in order;
 * the first that matches anything wins, so a renamed class falls back to an older or more generic one), plus the
 * page protocol any site can use: an element with `data-ai-output` (its value, if any, is a Strata output id).
 *
 * "Finished" is decided by the watcher from these indicators plus a quiet period without mutations.
 */

export interface SiteAdapter {
  id: 'chatgpt' | 'claude' | 'gemini' | 'protocol';
  name: string;
  /** Host names the adapter is made for; it is tried first there. All adapters are tried on every page we run on. */
  hosts: readonly string[];
  /** Answer root selectors, in order of preference. */
  answers: readonly string[];
  /**
   * Where the answer's text lives inside its root: every element matching the first selector that matches anything
   * (an answer may have several blocks, e.g. Claude's markdown around an artifact card), outermost only; else the
   * root itself.
   */
  content: readonly string[];
  /** Site chrome inside an answer that is not the answer: code-block labels and toolbars, artifact cards. */
  chrome: readonly string[];
  /** Matching the root, inside it or around it: the answer is still being written. */
  streaming: readonly string[];
  /** Anywhere on the page (a stop button): the last answer of this adapter is still being written. */
  streamingPage: readonly string[];
}

export const SITE_ADAPTERS: readonly SiteAdapter[] = [
  {
    id: 'chatgpt',
    name: 'ChatGPT',
    hosts: ['chatgpt.com', 'chat.openai.com'],
    answers: ['[data-message-author-role="assistant"]', '.agent-turn [data-message-id]'],
    content: ['.markdown', '[class*="markdown"]'],
    // The code block's header (language label, "Copy code") sits inside <pre>, above the <code>; see CHROME too.
    chrome: ['pre > div > div:first-child:not(:has(code))', '[data-testid="webpage-citation-pill"]'],
    streaming: ['.result-streaming', '.streaming-animation', '[data-is-streaming="true"]'],
    streamingPage: ['button[data-testid="stop-button"]', 'button[aria-label="Stop streaming"]', 'button[aria-label="Stop generating"]'],
  },
  {
    id: 'claude',
    name: 'Claude',
    hosts: ['claude.ai'],
    answers: ['.font-claude-response', '.font-claude-message', '[data-testid="assistant-message"]'],
    content: ['.standard-markdown', '.progressive-markdown', '.grid-cols-1'],
    chrome: ['.artifact-block-cell', '[data-testid="artifact-card"]', '.code-block__header', '[class*="code-block"] > div:first-child:not(:has(code))'],
    streaming: ['[data-is-streaming="true"]'],
    streamingPage: ['button[aria-label="Stop response"]', 'button[aria-label="Stop Response"]'],
  },
  {
    id: 'gemini',
    name: 'Gemini',
    hosts: ['gemini.google.com'],
    answers: ['model-response', '.model-response-container', '[data-test-id="model-response"]'],
    content: ['message-content .markdown', '.model-response-text', 'message-content'],
    chrome: ['.code-block-decoration', '.table-footer', 'mat-icon', '.export-sheets-button-container', 'sources-carousel-inline', 'source-footnote'],
    streaming: ['[aria-busy="true"]', '.pending-response'],
    streamingPage: ['button[aria-label="Stop response"]', 'button.send-button.stop', '[data-test-id="stop-button"]'],
  },
  {
    id: 'protocol',
    name: 'data-ai-output',
    hosts: [],
    answers: ['[data-ai-output]'],
    content: [],
    chrome: [],
    streaming: ['[data-ai-output][aria-busy="true"]', '[data-ai-output][data-ai-streaming]'],
    streamingPage: [],
  },
];

/** Adapters in the order to try them on a host: the ones made for it first. */
export function adaptersForHost(host: string, table: readonly SiteAdapter[] = SITE_ADAPTERS): SiteAdapter[] {
  const h = host.toLowerCase().replace(/^www\./, '');
  const own = table.filter((a) => a.hosts.some((x) => h === x || h.endsWith(`.${x}`)));
  return [...own, ...table.filter((a) => !own.includes(a))];
}

export interface FoundAnswer {
  el: Element;
  adapter: SiteAdapter;
}

/** Our own elements (badge hosts, highlight wrappers, tooltips) carry this attribute and are never answers. */
export const STRATA_ATTR = 'data-strata';

function firstMatchingSelector(root: ParentNode, selectors: readonly string[]): { selector: string; found: Element[] } {
  for (const selector of selectors) {
    let found: Element[];
    try {
      found = Array.from(root.querySelectorAll(selector));
    } catch {
      continue; // a selector this DOM cannot parse
    }
    if (found.length > 0) return { selector, found };
  }
  return { selector: '', found: [] };
}

/**
 * All answers under `root`, in document order, each claimed by the first adapter that finds it; answers nested in
 * another answer are dropped (the outer one is the answer).
 */
export function findAnswers(root: ParentNode, adapters: readonly SiteAdapter[]): FoundAnswer[] {
  const claimed = new Map<Element, SiteAdapter>();
  const selectors: string[] = [];
  for (const adapter of adapters) {
    const { selector, found } = firstMatchingSelector(root, adapter.answers);
    if (selector) selectors.push(selector);
    for (const el of found) {
      if (!claimed.has(el) && !el.closest(`[${STRATA_ATTR}]`)) claimed.set(el, adapter);
    }
  }
  if (claimed.size === 0) return [];
  // One combined query gives document order.
  const ordered = Array.from(root.querySelectorAll(selectors.join(', '))).filter((el) => claimed.has(el));
  const outer = ordered.filter((el) => !ordered.some((other) => other !== el && other.contains(el)));
  return outer.map((el) => ({ el, adapter: claimed.get(el)! }));
}

/**
 * Chrome on every site: things styled as unselectable or offered as buttons, and text only for screen readers
 * ("ChatGPT said:"). Buttons, inputs, SVG and hidden parts are skipped by the text reader itself.
 */
export const CHROME: readonly string[] = ['[class~="select-none"]', '[role="button"]', '.sr-only', '[role="toolbar"]'];

/** The elements holding the answer's text, in document order: every block, none inside another or inside chrome. */
export function contentElements(answer: Element, adapter: SiteAdapter): Element[] {
  const { found } = firstMatchingSelector(answer, adapter.content);
  if (found.length === 0) return [answer];
  const chrome = [...CHROME, ...adapter.chrome];
  const blocks = found.filter((el) => !isChrome(el, chrome, answer));
  const outer = blocks.filter((el) => !blocks.some((other) => other !== el && other.contains(el)));
  return outer.length > 0 ? outer : [answer];
}

/** The first content block (the badge and highlights go with the answer; this is for callers wanting one element). */
export function contentElement(answer: Element, adapter: SiteAdapter): Element {
  return contentElements(answer, adapter)[0]!;
}

function matchesAny(el: Element, selectors: readonly string[]): boolean {
  return selectors.some((sel) => {
    try {
      return el.matches(sel);
    } catch {
      return false; // a selector this browser cannot parse (e.g. :has in an old engine)
    }
  });
}

/** Whether `el` or an ancestor up to (not including) `root` is chrome. */
function isChrome(el: Element, chrome: readonly string[], root: Element): boolean {
  for (let n: Element | null = el; n && n !== root; n = n.parentElement) if (matchesAny(n, chrome)) return true;
  return false;
}

/** The test the text reader applies to each element: is it chrome of this adapter (or of every site)? */
export function chromeTest(adapter: SiteAdapter): (el: Element) => boolean {
  const chrome = [...CHROME, ...adapter.chrome];
  return (el) => matchesAny(el, chrome);
}

function matchesAround(el: Element, sel: string): boolean {
  try {
    return el.matches(sel) || el.querySelector(sel) !== null || el.closest(sel) !== null;
  } catch {
    return false;
  }
}

/**
 * Whether an answer is still being written. Page-level indicators (stop buttons) only count for the last answer of
 * that adapter on the page: earlier answers are finished even while a new one streams.
 */
export function isStreaming(answer: Element, adapter: SiteAdapter, isLastOfAdapter: boolean): boolean {
  if (adapter.streaming.some((s) => matchesAround(answer, s))) return true;
  if (!isLastOfAdapter) return false;
  const doc = answer.ownerDocument;
  return adapter.streamingPage.some((s) => {
    try {
      return doc.querySelector(s) !== null;
    } catch {
      return false;
    }
  });
}

/** The Strata output id a page declares through the protocol (`data-ai-output="<id>"`), if any. */
export function declaredOutputId(answer: Element): string | null {
  const v = answer.getAttribute('data-ai-output');
  return v && v.trim() ? v.trim().slice(0, 512) : null;
}

/** `<meta name="strata-annotate" content="off">` turns the extension off for the page. */
export function pageOptedOut(doc: Document): boolean {
  return Array.from(doc.querySelectorAll('meta[name]')).some(
    (m) =>
      (m.getAttribute('name') ?? '').toLowerCase() === 'strata-annotate' &&
      (m.getAttribute('content') ?? '').trim().toLowerCase() === 'off',
  );
}
