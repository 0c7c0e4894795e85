import { encodeGlobalId, type NodeTypeName } from '../core/global-id.js';

/**
 * Strata's lineage as W3C PROV-O (https://www.w3.org/TR/prov-o/), in JSON-LD: pure mapping from nodes and edges as the
 * store reads them to a document any JSON-LD processor can expand to RDF (docs/architecture.md#prov-o-export).
 *
 * Every node is named by its PROV URL, `<origin>/prov/<global id>`, so an IRI in one document is the address of the
 * next. Edges point from the thing made to what it was made from; each becomes PROV's unqualified relation and, when
 * the edge carries numbers (an attribution share, a training snapshot, a weight), a qualified influence that holds
 * them as Strata terms from the context the API publishes at `/prov/context.jsonld`.
 */

export const PROV = 'http://www.w3.org/ns/prov#';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

/** Where the published context is, and the namespace of Strata's own terms, for an API served at `origin`. */
export const contextUrl = (origin: string) => `${origin}/prov/context.jsonld`;
export const termsNamespace = (origin: string) => `${origin}/prov/terms#`;

/** A node's IRI: its PROV URL. The global id stays readable (`Output:out_1`); only what a path cannot hold is escaped. */
export function nodeIri(origin: string, label: string, id: string): string {
  return `${origin}/prov/${encodeURI(encodeGlobalId(label, id))}`;
}

const iriRef = (id: string) => ({ '@id': id, '@type': '@id' });
const typed = (id: string, type: string) => ({ '@id': id, '@type': type });

/** The published `@context`: PROV-O's terms under short names, and Strata's terms (share, method, …) in its namespace. */
export function provContext(origin: string) {
  return {
    '@context': {
      '@version': 1.1,
      prov: PROV,
      xsd: XSD,
      rdfs: RDFS,
      dcterms: 'http://purl.org/dc/terms/',
      strata: termsNamespace(origin),
      // PROV classes and relations used by the export.
      Entity: 'prov:Entity',
      Activity: 'prov:Activity',
      Agent: 'prov:Agent',
      Collection: 'prov:Collection',
      Influence: 'prov:Influence',
      Derivation: 'prov:Derivation',
      wasDerivedFrom: iriRef('prov:wasDerivedFrom'),
      wasRevisionOf: iriRef('prov:wasRevisionOf'),
      wasGeneratedBy: iriRef('prov:wasGeneratedBy'),
      used: iriRef('prov:used'),
      wasAttributedTo: iriRef('prov:wasAttributedTo'),
      wasInfluencedBy: iriRef('prov:wasInfluencedBy'),
      hadMember: iriRef('prov:hadMember'),
      qualifiedInfluence: { '@id': 'prov:qualifiedInfluence' },
      qualifiedDerivation: { '@id': 'prov:qualifiedDerivation' },
      influencer: iriRef('prov:influencer'),
      entity: iriRef('prov:entity'),
      hadRole: iriRef('prov:hadRole'),
      generatedAtTime: typed('prov:generatedAtTime', 'xsd:dateTime'),
      endedAtTime: typed('prov:endedAtTime', 'xsd:dateTime'),
      label: 'rdfs:label',
      license: 'dcterms:license',
      // Strata's node kinds.
      Contributor: 'strata:Contributor',
      Datanet: 'strata:Datanet',
      Record: 'strata:Record',
      ContentCluster: 'strata:ContentCluster',
      BaseModel: 'strata:BaseModel',
      Adapter: 'strata:Adapter',
      Model: 'strata:Model',
      Output: 'strata:Output',
      AgentStep: 'strata:AgentStep',
      OutputGeneration: 'strata:OutputGeneration',
      AttributionShare: 'strata:AttributionShare',
      TrainingSnapshot: 'strata:TrainingSnapshot',
      AdapterWeight: 'strata:AdapterWeight',
      Review: 'strata:Review',
      // Strata's terms: an attribution share (fraction of the attributed credit), how it was computed, and the rest.
      share: typed('strata:share', 'xsd:double'),
      method: 'strata:method',
      methodVersion: 'strata:methodVersion',
      coverage: typed('strata:coverage', 'xsd:double'),
      weight: typed('strata:weight', 'xsd:double'),
      snapshotSize: typed('strata:snapshotSize', 'xsd:integer'),
      snapshotAt: typed('strata:snapshotAt', 'xsd:dateTime'),
      verdict: 'strata:verdict',
      contentHash: 'strata:contentHash',
      globalId: 'strata:globalId',
      depth: typed('strata:depth', 'xsd:integer'),
      // The page itself: what it describes, how far, and where the next page is.
      LineagePage: 'strata:LineagePage',
      subject: iriRef('strata:subject'),
      maxDepth: typed('strata:maxDepth', 'xsd:integer'),
      totalCount: typed('strata:totalCount', 'xsd:integer'),
      isComplete: typed('strata:isComplete', 'xsd:boolean'),
      incompleteBecause: 'strata:incompleteBecause',
      nextPage: iriRef('strata:nextPage'),
    },
  };
}

