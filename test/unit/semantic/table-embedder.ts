import type { Embedder } from '../../../api/attribution/semantic/embedder.js';
import type { SentenceVectors } from '../../../api/attribution/semantic/semantic-corpus.js';
import { dot, normalize } from '../../../api/attribution/semantic/vectors.js';

export const DIMENSIONS = 16;

/**
 * A deterministic stand-in for the model: the vectors of known sentences are given (so a test sets the cosines it
 * needs exactly); any other text gets its own basis vector from the top of the space, orthogonal to the given ones.
 */
export class TableEmbedder implements Embedder {
  readonly dimensions = DIMENSIONS;
  readonly calls: string[][] = [];
  private readonly others = new Map<string, number>();

  constructor(
    private readonly table: ReadonlyMap<string, readonly number[]>,
    readonly modelVersion = 'table-model/1',
  ) {}

  vector(text: string): Float32Array {
    const given = this.table.get(text);
    const v = new Float32Array(DIMENSIONS);
    if (given) given.forEach((x, i) => (v[i] = x));
    else {
      if (!this.others.has(text)) this.others.set(text, DIMENSIONS - 1 - (this.others.size % 8));
      v[this.others.get(text)!] = 1;
    }
    return normalize(v);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    return texts.map((t) => this.vector(t));
  }
}

/** Exact float vectors by key (the engine's tests; the int8 cache has its own). */
export class MapVectors implements SentenceVectors {
  readonly byKey = new Map<string, Float32Array>();
  vectorOf(key: string) {
    return this.byKey.get(key);
  }
  similarity(key: string, vector: Float32Array) {
    const v = this.byKey.get(key);
    return v ? dot(v, vector) : undefined;
  }
}

/** A unit vector at cosine `c` from e0, in the plane of e0 and e_axis (axis ≥ 1, sign picks the side). */
export function at(c: number, axis = 1, sign = 1): number[] {
  const v = new Array<number>(DIMENSIONS).fill(0);
  v[0] = c;
  v[axis] = sign * Math.sqrt(1 - c * c);
  return v;
}
