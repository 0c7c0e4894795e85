/**
 * A small JSON Schema validator for the subset the vendored OpenLineage schema uses (draft 2020-12 keywords: type,
 * properties, required, additionalProperties, items, enum, $ref into $defs, allOf, anyOf, oneOf, not, and the
 * formats date-time, uri and uuid, asserted). It reports the first problem with its JSON path (`$.run.runId`), which
 * is what a client fixing an event needs. No dependency: the schema is small and fixed (api/interop/openlineage/).
 */
export type JsonSchema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  not?: JsonSchema;
  format?: string;
  $defs?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
};

export interface SchemaProblem {
  /** JSONPath of the offending value, e.g. `$.inputs[0].name`. */
  path: string;
  message: string;
}

const KEYWORDS_HANDLED = new Set([
  '$schema', '$id', '$defs', '$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'allOf', 'anyOf', 'oneOf', 'not',
  'format', 'description', 'example',
]);

const FORMATS: Record<string, (value: string) => boolean> = {
  // RFC 3339 date-time (JSON Schema's date-time): a full date, a time, and an offset.
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  // An absolute URI: a scheme, then no whitespace.
  uri: (v) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(v),
  uuid: (v) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v),
};

const propertyPath = (path: string, key: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === expected || (expected === 'number' && actual === 'integer');
}

/** A validator for `root` (a whole schema document with `$defs`), starting at `pointer` (e.g. `#/$defs/RunEvent`). */
export function schemaValidator(root: JsonSchema, pointer = '#') {
  const resolve = (ref: string): JsonSchema => {
    if (!ref.startsWith('#')) throw new Error(`only local $refs are supported, got ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!node || typeof node !== 'object') throw new Error(`$ref ${ref} names nothing`);
    return node as JsonSchema;
  };

  const check = (schema: JsonSchema, value: unknown, path: string): SchemaProblem | null => {
    for (const keyword of Object.keys(schema)) {
      if (!KEYWORDS_HANDLED.has(keyword)) throw new Error(`JSON Schema keyword ${keyword} is not supported by this validator`);
    }
    if (schema.$ref) {
      const problem = check(resolve(schema.$ref), value, path);
      if (problem) return problem;
    }
    if (schema.type && !typeMatches(schema.type, value)) return { path, message: `must be ${schema.type === 'object' || schema.type === 'array' ? 'an' : 'a'} ${schema.type}, got ${typeOf(value)}` };
    if (schema.enum && !schema.enum.some((allowed) => allowed === value)) return { path, message: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` };
    if (schema.format && typeof value === 'string') {
      const accepts = FORMATS[schema.format];
      if (accepts && !accepts(value)) return { path, message: `must be a ${schema.format} (got ${JSON.stringify(value.slice(0, 60))})` };
    }
    for (const part of schema.allOf ?? []) {
      const problem = check(part, value, path);
      if (problem) return problem;
    }
    if (schema.anyOf) {
      const problems = schema.anyOf.map((part) => check(part, value, path));
      if (problems.every(Boolean)) return problems.length === 1 ? problems[0]! : { path, message: `matches none of the ${problems.length} allowed forms (first: ${problems[0]!.path} ${problems[0]!.message})` };
    }
    if (schema.oneOf) {
      const matching = schema.oneOf.filter((part) => check(part, value, path) === null).length;
      if (matching !== 1) return { path, message: matching === 0 ? 'matches none of the allowed forms' : 'matches more than one of the allowed forms' };
    }
    if (schema.not && check(schema.not, value, path) === null) return { path, message: 'has a form that is not allowed here' };
    if (typeOf(value) === 'object') {
      const object = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (!(key in object)) return { path: propertyPath(path, key), message: 'is required' };
      }
      for (const [key, child] of Object.entries(object)) {
        const declared = schema.properties?.[key];
        const extra = schema.additionalProperties;
        const sub = declared ?? (typeof extra === 'object' ? extra : null);
        if (sub) {
          const problem = check(sub, child, propertyPath(path, key));
          if (problem) return problem;
        } else if (extra === false) {
          return { path: propertyPath(path, key), message: 'is not allowed here' };
        }
      }
    }
    if (schema.items && Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = check(schema.items, value[i], `${path}[${i}]`);
        if (problem) return problem;
      }
    }
    return null;
  };

  const start = resolve(pointer);
  return (value: unknown): SchemaProblem | null => check(start, value, '$');
}
