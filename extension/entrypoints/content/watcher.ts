/**
 * Finds answers and reports each one once it is finished: no streaming indicator (stop button gone, no
 * `data-is-streaming`/`aria-busy`) and no mutations inside it for a quiet period. Answers that change again later
 * (regenerated, edited) are reported again after they settle. Re-scans on SPA navigation.
 */
import { findAnswers, isStreaming, STRATA_ATTR, type SiteAdapter } from './adapters';

export interface WatcherOptions {
  quietMs?: number;
  /** An answer was seen (it may still be streaming). */
  onDetected?(answer: Element, adapter: SiteAdapter): void;
  /** An answer is finished (again, if it changed after it was first reported). */
  onFinished(answer: Element, adapter: SiteAdapter): void;
}

interface Tracked {
  adapter: SiteAdapter;
  lastChange: number;
  timer: ReturnType<typeof setTimeout> | null;
}

function isOurs(node: Node | null): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) {
    if (n.nodeType === 1 && (n as Element).hasAttribute(STRATA_ATTR) && !(n as Element).hasAttribute('data-strata-span')) {
      return true;
    }
  }
  return false;
}

export class AnswerWatcher {
  private readonly tracked = new Map<Element, Tracked>();
  private observer: MutationObserver | null = null;
  private readonly quietMs: number;
  private stopped = false;

  constructor(
    private readonly doc: Document,
    private readonly adapters: readonly SiteAdapter[],
    private readonly opts: WatcherOptions,
  ) {
    this.quietMs = opts.quietMs ?? 1200;
  }

  start(): void {
    const win = this.doc.defaultView;
    const MO = (win as (Window & typeof globalThis) | null)?.MutationObserver ?? globalThis.MutationObserver;
    this.observer = new MO((records) => this.onMutations(records));
    this.observer.observe(this.doc.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-ai-output'],
    });
    this.scan();
  }

  stop(): void {
    this.stopped = true;
    this.observer?.disconnect();
    if (this.scanTimer) clearTimeout(this.scanTimer);
    for (const t of this.tracked.values()) if (t.timer) clearTimeout(t.timer);
    this.tracked.clear();
  }

  /** Runs our own DOM changes without them counting as changes to the answers. */
  mute<T>(fn: () => T): T {
    try {
      return fn();
    } finally {
      this.observer?.takeRecords();
    }
  }

  /** Finds answers not tracked yet (page load, SPA navigation) and forgets detached ones. */
  scan(): void {
    if (this.stopped) return;
    for (const el of [...this.tracked.keys()]) {
      if (!el.isConnected) this.forget(el);
    }
    for (const { el, adapter } of findAnswers(this.doc, this.adapters)) {
      if (!this.tracked.has(el)) this.track(el, adapter);
    }
  }

  private track(el: Element, adapter: SiteAdapter): void {
    const t: Tracked = { adapter, lastChange: Date.now(), timer: null };
    this.tracked.set(el, t);
    this.opts.onDetected?.(el, adapter);
    this.schedule(el, t, this.quietMs);
  }

  private forget(el: Element): void {
    const t = this.tracked.get(el);
    if (t?.timer) clearTimeout(t.timer);
    this.tracked.delete(el);
  }

  private schedule(el: Element, t: Tracked, delay: number): void {
    if (t.timer) clearTimeout(t.timer);
    t.timer = setTimeout(() => this.check(el), Math.max(0, delay));
  }

  private touched(el: Element): void {
    const t = this.tracked.get(el);
    if (!t) return;
    t.lastChange = Date.now();
    this.schedule(el, t, this.quietMs);
  }

  private onMutations(records: MutationRecord[]): void {
    if (this.stopped) return;
    let sawNewNodes = false;
    for (const r of records) {
      if (isOurs(r.target)) continue;
      if (r.type === 'childList') {
        const nodes = [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)];
        if (nodes.length > 0 && nodes.every((n) => n.nodeType === 1 && (n as Element).hasAttribute(STRATA_ATTR))) continue;
        if (r.addedNodes.length > 0) sawNewNodes = true;
      }
      if (r.type === 'attributes') {
        sawNewNodes = true; // an element may have become an answer (data-ai-output set later)
        continue;
      }
      const added = Array.from(r.addedNodes);
      for (const el of this.tracked.keys()) {
        if (el === r.target || el.contains(r.target) || added.some((n) => el.contains(n))) this.touched(el);
      }
    }
    if (sawNewNodes) this.scheduleScan();
  }

  private scanTimer: ReturnType<typeof setTimeout> | null = null;

  private scheduleScan(): void {
    if (this.scanTimer) return;
    this.scanTimer = setTimeout(() => {
      this.scanTimer = null;
      this.scan();
    }, 100);
  }

  private lastOfAdapter(el: Element, adapter: SiteAdapter): boolean {
    const mine = findAnswers(this.doc, [adapter]);
    return mine.length > 0 && mine[mine.length - 1]!.el === el;
  }

  private check(el: Element): void {
    const t = this.tracked.get(el);
    if (!t || this.stopped) return;
    t.timer = null;
    if (!el.isConnected) {
      this.forget(el);
      return;
    }
    const quietFor = Date.now() - t.lastChange;
    if (quietFor < this.quietMs) {
      this.schedule(el, t, this.quietMs - quietFor);
      return;
    }
    if (isStreaming(el, t.adapter, this.lastOfAdapter(el, t.adapter))) {
      // Wait: an indicator change (mutation) or this poll re-checks it.
      this.schedule(el, t, 500);
      return;
    }
    this.opts.onFinished(el, t.adapter);
  }
}
