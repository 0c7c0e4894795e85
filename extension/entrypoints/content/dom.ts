/**
 * The only way our UI builds DOM: createElement + attributes + text nodes. Strings from the API or the page are
 * always text (a text node or textContent), never HTML.
 */
export type Child = Node | string | null | undefined | false;

export function h(
  doc: Document,
  tag: string,
  attrs: Record<string, string | number | boolean | null | undefined> = {},
  ...children: Child[]
): HTMLElement {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) throw new Error('no inline event handlers');
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
  }
  return el;
}

export function clear(el: Element | ShadowRoot): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
