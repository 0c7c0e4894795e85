/**
 * The text of an answer as a reader sees it, with a map back to the DOM text nodes it came from, so traced spans
 * (offsets into that text) can be highlighted in place. Block elements and <br> become line breaks (which the
 * normalisation turns into single spaces), our own UI is skipped, and so are buttons, scripts and hidden parts.
 */
import { STRATA_ATTR } from './adapters';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'BUTTON', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'SELECT', 'TEXTAREA', 'INPUT']);
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION',
  'SUMMARY', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'UL', 'CAPTION',
]);
const CELL = new Set(['TD', 'TH']);

export interface TextSegment {
  node: Text;
  /** Offset of the node's first character in the extracted text. */
  start: number;
}

export interface ExtractedText {
  text: string;
  segments: TextSegment[];
}

function isHidden(el: Element): boolean {
  return el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
}

/**
 * The text of one element or of several blocks (one answer split around an artifact card, say), blocks separated by
 * a line break. `isChrome` names site chrome to skip (code labels, copy buttons, cards). Inside a <pre> that holds
 * <code>, only the code is read: sites put the language label and the copy button beside it, in the <pre>.
 */
export function extractText(roots: Element | readonly Element[], isChrome: (el: Element) => boolean = () => false): ExtractedText {
  let text = '';
  const segments: TextSegment[] = [];
  const walkCode = (pre: Element): void => {
    const codes = Array.from(pre.querySelectorAll('code')).filter((c) => !c.parentElement?.closest('code'));
    for (const code of codes) {
      text += '\n';
      for (let c = code.firstChild; c; c = c.nextSibling) walk(c);
      text += '\n';
    }
  };
  const walk = (node: Node): void => {
    if (node.nodeType === TEXT_NODE) {
      const t = node as Text;
      if (t.data.length > 0) {
        segments.push({ node: t, start: text.length });
        text += t.data;
      }
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag) || (el.hasAttribute(STRATA_ATTR) && !el.hasAttribute('data-strata-span')) || isHidden(el) || isChrome(el)) return;
    if (tag === 'PRE' && el.querySelector('code')) {
      walkCode(el);
      return;
    }
    if (tag === 'BR') {
      text += '\n';
      return;
    }
    const block = BLOCK.has(tag);
    if (block) text += '\n';
    else if (CELL.has(tag)) text += '\t';
    for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
    if (block) text += '\n';
  };
  const list = Array.isArray(roots) ? roots : [roots as Element];
  list.forEach((root, i) => {
    if (i > 0) text += '\n';
    for (let c = root.firstChild; c; c = c.nextSibling) walk(c);
  });
  return { text, segments };
}

export interface HighlightRange {
  start: number;
  end: number;
  /** Index of the span this range shows (the wrapper carries it as data-strata-span). */
  span: number;
}

/**
 * Wraps the extracted-text ranges in <strata-mark> elements (text nodes are split, never re-parsed: no HTML is
 * ever produced from page or API strings). Overlapping ranges are clipped so each character is wrapped once.
 * Returns the wrappers, grouped by span index.
 */
export function wrapRanges(extracted: ExtractedText, ranges: HighlightRange[], doc: Document): Map<number, Element[]> {
  const out = new Map<number, Element[]>();
  // Pieces per text node: [localStart, localEnd, span].
  const perNode = new Map<Text, [number, number, number][]>();
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  let covered = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, covered);
    if (r.end <= start) continue;
    covered = r.end;
    for (const seg of extracted.segments) {
      const segEnd = seg.start + seg.node.data.length;
      if (segEnd <= start || seg.start >= r.end) continue;
      const a = Math.max(start, seg.start) - seg.start;
      const b = Math.min(r.end, segEnd) - seg.start;
      if (b <= a) continue;
      if (!perNode.has(seg.node)) perNode.set(seg.node, []);
      perNode.get(seg.node)!.push([a, b, r.span]);
    }
  }
  for (const [node, pieces] of perNode) {
    const parent = node.parentNode;
    if (!parent) continue;
    pieces.sort((x, y) => x[0] - y[0]);
    const data = node.data;
    const frag = doc.createDocumentFragment();
    let at = 0;
    for (const [a, b, span] of pieces) {
      if (a > at) frag.appendChild(doc.createTextNode(data.slice(at, a)));
      const mark = doc.createElement('strata-mark');
      mark.setAttribute(STRATA_ATTR, '');
      mark.setAttribute('data-strata-span', String(span));
      mark.appendChild(doc.createTextNode(data.slice(a, b)));
      frag.appendChild(mark);
      if (!out.has(span)) out.set(span, []);
      out.get(span)!.push(mark);
      at = b;
    }
    if (at < data.length) frag.appendChild(doc.createTextNode(data.slice(at)));
    parent.replaceChild(frag, node);
  }
  return out;
}

/** Removes every <strata-mark> under root, restoring plain text nodes. */
export function unwrapAll(root: Element): void {
  for (const mark of Array.from(root.querySelectorAll('strata-mark[data-strata-span]'))) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    (parent as Element).normalize?.();
  }
}
