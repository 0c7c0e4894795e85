/**
 * Sentence vectors from a transformer's token vectors: mean pooling over the real tokens (attention mask 1), then
 * L2 normalisation, as sentence-transformers does for all-MiniLM-L6-v2; the cosine of two normalised vectors is
 * their dot product.
 */

/**
 * Mean-pools a `[batch, sequence, dimensions]` tensor (row-major, as ONNX returns it) over the positions whose
 * mask is 1, and L2-normalises each result.
 */
export function meanPoolNormalized(hidden: Float32Array, mask: ArrayLike<number | bigint>, batch: number, sequence: number, dimensions: number): Float32Array[] {
  if (hidden.length !== batch * sequence * dimensions) throw new Error(`hidden state has ${hidden.length} values, expected ${batch}×${sequence}×${dimensions}`);
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const sum = new Float64Array(dimensions);
    let count = 0;
    for (let t = 0; t < sequence; t++) {
      if (Number(mask[b * sequence + t]) === 0) continue;
      count += 1;
      const base = (b * sequence + t) * dimensions;
      for (let d = 0; d < dimensions; d++) sum[d]! += hidden[base + d]!;
    }
    const vector = new Float32Array(dimensions);
    // sentence-transformers divides by max(count, 1e-9): an all-padding row pools to zeros.
    for (let d = 0; d < dimensions; d++) vector[d] = sum[d]! / Math.max(count, 1e-9);
    out.push(normalize(vector));
  }
  return out;
}

/** Scales a vector to length 1 in place (a zero vector stays zero) and returns it. */
export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / Math.max(norm, 1e-12);
  return vector;
}

/** The cosine similarity of two vectors of any length (not assumed normalised). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`vectors of different lengths (${a.length}, ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The dot product: the cosine of two unit vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