/** A node of the lineage as the store reads it: its label, its properties, its distance from the subject. */
export interface ProvNode {
  label: NodeTypeName;
  properties: Record<string, unknown> & { id: string };
  depth: number;
}

/** An edge from the thing made (`from`) to what it was made from (`to`), with the edge's stored properties. */
export interface ProvRelation {
  from: { label: string; id: string };
  kind: string;
  to: { label: string; id: string };
  properties: Record<string, unknown>;
}

export interface ProvPage {
  origin: string;
  subject: { label: string; id: string };
  maxDepth: number;
  /** The subject (depth 0) on the first page, then the page's lineage nodes, nearest first. */
  nodes: ProvNode[];
  /** The upstream edges of the page's nodes that lie within maxDepth. */
  relations: ProvRelation[];
  totalCount: number;
  completeness: { isComplete: boolean; reasons: string[] };
  /** This page's URL and the next one's (null on the last page). */
  pageUrl: string;
  nextPageUrl: string | null;
}

type JsonObject = Record<string, unknown>;

/** A short human-readable name, as lineageGraph draws it. */
function labelOf(node: Record<string, unknown>): string {
  const text = node.handle ?? (node.version ? `${node.name} ${node.version}` : node.name) ?? node.id;
  return String(text);
}

const KIND_TYPES: Record<string, string[]> = {
  Contributor: ['Agent', 'Contributor'],
  Datanet: ['Entity', 'Collection', 'Datanet'],
};

function describeNode(origin: string, node: ProvNode): JsonObject {
  const p = node.properties;
  const out: JsonObject = {
    '@id': nodeIri(origin, node.label, p.id),
    '@type': KIND_TYPES[node.label] ?? ['Entity', node.label],
    globalId: encodeGlobalId(node.label, p.id),
    depth: node.depth,
  };
  if (node.label !== 'Record' && node.label !== 'Output' && node.label !== 'ContentCluster') out.label = labelOf(p);
  if (typeof p.contentHash === 'string') out.contentHash = p.contentHash;
  if (typeof p.license === 'string') out.license = p.license;
  if (node.label === 'Output') {
    if (typeof p.createdAt === 'string') out.generatedAtTime = p.createdAt;
    if (typeof p.attributionMethod === 'string') out.method = p.attributionMethod;
    if (typeof p.attributionMethodVersion === 'string') out.methodVersion = p.attributionMethodVersion;
    if (typeof p.coverage === 'number') out.coverage = p.coverage;
  }
  return out;
}

/** Adds `value` to the list under `key` (JSON-LD reads a list and a single value alike). */
function add(target: JsonObject, key: string, value: unknown): void {
  const existing = target[key];
  if (existing === undefined) target[key] = [value];
  else (existing as unknown[]).push(value);
}

