import { lineageCypher, lineagePageParams } from '../../api/store/reads/lineage.js';
import { trustedDocumentNamed } from '../../api/http/trusted-documents.js';

/**
 * What each contender is asked, written as its user would write it.
 *
 * Provenance lookup: an output's model, its attribution (method, coverage) and its datanets, adapters and
 * contributors with their shares, largest first. No DateTime field is asked for: @neo4j/graphql 7 formats DateTime
 * values with APOC (apoc.date.convertFormat), which the project's Neo4j does not ship.
 * Upstream lineage: everything the output was made from within 4 hops, first page of 50.
 */

/** The API's trusted lookup document (api/http/trusted-documents.ts): the same text over POST and, by hash, over GET. */
export const STRATA_LOOKUP = trustedDocumentNamed('OutputProvenance').document;

/** The same lookup by the output's content hash, as the extension asks about an answer on a page. */
export const STRATA_LOOKUP_BY_HASH = trustedDocumentNamed('OutputProvenanceByContentHash').document;

/** The path and query string of a GET of the lookup by hash alone (docs/architecture.md#lookups-over-get). */
export function strataLookupGetPath(globalId: string): string {
  const search = new URLSearchParams({
    variables: JSON.stringify({ id: globalId }),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: trustedDocumentNamed('OutputProvenance').sha256Hash } }),
  });
  return `/graphql?${search}`;
}

export const PEER_LOOKUP = /* GraphQL */ `
  query Provenance($id: ID!) {
    outputs(where: { id: { eq: $id } }) {
      id contentHash attributionMethod attributionMethodVersion coverage
      model { id name version }
      datanetsConnection(sort: [{ edge: { share: DESC } }]) { edges { properties { share } node { id name } } }
      adaptersConnection(sort: [{ edge: { share: DESC } }]) { edges { properties { share } node { id name } } }
      contributorsConnection(sort: [{ edge: { share: DESC } }]) { edges { properties { share } node { id handle } } }
    }
  }`;

/**
 * Not a query the API sends: the API's provenance query (`outputProvenanceCypher`) with only the properties a trusted
 * lookup selects instead of whole nodes (no text, prompt, spans or timestamps). The bench times it beside the API's
 * own query to measure what returning whole nodes costs a cold lookup.
 */
export const NARROW_PROVENANCE = /* Cypher */ `UNWIND $ids AS id
MATCH (o:Output {id: id})
OPTIONAL MATCH (m:Model {id: o.modelId})
CALL (o) {
  OPTIONAL MATCH (o)-[i:INFLUENCED_BY]->(x)
  RETURN collect(CASE WHEN x IS NULL THEN null ELSE
    {kind: labels(x)[0], targetId: x.id, share: i.share, node: CASE WHEN x:Record THEN null ELSE x {.id, .name, .handle} END} END) AS influences
}
RETURN o {.id, .contentHash, .modelId, .attributionMethod, .attributionMethodVersion, .coverage, .coverageByKind} AS o,
  m {.id, .name, .version} AS m, influences`;

/** The one query the lookup needs, by hand: an index seek on the output, then its few edges. */
export const RAW_LOOKUP = /* Cypher */ `
MATCH (o:Output {id: $id})-[:GENERATED_BY]->(m:Model)
CALL (o) {
  MATCH (o)-[i:INFLUENCED_BY]->(d:Datanet) WITH i, d ORDER BY i.share DESC, d.id
  RETURN collect({id: d.id, name: d.name, share: i.share}) AS datanets
}
CALL (o) {
  MATCH (o)-[i:INFLUENCED_BY]->(a:Adapter) WITH i, a ORDER BY i.share DESC, a.id
  RETURN collect({id: a.id, name: a.name, share: i.share}) AS adapters
}
CALL (o) {
  MATCH (o)-[i:INFLUENCED_BY]->(c:Contributor) WITH i, c ORDER BY i.share DESC, c.id
  RETURN collect({id: c.id, handle: c.handle, share: i.share}) AS contributors
}
RETURN o.id AS id, o.contentHash AS contentHash, o.attributionMethod AS method,
  o.attributionMethodVersion AS methodVersion, o.coverage AS coverage, m {.id, .name, .version} AS model,
  datanets, adapters, contributors`;

export const STRATA_LINEAGE = /* GraphQL */ `
  query Lineage($of: ID!, $after: String) {
    lineage(of: $of, direction: UPSTREAM, maxDepth: 4, first: 50, after: $after) {
      totalCount
      completeness { isComplete truncatedNodes reasons }
      pageInfo { hasNextPage endCursor }
      edges { cursor minDepth pathCount reachedBy node { __typename id } }
    }
  }`;

