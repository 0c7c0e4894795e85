/**
 * The badge (L1) and its popover (L2), in a shadow root next to the answer, and the tooltip for highlighted spans.
 * Everything from the API is rendered as text nodes (see dom.ts).
 */
import type { Attribution, Named, TraceSpan } from '../../lib/api-types';
import { coverageText, TIER_WORDS, tierLabel } from '../../lib/evidence';
import { badgeView, modelText, percent, topShares, verificationText, type BadgeView } from '../../lib/format';
import type { LookupResult } from '../../lib/messages';
import { STRATA_ATTR } from './adapters';
import { clear, h } from './dom';
import { passageList, sourceList, tierLegend, tierLine } from './evidence-view';
import { BADGE_CSS, markStyle, TOOLTIP_CSS } from './styles';

export interface BadgeHandlers {
  retry(): void;
  /** The options page, where a rejected key is replaced. */
  openOptions(): void;
  openGraph(of: string, label: string): void;
  disableSite(): void;
  /** The user asks to trace an unrecorded answer: its text may now be sent. */
  trace?(): void;
  /** This answer's highlights: shown or not, and the switch. Absent where there are none (the selection badge). */
  highlights?: { shown(): boolean; toggle(): void };
  /** Tracing this site's unrecorded answers without asking: on or off, and the switch. */
  siteTrace?: { on(): boolean; set(enabled: boolean): void };
}

let popoverSeq = 0;

/** The popover is never squeezed below this, even in a tiny window (it then covers the chip rather than vanish). */
const MIN_POPOVER_HEIGHT = 160;

/** Height the badge always takes, reserved before the lookup so nothing moves when the answer arrives. */
export const BADGE_HEIGHT_PX = 28;

export class Badge {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  readonly chip: HTMLButtonElement;
  private readonly chipText: HTMLElement;
  readonly popover: HTMLElement;
  private result: LookupResult | null = null;
  private view: BadgeView = badgeView(null);
  private readonly onWindowChange = () => this.placePopover();

