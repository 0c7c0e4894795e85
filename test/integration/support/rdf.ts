import { createRequire } from 'node:module';

// jsonld (the reference JSON-LD processor) ships no type declarations: the one call the tests make, typed here.
const jsonld = createRequire(import.meta.url)('jsonld') as {
  toRDF(document: object, options: { format: 'application/n-quads' }): Promise<string>;
};

export interface Triple {
  s: string;
  p: string;
  o: string;
}

/** Expands a JSON-LD document with jsonld (its default loader fetches remote contexts over HTTP) to triples. */
export async function toTriples(document: object): Promise<Triple[]> {
  const nquads = await jsonld.toRDF(document, { format: 'application/n-quads' });
  return nquads
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const m = /^(\S+) (\S+) (.+) \.$/.exec(line);
      if (!m) throw new Error(`not an N-Quads triple: ${line}`);
      return { s: m[1]!, p: m[2]!, o: m[3]! };
    });
}

export const PROV_NS = 'http://www.w3.org/ns/prov#';
export const iri = (value: string) => `<${value}>`;

/** The number in a typed literal such as "2.5E-1"^^<http://www.w3.org/2001/XMLSchema#double>. */
export function literalNumber(object: string): number {
  const m = /^"([^"]*)"\^\^<[^>]+>$/.exec(object);
  if (!m) throw new Error(`not a typed literal: ${object}`);
  return Number(m[1]);
}

export const literalText = (object: string) => JSON.parse(object.replace(/\^\^<[^>]+>$/, '')) as string;
