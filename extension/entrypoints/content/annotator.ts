/**
 * Puts Strata next to one finished answer: reads its text, asks the worker (never the API), shows the badge and,
 * for traced text, highlights the matched spans.
 */
import type { LookupResult } from '../../lib/messages';
import { contentElement, type SiteAdapter } from './adapters';
import { highlightRanges, spansOf } from './spans';
import { extractText, unwrapAll, wrapRanges } from './text';
import { Badge, SpanTooltip } from './ui';

export interface AnnotatorDeps {
  doc: Document;
  lookup(text: string): Promise<LookupResult>;
  openGraph(of: string, label: string): void;
  disableSite(): void;
  /** Our DOM changes, run so the watcher does not mistake them for the answer changing. */
  mute<T>(fn: () => T): T;
  minLength?: number;
}

interface Annotation {
  text: string;
  badge: Badge;
  generation: number;
}

export class Annotator {
  private readonly annotations = new Map<Element, Annotation>();
  private tooltip: SpanTooltip | null = null;
  private generation = 0;

  constructor(private readonly deps: AnnotatorDeps) {}

  /** The badge of an answer, for tests and re-renders. */
  badgeOf(answer: Element): Badge | null {
    return this.annotations.get(answer)?.badge ?? null;
  }

  /**
   * Reserves the badge's place as soon as an answer is seen (still streaming, say), so that annotating it later only
   * changes the chip's words: nothing on the page moves.
   */
  prepare(answer: Element, adapter: SiteAdapter): Badge {
    const existing = this.annotations.get(answer);
    if (existing) return existing.badge;
    const badge = new Badge(this.deps.doc, {
      retry: () => void this.retry(answer, adapter),
      openGraph: (of, label) => this.deps.openGraph(of, label),
      disableSite: () => this.deps.disableSite(),
    });
    this.deps.mute(() => answer.appendChild(badge.host));
    this.annotations.set(answer, { text: '', badge, generation: 0 });
    return badge;
  }

  async annotate(answer: Element, adapter: SiteAdapter): Promise<void> {
    const content = contentElement(answer, adapter);
    const { text } = extractText(content);
    const prev = this.annotations.get(answer);
    if (prev && prev.text === text) return; // unchanged (or only our own wrappers changed)
    if (text.trim().length < (this.deps.minLength ?? 1)) return;

    const badge = this.prepare(answer, adapter);
    if (!badge.host.isConnected) this.deps.mute(() => answer.appendChild(badge.host));
    this.deps.mute(() => unwrapAll(content));
    badge.setResult(null);
    const generation = ++this.generation;
    // The text after unwrapping equals `text`: wrappers never change the extracted text.
    this.annotations.set(answer, { text, badge, generation });
    let result: LookupResult;
    try {
      result = await this.deps.lookup(text);
    } catch (e) {
      // The worker was restarted or refused the request: show it, and let "retry" try again.
      result = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    const current = this.annotations.get(answer);
    if (!current || current.generation !== generation || !answer.isConnected) return;
    badge.setResult(result);
    this.highlight(content, result);
  }

  private async retry(answer: Element, adapter: SiteAdapter): Promise<void> {
    const a = this.annotations.get(answer);
    if (a) a.text = '\u0000retry'; // force a fresh lookup of the same text
    await this.annotate(answer, adapter);
  }

  private highlight(content: Element, result: LookupResult): void {
    const src = spansOf(result);
    if (!src || src.spans.length === 0) return;
    this.deps.mute(() => {
      const extracted = extractText(content);
      const ranges = highlightRanges(result, extracted.text);
      if (ranges.length === 0) return;
      const marks = wrapRanges(extracted, ranges, this.deps.doc);
      this.tooltip ??= new SpanTooltip(this.deps.doc);
      this.tooltip.attach(marks, src.spans);
    });
  }

  /** Removes every badge and highlight (site switched off). */
  clearAll(): void {
    this.deps.mute(() => {
      for (const [answer, a] of this.annotations) {
        a.badge.destroy();
        unwrapAll(answer);
      }
      this.tooltip?.destroy();
    });
    this.tooltip = null;
    this.annotations.clear();
  }
}
