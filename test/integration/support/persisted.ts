import { trustedDocumentNamed } from '../../../api/http/trusted-documents.js';

/** A GET of a trusted document by hash alone (docs/architecture.md#lookups-over-get), as a browser or a CDN sends it. */
export async function getPersisted(url: string, name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  const hash = trustedDocumentNamed(name).sha256Hash;
  const search = new URLSearchParams({
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }),
  });
  return fetch(`${url}?${search}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
}