  constructor(
    private readonly doc: Document,
    private readonly handlers: BadgeHandlers,
  ) {
    this.host = doc.createElement('strata-badge');
    this.host.setAttribute(STRATA_ATTR, 'badge');
    // Fixed size from the start: the chip's states and the popover (top layer) never move the page.
    this.host.setAttribute(
      'style',
      `all: initial; display: block; position: relative; box-sizing: border-box; height: ${BADGE_HEIGHT_PX}px; margin: 6px 0 0 0; padding: 2px 0 0 0; contain: layout style;`,
    );
    this.root = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = BADGE_CSS;
    const id = `strata-popover-${++popoverSeq}`;
    this.chipText = h(doc, 'span', { class: 'text' });
    this.chip = h(
      doc,
      'button',
      { class: 'chip', type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': id },
      h(doc, 'span', { class: 'logo', 'aria-hidden': 'true' }),
      this.chipText,
    ) as HTMLButtonElement;
    this.popover = h(doc, 'div', { class: 'popover', id, role: 'dialog', 'aria-modal': 'false', hidden: true, tabindex: '-1' });
    this.root.append(style, h(doc, 'div', { class: 'wrap' }, this.chip, this.popover));
    // Only a person's click or key press counts (a page script's synthetic click could otherwise start a trace).
    this.chip.addEventListener('click', (e) => {
      if (e.isTrusted !== false) this.activate();
    });
    this.popover.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close(true);
      }
    });
    // Light dismiss from the Popover API (click outside / Escape) keeps aria-expanded right.
    this.popover.addEventListener('toggle', (e) => {
      if ((e as Event & { newState?: string }).newState === 'closed') this.afterClose(false);
    });
    this.render();
  }

  get state(): BadgeView['state'] {
    return this.view.state;
  }

  setResult(result: LookupResult | null): void {
    this.result = result;
    this.view = badgeView(result);
    this.render();
    if (this.isOpen()) this.renderPopover();
  }

  private render(): void {
    this.chipText.textContent = this.view.text;
    this.chip.setAttribute('data-state', this.view.state);
    this.chip.setAttribute('aria-label', this.view.label);
    this.chip.setAttribute('aria-busy', this.view.state === 'loading' ? 'true' : 'false');
    if (this.view.hasDetails) this.chip.setAttribute('aria-haspopup', 'dialog');
    else this.chip.removeAttribute('aria-haspopup');
  }

  private activate(): void {
    if (this.view.state === 'unreachable' || this.view.state === 'error') {
      this.handlers.retry();
      return;
    }
    if (this.view.state === 'key-rejected') {
      this.handlers.openOptions();
      return;
    }
    if (this.view.state === 'unrecorded') {
      this.handlers.trace?.();
      return;
    }
    if (!this.view.hasDetails) return;
    if (this.isOpen()) this.close(true);
    else this.open();
  }

  isOpen(): boolean {
    return !this.popover.hasAttribute('hidden');
  }

  open(): void {
    this.renderPopover();
    this.popover.removeAttribute('hidden');
    const p = this.popover as HTMLElement & { showPopover?: () => void };
    if (typeof p.showPopover === 'function') {
      this.popover.setAttribute('popover', 'auto');
      try {
        p.showPopover();
      } catch {
        /* already open */
      }
    }
    this.chip.setAttribute('aria-expanded', 'true');
    this.placePopover();
    const win = this.doc.defaultView;
    win?.addEventListener('scroll', this.onWindowChange, true);
    win?.addEventListener('resize', this.onWindowChange);
    (this.popover.querySelector('.close') as HTMLElement | null)?.focus?.();
  }

  close(returnFocus: boolean): void {
    const p = this.popover as HTMLElement & { hidePopover?: () => void };
    if (typeof p.hidePopover === 'function' && this.popover.hasAttribute('popover')) {
      try {
        p.hidePopover();
      } catch {
        /* already closed */
      }
    }
    this.afterClose(returnFocus);
  }

  private afterClose(returnFocus: boolean): void {
    this.popover.setAttribute('hidden', '');
    this.chip.setAttribute('aria-expanded', 'false');
    const win = this.doc.defaultView;
    win?.removeEventListener('scroll', this.onWindowChange, true);
    win?.removeEventListener('resize', this.onWindowChange);
    if (returnFocus) this.chip.focus?.();
  }

  private placePopover(): void {
    const win = this.doc.defaultView;
    if (!win || typeof this.chip.getBoundingClientRect !== 'function') return;
    const r = this.chip.getBoundingClientRect();
    const width = Math.min(340, win.innerWidth - 16);
    const left = Math.max(8, Math.min(r.left, win.innerWidth - width - 8));
    // Below the chip if it fits, else above; if it fits on neither side, on the roomier one, made shorter (it scrolls)
    // so every part of it, its buttons too, stays inside the window.
    const margin = 8;
    this.popover.style.maxHeight = '';
    const natural = this.popover.getBoundingClientRect?.().height ?? 0;
    const roomBelow = win.innerHeight - margin - (r.bottom + 6);
    const roomAbove = r.top - 6 - margin;
    let height = natural;
    let top: number;
    if (natural <= roomBelow) top = r.bottom + 6;
    else if (natural <= roomAbove) top = r.top - 6 - natural;
    else {
      height = Math.max(MIN_POPOVER_HEIGHT, Math.min(natural, Math.max(roomBelow, roomAbove)));
      this.popover.style.maxHeight = `${Math.floor(height)}px`;
      top = roomBelow >= roomAbove ? r.bottom + 6 : r.top - 6 - height;
    }
    top = Math.max(margin, Math.min(top, win.innerHeight - margin - height));
    this.popover.style.left = `${Math.round(left)}px`;
    this.popover.style.top = `${Math.round(top)}px`;
  }

  private renderPopover(): void {
    const actions: PopoverActions = {
      close: () => this.close(true),
      openGraph: this.handlers.openGraph,
      disableSite: this.handlers.disableSite,
      rerender: () => this.renderPopover(),
    };
    if (this.handlers.highlights) actions.highlights = this.handlers.highlights;
    if (this.handlers.siteTrace) actions.siteTrace = this.handlers.siteTrace;
    renderPopoverContent(this.doc, this.popover, this.result, actions);
  }

  destroy(): void {
    this.close(false);
    this.host.remove();
  }
}

