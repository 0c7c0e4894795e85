/**
 * Puts Strata next to one finished answer: reads its whole text (every content block, no site chrome), asks the
 * worker (never the API), shows the badge and highlights the traced spans. The worker sends only hashes unless the
 * user asks for a trace (a click on the chip) or opted in for the site.
 */
import type { LookupResult } from '../../lib/messages';
import type { HighlightDensity } from '../../lib/settings';
import { chromeTest, contentElements, type SiteAdapter } from './adapters';
import { highlightRanges, spansOf, spansToShow } from './spans';
import { extractText, unwrapAll, wrapRanges } from './text';
import { Badge, SpanTooltip } from './ui';

export interface AnnotatorDeps {
  doc: Document;
  /** `trace`: the user asked, so the text may be sent if it is not a recorded output. */
  lookup(text: string, trace: boolean): Promise<LookupResult>;
  openGraph(of: string, label: string): void;
  openOptions(): void;
  disableSite(): void;
  /** Tracing this site's unrecorded answers without asking (the user's per-site opt-in). */
  siteTrace?: { on(): boolean; set(enabled: boolean): void };
  /** Which spans to highlight (the user's setting). */
  highlightDensity?(): HighlightDensity;
  /** Our DOM changes, run so the watcher does not mistake them for the answer changing. */
  mute<T>(fn: () => T): T;
  minLength?: number;
}

interface Annotation {
  text: string;
  badge: Badge;
  generation: number;
  result: LookupResult | null;
  /** The per-answer highlight switch. */
  highlights: boolean;
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
    const handlers: ConstructorParameters<typeof Badge>[1] = {
      retry: () => void this.retry(answer, adapter, false),
      trace: () => void this.retry(answer, adapter, true),
      openGraph: (of, label) => this.deps.openGraph(of, label),
      openOptions: () => this.deps.openOptions(),
      disableSite: () => this.deps.disableSite(),
      highlights: {
        shown: () => this.annotations.get(answer)?.highlights ?? true,
        toggle: () => this.toggleHighlights(answer, adapter),
      },
    };
    if (this.deps.siteTrace) handlers.siteTrace = this.deps.siteTrace;
    const badge = new Badge(this.deps.doc, handlers);
    this.deps.mute(() => answer.appendChild(badge.host));
    this.annotations.set(answer, { text: '', badge, generation: 0, result: null, highlights: true });
    return badge;
  }

  /** The answer's whole text: every content block, site chrome skipped. */
  read(answer: Element, adapter: SiteAdapter) {
    const blocks = contentElements(answer, adapter);
    return { blocks, extracted: extractText(blocks, chromeTest(adapter)) };
  }

  async annotate(answer: Element, adapter: SiteAdapter, trace = false): Promise<void> {
    const { extracted } = this.read(answer, adapter);
    const text = extracted.text;
    const prev = this.annotations.get(answer);
    if (prev && prev.text === text) return; // unchanged (or only our own wrappers changed)
    if (text.trim().length < (this.deps.minLength ?? 1)) return;

    const badge = this.prepare(answer, adapter);
    if (!badge.host.isConnected) this.deps.mute(() => answer.appendChild(badge.host));
    // How much of the answer was read (a count, never the text): for diagnostics and the end-to-end measurements.
    this.deps.mute(() => badge.host.setAttribute('data-strata-chars', String(text.length)));
    this.deps.mute(() => unwrapAll(answer));
    badge.setResult(null);
    const generation = ++this.generation;
    // The text after unwrapping equals `text`: wrappers never change the extracted text.
    const highlights = prev?.highlights ?? true;
    this.annotations.set(answer, { text, badge, generation, result: null, highlights });
    let result: LookupResult;
    try {
      result = await this.deps.lookup(text, trace);
    } catch (e) {
      // The worker was restarted or refused the request: show it, and let "retry" try again.
      result = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    const current = this.annotations.get(answer);
    if (!current || current.generation !== generation || !answer.isConnected) return;
    current.result = result;
    badge.setResult(result);
    if (current.highlights) this.highlight(answer, adapter, result);
  }

  private async retry(answer: Element, adapter: SiteAdapter, trace: boolean): Promise<void> {
    const a = this.annotations.get(answer);
    if (a) a.text = '\u0000retry'; // force a fresh lookup of the same text
    await this.annotate(answer, adapter, trace);
  }

  /** The per-answer highlight switch. */
  toggleHighlights(answer: Element, adapter: SiteAdapter): void {
    const a = this.annotations.get(answer);
    if (!a) return;
    a.highlights = !a.highlights;
    this.deps.mute(() => unwrapAll(answer));
    if (a.highlights && a.result) this.highlight(answer, adapter, a.result);
  }

  private highlight(answer: Element, adapter: SiteAdapter, result: LookupResult): void {
    const src = spansOf(result);
    if (!src || src.spans.length === 0) return;
    const show = spansToShow(src.spans, this.deps.highlightDensity?.() ?? 'all');
    if (show.size === 0) return;
    this.deps.mute(() => {
      const { extracted } = this.read(answer, adapter);
      const ranges = highlightRanges(result, extracted.text).filter((r) => show.has(r.span));
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