/** How one edge kind reads in PROV; `subject` is the described node of the edge's `from`. */
function relate(origin: string, subject: JsonObject, extra: JsonObject[], relation: ProvRelation): void {
  const from = String(subject['@id']);
  const to = nodeIri(origin, relation.to.label, relation.to.id);
  const target = { '@id': to };
  const qualifier = `${from}#${relation.kind.toLowerCase()}/${encodeURI(encodeGlobalId(relation.to.label, relation.to.id))}`;
  const p = relation.properties;
  switch (relation.kind) {
    case 'GENERATED_BY': {
      // An output is generated by one generation activity that used the model.
      const activity = `${from}#generation`;
      subject.wasGeneratedBy = { '@id': activity };
      const generation: JsonObject = { '@id': activity, '@type': ['Activity', 'OutputGeneration'], used: target };
      if (typeof subject.generatedAtTime === 'string') generation.endedAtTime = subject.generatedAtTime;
      extra.push(generation);
      return;
    }
    case 'INFLUENCED_BY': {
      // One attribution share: the unqualified influence, and a qualified one with the share and how it was computed.
      add(subject, 'wasInfluencedBy', target);
      const influence: JsonObject = { '@id': qualifier, '@type': ['Influence', 'AttributionShare'], influencer: target };
      if (typeof p.share === 'number') influence.share = p.share;
      if (p.method != null) influence.method = String(p.method);
      if (p.methodVersion != null) influence.methodVersion = String(p.methodVersion);
      add(subject, 'qualifiedInfluence', influence);
      return;
    }
    case 'CONTRIBUTED':
    case 'BUILT':
      add(subject, 'wasAttributedTo', target);
      return;
    case 'REVIEWED': {
      add(subject, 'wasInfluencedBy', target);
      const review: JsonObject = { '@id': qualifier, '@type': ['Influence', 'Review'], influencer: target, hadRole: { '@id': 'strata:reviewer' } };
      if (p.verdict != null) review.verdict = String(p.verdict);
      add(subject, 'qualifiedInfluence', review);
      return;
    }
    case 'TRAINED_ON':
    case 'USES': {
      add(subject, 'wasDerivedFrom', target);
      const derivation: JsonObject = { '@id': qualifier, '@type': ['Derivation', relation.kind === 'USES' ? 'AdapterWeight' : 'TrainingSnapshot'], entity: target };
      if (typeof p.snapshotSize === 'number') derivation.snapshotSize = p.snapshotSize;
      if (typeof p.snapshotAt === 'string') derivation.snapshotAt = p.snapshotAt;
      if (typeof p.weight === 'number') derivation.weight = p.weight;
      add(subject, 'qualifiedDerivation', derivation);
      return;
    }
    case 'IN':
      // A datanet is the collection of its records, and was made from them.
      add(subject, 'hadMember', target);
      add(subject, 'wasDerivedFrom', target);
      return;
    case 'PREVIOUS_VERSION':
      add(subject, 'wasRevisionOf', target);
      add(subject, 'wasDerivedFrom', target);
      return;
    default:
      // ADAPTS, BASED_ON, DERIVED_FROM: plain derivations.
      add(subject, 'wasDerivedFrom', target);
  }
}

/** One page of a node's upstream lineage as a PROV-O JSON-LD document. */
export function provDocument(page: ProvPage): JsonObject {
  const { origin } = page;
  const described = new Map<string, JsonObject>();
  for (const node of page.nodes) described.set(`${node.label}:${node.properties.id}`, describeNode(origin, node));
  const extra: JsonObject[] = [];
  for (const relation of page.relations) {
    const subject = described.get(`${relation.from.label}:${relation.from.id}`);
    if (subject) relate(origin, subject, extra, relation);
  }
  const pageNode: JsonObject = {
    '@id': page.pageUrl,
    '@type': 'LineagePage',
    subject: nodeIri(origin, page.subject.label, page.subject.id),
    maxDepth: page.maxDepth,
    totalCount: page.totalCount,
    isComplete: page.completeness.isComplete,
  };
  if (page.completeness.reasons.length > 0) pageNode.incompleteBecause = page.completeness.reasons;
  if (page.nextPageUrl) pageNode.nextPage = page.nextPageUrl;
  return { '@context': contextUrl(origin), '@graph': [pageNode, ...described.values(), ...extra] };
}