interface PopoverActions {
  close(): void;
  openGraph(of: string, label: string): void;
  disableSite(): void;
  rerender?(): void;
  highlights?: { shown(): boolean; toggle(): void };
  siteTrace?: { on(): boolean; set(enabled: boolean): void };
}

function shareRows(doc: Document, kind: string, rows: { item: Named; share: number }[], limit: number): HTMLElement {
  const { rows: top, restCount, restShare } = topShares(rows, limit);
  const list = h(doc, 'div', { class: 'rows', role: 'list', 'data-kind': kind });
  if (top.length === 0) list.appendChild(h(doc, 'div', { class: 'empty' }, 'none'));
  for (const r of top) {
    const fill = h(doc, 'span', { class: 'fill' });
    fill.style.width = `${(Math.max(0, Math.min(1, r.share)) * 100).toFixed(2)}%`;
    const name = r.item.name || 'unnamed';
    list.appendChild(
      h(
        doc,
        'div',
        { class: 'row', role: 'listitem', 'data-id': r.item.id, 'data-share': String(r.share), 'aria-label': `${name}: ${percent(r.share)}` },
        h(doc, 'span', { class: 'name', title: name }, name),
        h(doc, 'span', { class: 'bar', 'aria-hidden': 'true' }, fill),
        h(doc, 'span', { class: 'pct', 'aria-hidden': 'true' }, percent(r.share)),
      ),
    );
  }
  if (restCount > 0) {
    const fill = h(doc, 'span', { class: 'fill' });
    fill.style.width = `${(Math.min(1, restShare) * 100).toFixed(2)}%`;
    const label = `${restCount} more`;
    list.appendChild(
      h(
        doc,
        'div',
        { class: 'row more', role: 'listitem', 'data-share': String(restShare), 'aria-label': `${label}: ${percent(restShare)}` },
        h(doc, 'span', { class: 'name' }, label),
        h(doc, 'span', { class: 'bar', 'aria-hidden': 'true' }, fill),
        h(doc, 'span', { class: 'pct', 'aria-hidden': 'true' }, percent(restShare)),
      ),
    );
  }
  return list;
}

/** Ids for those who want them (a collapsed details view): the output, its model, and every credited node. */
function idsDetails(doc: Document, a: Attribution | null, outputId: string | null, modelId: string | null): HTMLElement {
  const ul = h(doc, 'ul');
  const add = (label: string, id: string) => ul.appendChild(h(doc, 'li', {}, `${label}: `, h(doc, 'code', {}, id)));
  if (outputId) add('Output', outputId);
  if (modelId) add('Model', modelId);
  if (a) {
    for (const s of a.datanets) add(`Datanet ${s.item.name}`, s.item.id);
    for (const s of a.adapters) add(`Adapter ${s.item.name}`, s.item.id);
    for (const s of a.contributors) add(`Contributor ${s.item.name}`, s.item.id);
    for (const s of a.records.slice(0, 20)) add('Record', s.item.id);
    if (a.records.length > 20) ul.appendChild(h(doc, 'li', {}, `${a.records.length - 20} more records`));
  }
  return h(doc, 'details', { class: 'ids' }, h(doc, 'summary', {}, 'Ids'), ul);
}

function attributionSections(doc: Document, a: Attribution): HTMLElement[] {
  return [
    h(doc, 'h3', {}, 'Datanets'),
    shareRows(doc, 'datanets', a.datanets.map((s) => ({ item: s.item, share: s.share })), 8),
    h(doc, 'h3', {}, 'Adapters'),
    shareRows(doc, 'adapters', a.adapters, 8),
    h(doc, 'h3', {}, 'Top contributors'),
    shareRows(doc, 'contributors', a.contributors, 5),
  ];
}

