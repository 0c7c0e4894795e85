/**
 * RFC 8785 JSON Canonicalization Scheme: the exact bytes a log entry hashes. Object keys sorted by UTF-16 code
 * units, numbers in ECMAScript Number-to-String form (which is what JSON.stringify produces for finite numbers),
 * strings escaped the way JSON.stringify does, no whitespace.
 *
 * Input is restricted to what survives a JSON round trip unchanged (I-JSON, RFC 7493): anything else throws instead
 * of being silently dropped or coerced, because a leaf that does not say what the caller meant is worse than none.
 * Money is a decimal string: a JSON number is a double and cannot carry exact amounts.
 */

export class CanonicalJsonError extends Error {
  constructor(path: string, problem: string) {
    super(`canonical JSON: ${path} ${problem}`);
    this.name = 'CanonicalJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '$', out, new Set());
  return out.join('');
}

/** Canonical form of a JSON text (parsed with JSON.parse, so duplicate keys keep the last value). */
export function canonicalizeJsonText(text: string): string {
  return canonicalJson(JSON.parse(text));
}

function write(value: unknown, path: string, out: string[], parents: Set<object>): void {
  switch (typeof value) {
    case 'string':
      checkWellFormed(value, path);
      out.push(JSON.stringify(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `is ${value}, which JSON cannot represent`);
      // -0 serialises as 0 in ECMAScript, as RFC 8785 requires.
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'bigint':
      throw new CanonicalJsonError(path, 'is a BigInt; pass exact amounts as decimal strings');
    case 'undefined':
      throw new CanonicalJsonError(path, 'is undefined; omit the key or use null');
    case 'function':
    case 'symbol':
      throw new CanonicalJsonError(path, `is a ${typeof value}`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  const obj = value as object;
  if (parents.has(obj)) throw new CanonicalJsonError(path, 'is a circular reference');
  parents.add(obj);
  if (Array.isArray(obj)) {
    out.push('[');
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) out.push(',');
      // Holes would read as undefined; reject them the same way.
      write(obj[i], `${path}[${i}]`, out, parents);
    }
    out.push(']');
  } else {
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      // Dates, Maps, driver Integers…: their JSON form depends on toJSON or is lossy, so make the caller choose.
      const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new CanonicalJsonError(path, `is a ${name}, not a plain object`);
    }
    if (Object.getOwnPropertySymbols(obj).length > 0) throw new CanonicalJsonError(path, 'has symbol keys');
    const record = obj as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is the order RFC 8785 section 3.2.3 prescribes.
    const keys = Object.keys(record).sort();
    out.push('{');
    keys.forEach((key, i) => {
      checkWellFormed(key, `${path} key ${JSON.stringify(key)}`);
      if (i > 0) out.push(',');
      out.push(JSON.stringify(key), ':');
      write(record[key], `${path}.${key}`, out, parents);
    });
    out.push('}');
  }
  parents.delete(obj);
}

// In `u` mode a valid pair reads as one astral code point, so only unpaired halves match \p{Cs}.
const LONE_SURROGATE = /\p{Cs}/u;

function checkWellFormed(s: string, path: string): void {
  // A lone surrogate has no UTF-8 encoding; I-JSON forbids it.
  if (LONE_SURROGATE.test(s)) throw new CanonicalJsonError(path, 'contains a lone UTF-16 surrogate');
}
