import { z } from 'zod';
import { strataError } from '../core/errors.js';
import { decodeGlobalIdOf, type NodeTypeName } from '../core/global-id.js';
import { normalizeText } from '../core/normalize.js';

/**
 * Edge validation of every write's input, before anything touches the graph. A failure is BAD_USER_INPUT whose
 * `extensions.field` is the path inside `input` (e.g. `records.7.text`) and, for an item of a list, `extensions.index`
 * is its position: a batch with one bad record fails as a whole and says which record.
 *
 * Limits (also in docs/walkthrough.md):
 * - record, output and prompt text: at most 32 KB (32,768 bytes of UTF-8), not empty after normalisation;
 * - text may contain tab, newline and carriage return, but no other control character (C0, DEL, C1), and must be
 *   valid Unicode (no lone surrogates: they have no UTF-8 encoding);
 * - one-line fields (names, handles, licenses, versions): no control characters at all, trimmed, length-capped;
 * - ids must be global ids of the right type (`Datanet:dn_…`); ids that are well-formed but name nothing are
 *   BAD_USER_INPUT too, naming the field (the rule for every id inside a write's input).
 */
export const MAX_TEXT_BYTES = 32 * 1024;

const LONE_SURROGATE = /\p{Cs}/u;
const TEXT_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a multi-line text is unacceptable, or null when it is fine. */
export function textProblem(text: string, options: { maxBytes?: number; allowEmpty?: boolean } = {}): string | null {
  const maxBytes = options.maxBytes ?? MAX_TEXT_BYTES;
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) return `is not valid Unicode: a lone surrogate at offset ${surrogate.index} has no UTF-8 encoding`;
  const control = TEXT_CONTROL.exec(text);
  if (control) {
    return `contains the control character ${codePoint(control[0])} at offset ${control.index}; only tab, newline and carriage return are allowed`;
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) return `is ${bytes} bytes of UTF-8; the limit is ${maxBytes} bytes (${maxBytes / 1024} KB)`;
  if (!options.allowEmpty && normalizeText(text) === '') return 'is empty after normalisation (NFKC, whitespace collapsed, trimmed)';
  return null;
}

/** Multi-line text (records, outputs, prompts), stored as given. */
export const textField = (options: { maxBytes?: number; allowEmpty?: boolean } = {}) =>
  z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, options);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A one-line value (name, handle, license): no control characters, trimmed, 1..max characters. */
export const lineField = (max: number, pattern?: { regex: RegExp; description: string }) =>
  z.string().transform((value, ctx) => {
    const trimmed = value.trim();
    const surrogate = LONE_SURROGATE.exec(value);
    const control = ANY_CONTROL.exec(value);
    if (surrogate) ctx.addIssue({ code: 'custom', message: `is not valid Unicode: a lone surrogate at offset ${surrogate.index}` });
    else if (control) ctx.addIssue({ code: 'custom', message: `contains the control character ${codePoint(control[0])}; one-line fields allow none` });
    else if (trimmed === '') ctx.addIssue({ code: 'custom', message: 'must not be empty' });
    else if ([...trimmed].length > max) ctx.addIssue({ code: 'custom', message: `is ${[...trimmed].length} characters; the limit is ${max}` });
    else if (pattern && !pattern.regex.test(trimmed)) ctx.addIssue({ code: 'custom', message: pattern.description });
    else return trimmed;
    return z.NEVER;
  });

/** A global id of one node type (`Datanet:dn_x`), decoded to the local id. */
export const globalIdOf = (type: NodeTypeName) =>
  z.string().transform((value, ctx) => {
    try {
      return decodeGlobalIdOf(type, value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** A list of distinct items (ids), with its size bounds, naming the first repeated position. */
export const distinctList = <T extends z.ZodType>(item: T, bounds: { min: number; max: number; what: string }) =>
  z
    .array(item)
    .min(bounds.min, `needs at least ${bounds.min} ${bounds.what}`)
    .max(bounds.max, `takes at most ${bounds.max} ${bounds.what}`)
    .superRefine((items, ctx) => {
      const seen = new Map<string, number>();
      items.forEach((value, index) => {
        const key = JSON.stringify(value);
        const first = seen.get(key);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index], message: `repeats item ${first}` });
        else seen.set(key, index);
      });
    });

/** Client-chosen idempotency key: 1–128 printable ASCII characters without spaces (a UUID fits). */
export const idempotencyKeyField = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1–128 printable ASCII characters without spaces (a UUID is a good choice)')
  .nullish()
  .transform((value) => value ?? null);

/** Optional fields arrive as null or undefined from GraphQL; domain code sees null. */
export const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => (value ?? null) as z.output<T> | null);

type Issue = { path: PropertyKey[]; message: string };

const pathOf = (issue: Issue) => issue.path.map(String).join('.') || 'input';

/** Parses a write's input or throws one BAD_USER_INPUT naming the field (and the item index for lists). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(result.error.issues as Issue[]);
}

export function invalidInput(issues: Issue[]) {
  const first = issues[0] ?? { path: [], message: 'is invalid' };
  const index = first.path.find((p): p is number => typeof p === 'number');
  const shown = issues.slice(0, 5).map((i) => `${pathOf(i)} ${i.message}`);
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more problems)` : '';
  return strataError('BAD_USER_INPUT', `${shown.join('; ')}${more}.`, {
    field: pathOf(first),
    ...(index !== undefined ? { index } : {}),
  });
}

/** A BAD_USER_INPUT about one field, built like the parsed ones (for checks that need the graph, e.g. unknown ids). */
export function fieldError(path: Array<string | number>, message: string) {
  return invalidInput([{ path, message }]);
}
