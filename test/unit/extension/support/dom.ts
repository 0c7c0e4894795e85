/**
 * A DOM for unit tests: linkedom (already installed as WXT's own dependency), one fresh document per call.
 * Code under test takes its Document as a parameter, so no globals are patched.
 */
import { parseHTML } from 'linkedom';

export function makeDocument(body: string, head = ''): Document {
  const { document } = parseHTML(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);
  return document as unknown as Document;
}