/** Passages listed in the popover; the rest are still highlighted in the answer. */
const PASSAGES_SHOWN = 8;

export function renderPopoverContent(doc: Document, popover: HTMLElement, result: LookupResult | null, actions: PopoverActions): void {
  clear(popover);
  const view = badgeView(result);
  const titleId = `${popover.id || 'strata-popover'}-title`;
  popover.setAttribute('aria-labelledby', titleId);
  const close = h(doc, 'button', { class: 'close', type: 'button', 'aria-label': 'Close' }, '×');
  close.addEventListener('click', () => actions.close());
  popover.append(h(doc, 'h2', { id: titleId }, 'Strata lineage'), close, h(doc, 'div', { class: 'summary' }, view.text));
  if (!result || (result.kind !== 'output' && result.kind !== 'trace')) return;

  const a = result.kind === 'output' ? result.output.attribution : result.trace.attribution;
  if (result.kind === 'output') {
    const m = result.output.model;
    popover.appendChild(h(doc, 'div', { class: 'model' }, m ? `Model: ${modelText(m)}` : 'Model: unknown'));
  }
  if (a) {
    // How much of the answer is explained, by tier, and the key to the highlights' styles.
    popover.appendChild(h(doc, 'div', { class: 'coverage' }, coverageText(a)));
    if (a.spans.length > 0) popover.appendChild(tierLegend(doc));
    popover.append(...attributionSections(doc, a));
    if (a.spans.length > 0) popover.append(h(doc, 'h3', {}, 'Passages'), passageList(doc, a.spans, PASSAGES_SHOWN));
  }

  const meta = h(doc, 'div', { class: 'meta' });
  if (result.kind === 'output') {
    meta.appendChild(
      h(doc, 'div', { class: 'match', 'data-matched-by': result.matchedBy },
        result.matchedBy === 'words' ? 'Recognised by its words (the page renders its formatting)' : 'Recognised by its exact text'),
    );
  }
  if (a) {
    meta.appendChild(h(doc, 'div', { class: 'method' }, `Method: ${a.method || 'unknown'}${a.methodVersion ? ` (version ${a.methodVersion})` : ''}`));
  }
  if (result.kind === 'output') {
    const v = result.verification;
    meta.appendChild(
      h(doc, 'div', { class: 'log', 'data-state': v.state }, `${v.state === 'verified' ? '✓ ' : '⚠ '}${verificationText(v)}`),
    );
  } else {
    meta.appendChild(
      h(doc, 'div', { class: 'log', 'data-state': 'unavailable' }, 'not in log: traced live, this text is not a recorded output'),
    );
  }
  popover.appendChild(meta);
  popover.appendChild(idsDetails(doc, a, result.kind === 'output' ? result.output.id : null, result.kind === 'output' ? (result.output.model?.id ?? null) : null));

  const acts = h(doc, 'div', { class: 'actions' });
  let target: { of: string; label: string } | null = null;
  if (result.kind === 'output') target = { of: result.output.id, label: 'this output' };
  else if (a && a.datanets.length > 0) {
    const top = topShares(a.datanets, 1).rows[0]!;
    target = { of: top.item.id, label: top.item.name || top.item.id };
  }
  if (target) {
    const t = target;
    const b = h(doc, 'button', { class: 'action graph', type: 'button' }, result.kind === 'output' ? 'Open lineage graph' : `Open lineage of ${t.label}`);
    b.addEventListener('click', () => actions.openGraph(t.of, t.label));
    acts.appendChild(b);
  }
  const hl = actions.highlights;
  if (hl && a && a.spans.length > 0) {
    const b = h(doc, 'button', { class: 'action highlights', type: 'button', 'aria-pressed': hl.shown() ? 'true' : 'false' }, hl.shown() ? 'Hide highlights' : 'Show highlights');
    b.addEventListener('click', () => {
      hl.toggle();
      actions.rerender?.();
    });
    acts.appendChild(b);
  }
  const st = actions.siteTrace;
  if (st && result.kind === 'trace') {
    const on = st.on();
    const b = h(doc, 'button', { class: 'action site-trace', type: 'button', 'aria-pressed': on ? 'true' : 'false' }, on ? 'Stop tracing on this site' : 'Always trace on this site');
    b.addEventListener('click', () => {
      st.set(!on);
      actions.rerender?.();
    });
    acts.appendChild(b);
  }
  const off = h(doc, 'button', { class: 'action site-off', type: 'button' }, 'Turn off on this site');
  off.addEventListener('click', () => actions.disableSite());
  acts.appendChild(off);
  popover.appendChild(acts);
}

