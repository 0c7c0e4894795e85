/**
 * The token stream a suffix array is built over: documents' token ids back to back, each sentence and each
 * document followed by a separator. Separators are negative and unique (-1, -2, ...), so no two suffixes agree
 * across one: matches can never run from one sentence or document into the next, and identical sentences in
 * different documents stop comparing at their separators (keeping prefix doubling short).
 */
import { sharedCopy, sharedInt32 } from './shared-array.js';

export interface TokenStreamParts {
  tokens: Int32Array;
  docStarts: Int32Array;
}

export class TokenStreamBuilder {
  private tokens = new Int32Array(1 << 16);
  private starts = new Int32Array(1 << 10);
  private length = 0;
  private docs = 0;
  private nextSeparator = -1;
  private docOpen = false;

  get tokenCount(): number {
    return this.length;
  }

  get documentCount(): number {
    return this.docs;
  }

  beginDocument(): void {
    if (this.docOpen) throw new Error('previous document not ended');
    if (this.docs === this.starts.length) this.starts = grow(this.starts, this.docs + 1);
    this.starts[this.docs++] = this.length;
    this.docOpen = true;
  }

  /** Appends a word id (>= 0). */
  pushToken(id: number): void {
    this.push(id);
  }

  /** Ends the current sentence (no-op right after another boundary, so boundaries never pile up). */
  endSentence(): void {
    const docStart = this.starts[this.docs - 1]!;
    if (this.length > docStart && this.tokens[this.length - 1]! >= 0) this.pushSeparator();
  }

  /** Ends the document; every document, even an empty one, ends with a separator. */
  endDocument(): void {
    const docStart = this.starts[this.docs - 1]!;
    if (this.length === docStart || this.tokens[this.length - 1]! >= 0) this.pushSeparator();
    this.docOpen = false;
  }

  /** Appends whole documents from another stream, renumbering their separators to stay unique. */
  appendStream(parts: TokenStreamParts): void {
    if (this.docOpen) throw new Error('cannot append inside an open document');
    const base = this.length;
    for (let d = 0; d < parts.docStarts.length; d++) {
      if (this.docs === this.starts.length) this.starts = grow(this.starts, this.docs + 1);
      this.starts[this.docs++] = base + parts.docStarts[d]!;
    }
    if (this.length + parts.tokens.length > this.tokens.length) {
      this.tokens = grow(this.tokens, this.length + parts.tokens.length);
    }
    for (let i = 0; i < parts.tokens.length; i++) {
      const t = parts.tokens[i]!;
      if (t >= 0) this.tokens[this.length++] = t;
      else this.pushSeparator();
    }
  }

  /** The stream so far (copies in shared memory, so the builder can keep growing and tracing threads can read them). */
  finish(): TokenStreamParts {
    if (this.docOpen) throw new Error('document not ended');
    return { tokens: sharedCopy(this.tokens, 0, this.length), docStarts: sharedCopy(this.starts, 0, this.docs) };
  }

  private pushSeparator(): void {
    // -2^31 is reserved for unknown query words; running out of separators would need 2^31 sentences.
    if (this.nextSeparator <= -0x7fffffff) throw new Error('token stream ran out of separator ids');
    this.push(this.nextSeparator--);
  }

  private push(value: number): void {
    if (this.length === this.tokens.length) this.tokens = grow(this.tokens, this.length + 1);
    this.tokens[this.length++] = value;
  }
}

function grow(array: Int32Array, minLength: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(minLength, Math.ceil(array.length * 1.5) + 16));
  next.set(array);
  return next;
}

/**
 * Several streams' documents back to back, as if they had been appended one by one (separators renumbered -1, -2, …
 * in stream order, as `appendStream` does), into shared arrays of the exact size: how tiers of the index are merged
 * (corpus-index.ts) without growing a builder through copies.
 */
export function joinStreams(parts: readonly TokenStreamParts[]): TokenStreamParts {
  let tokenCount = 0;
  let docCount = 0;
  for (const part of parts) {
    tokenCount += part.tokens.length;
    docCount += part.docStarts.length;
  }
  const tokens = sharedInt32(tokenCount);
  const docStarts = sharedInt32(docCount);
  let at = 0;
  let doc = 0;
  let separator = -1;
  for (const part of parts) {
    for (let d = 0; d < part.docStarts.length; d++) docStarts[doc++] = at + part.docStarts[d]!;
    const source = part.tokens;
    for (let i = 0; i < source.length; i++) {
      const t = source[i]!;
      if (t >= 0) tokens[at++] = t;
      else {
        if (separator <= -0x7fffffff) throw new Error('token stream ran out of separator ids');
        tokens[at++] = separator--;
      }
    }
  }
  return { tokens, docStarts };
}