/** The same page for a client that asks for no totals: the API stops the search once the page is full. */
export const STRATA_LINEAGE_PAGE_ONLY = /* GraphQL */ `
  query LineagePage($of: ID!) {
    lineage(of: $of, direction: UPSTREAM, maxDepth: 4, first: 50) {
      pageInfo { hasNextPage endCursor }
      edges { cursor minDepth pathCount reachedBy node { __typename id } }
    }
  }`;

/** The raw side of the lineage comparison: the very Cypher the API sends, run by the driver without HTTP/GraphQL. */
export const RAW_LINEAGE = lineageCypher('Output', 4);
export function rawLineageParams(outputId: string, after: { depth: number; id: string } | null = null) {
  // STRATA_LINEAGE asks for 50 and selects totalCount and completeness: the API reads 51 over the whole closure.
  return lineagePageParams({ label: 'Output', id: outputId, direction: 'UPSTREAM', maxDepth: 4 }, after, 51, true);
}

/**
 * The nested selection a client of the generated API writes for "what was this output made from, 4 hops up", with
 * connections (first: 50, pageInfo, totalCount) wherever a list can be long. Depths as in Strata's upstream rules:
 * output → model / influenced datanets, adapters, contributors, records → adapters, base model, previous version,
 * datanet records, record contributors → trained-on datanets, builders → their records → contributors.
 */
export const PEER_LINEAGE = /* GraphQL */ `
  query Lineage($id: ID!) {
    outputs(where: { id: { eq: $id } }) {
      id
      model {
        id name version
        basedOn { id name }
        previousVersion { id version basedOn { id } uses { id } }
        usesConnection(first: 50) {
          totalCount
          edges { properties { weight } node {
            id name
            adapts { id }
            builtBy { id handle }
            derivedFrom { id adapts { id } trainedOn { id } builtBy { id } }
            trainedOnConnection(first: 50) {
              totalCount
              edges { properties { snapshotSize } node {
                id name
                recordsConnection(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
              } }
            }
          } }
        }
      }
      datanetsConnection(first: 50) {
        totalCount
        edges { properties { share } node {
          id name
          recordsConnection(first: 50) {
            totalCount pageInfo { hasNextPage endCursor }
            edges { node { id contributedBy { id handle } reviewedBy { id handle } } }
          }
        } }
      }
      adaptersConnection(first: 50) {
        totalCount
        edges { properties { share } node {
          id name
          adapts { id }
          builtBy { id handle }
          derivedFrom { id adapts { id } builtBy { id } trainedOn { id } }
          trainedOnConnection(first: 50) {
            totalCount
            edges { node { id recordsConnection(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }
          }
        } }
      }
      contributorsConnection(first: 50) { totalCount edges { properties { share } node { id handle } } }
      recordsConnection(first: 50) {
        totalCount
        edges { properties { share } node { id contributedBy { id handle } reviewedBy { id handle } } }
      }
    }
  }`;

/** The lookup answers reduced to one comparable shape: model id and (id, share) lists. */
export interface LookupAnswer {
  model: string;
  datanets: Array<[string, number]>;
  adapters: Array<[string, number]>;
  contributors: Array<[string, number]>;
}

export function strataAnswer(data: any): LookupAnswer {
  const a = data.output.attribution;
  const local = (id: string) => id.slice(id.indexOf(':') + 1);
  return {
    model: local(data.output.model.id),
    datanets: a.datanets.map((s: any) => [local(s.datanet.id), s.share]),
    adapters: a.adapters.map((s: any) => [local(s.adapter.id), s.share]),
    contributors: a.contributors.map((s: any) => [local(s.contributor.id), s.share]),
  };
}

export function peerAnswer(data: any): LookupAnswer {
  const o = data.outputs[0];
  const list = (c: any) => c.edges.map((e: any) => [e.node.id, e.properties.share]);
  return { model: o.model[0].id, datanets: list(o.datanetsConnection), adapters: list(o.adaptersConnection), contributors: list(o.contributorsConnection) };
}

export function rawAnswer(row: Record<string, any>): LookupAnswer {
  const list = (l: any[]) => l.map((x) => [x.id, x.share] as [string, number]);
  return { model: row.model.id, datanets: list(row.datanets), adapters: list(row.adapters), contributors: list(row.contributors) };
}

/** Same model, same ids, same shares (to 1e-9); order may differ only among equal shares. */
export function sameAnswer(a: LookupAnswer, b: LookupAnswer): boolean {
  const same = (x: Array<[string, number]>, y: Array<[string, number]>) => {
    if (x.length !== y.length) return false;
    const m = new Map(y);
    return x.every(([id, share]) => m.has(id) && Math.abs(m.get(id)! - share) < 1e-9);
  };
  return a.model === b.model && same(a.datanets, b.datanets) && same(a.adapters, b.adapters) && same(a.contributors, b.contributors);
}