// ---------------------------------------------------------------------------------------------------------------
// Span highlighting tooltip

/** A highlight styled by its tier (solid, dashed, dotted: not colour alone), focusable, described for screen readers. */
export function styleMark(mark: Element, span: TraceSpan): void {
  mark.setAttribute('style', markStyle(span.kind));
  mark.setAttribute('data-strata-kind', span.kind);
  mark.setAttribute('tabindex', '0');
  const datanets = [...new Set(span.records.map((r) => r.datanet?.name).filter(Boolean))];
  mark.setAttribute(
    'aria-description',
    `${tierLabel(span.kind, span.similarity)}: ${TIER_WORDS[span.kind].meaning}. Traced to ${plural(span.records.length, 'record')}${datanets.length ? ` in ${datanets.join(', ')}` : ''}`,
  );
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

/** Characters of a source shown on each side of the match in a tooltip (the popover's passages show all the API gives). */
const TOOLTIP_CONTEXT_CHARS = 90;

export class SpanTooltip {
  readonly host: HTMLElement;
  private readonly tip: HTMLElement;

  constructor(private readonly doc: Document) {
    this.host = doc.createElement('strata-tooltip');
    this.host.setAttribute(STRATA_ATTR, 'tooltip');
    this.host.setAttribute('style', 'all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;');
    const root = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = TOOLTIP_CSS;
    this.tip = h(doc, 'div', { class: 'tip', role: 'tooltip', hidden: true });
    root.append(style, this.tip);
    (doc.body ?? doc.documentElement).appendChild(this.host);
  }

  /** Wires hover and focus on the wrappers of each span. */
  attach(marks: Map<number, Element[]>, spans: TraceSpan[]): void {
    for (const [i, els] of marks) {
      const span = spans[i];
      if (!span) continue;
      for (const el of els) {
        styleMark(el, span);
        const show = () => this.show(el, span);
        const hide = () => this.hide();
        el.addEventListener('mouseenter', show);
        el.addEventListener('focus', show);
        el.addEventListener('mouseleave', hide);
        el.addEventListener('blur', hide);
      }
    }
  }

  show(anchor: Element, span: TraceSpan): void {
    clear(this.tip);
    // For people: the tier, then each source's datanet, contributor and its text around the match. Ids stay attributes.
    const count = Math.max(span.records.length, span.sources.length);
    this.tip.append(
      tierLine(this.doc, span),
      h(this.doc, 'div', { class: 'title' }, count === 1 ? 'From 1 source' : `From ${count} sources`),
      sourceList(this.doc, span, { limit: 3, around: TOOLTIP_CONTEXT_CHARS }),
    );
    this.tip.removeAttribute('hidden');
    const r = anchor.getBoundingClientRect?.();
    const win = this.doc.defaultView;
    if (r && win) {
      const left = Math.max(8, Math.min(r.left, win.innerWidth - 350));
      const top = r.bottom + 6 + this.tip.getBoundingClientRect().height > win.innerHeight ? Math.max(8, r.top - 6 - this.tip.getBoundingClientRect().height) : r.bottom + 6;
      this.tip.style.left = `${Math.round(left)}px`;
      this.tip.style.top = `${Math.round(top)}px`;
    }
  }

  hide(): void {
    this.tip.setAttribute('hidden', '');
  }

  destroy(): void {
    this.host.remove();
  }
}
