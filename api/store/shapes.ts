/** What the resolvers receive: node properties as stored in Neo4j (see docs/architecture.md#the-graph-model). */
export interface ContributorShape { id: string; handle: string; createdAt: string; roles?: string[] }
export interface DatanetShape { id: string; name: string; description: string; domain?: string | null; admission: 'OPEN' | 'REVIEWED'; ownerId?: string | null; createdAt: string }
export interface RecordShape {
  id: string; contentHash: string; text: string; license: string; status: 'PENDING' | 'ACCEPTED' | 'REJECTED';
  submittedAt: string; acceptedAt?: string | null; datanetId: string; contributorId: string; clusterId?: string | null;
}
export interface ContentClusterShape { id: string; contentHash: string; ownerRecordId?: string | null }
export interface BaseModelShape { id: string; name: string; family: string; createdAt?: string }
export interface AdapterShape { id: string; name: string; baseModelId: string; builderId?: string | null; derivedFromId?: string | null; createdAt: string }
export interface ModelShape {
  id: string; name: string; version: string; baseModelId: string; ownerId?: string | null; previousVersionId?: string | null; createdAt: string;
}
export interface OutputShape {
  id: string; contentHash: string; text: string; prompt?: string | null; modelId: string; createdAt: string; fee?: string | null;
  attributionMethod?: string | null; attributionMethodVersion?: string | null; coverage?: number | null;
  /** The paraphrase tier's embedding model, when it took part in the attribution. */
  embeddingModel?: string | null;
  /** JSON of the evidence spans: [{start, end, text, recordIds}] */
  attributionSpans?: string | null;
  /** JSON of KindCoverage[]; absent for attributions stored before evidence tiers. */
  coverageByKind?: string | null;
  /** Index of the output's attribution event in the transparency log. */
  logIndex?: number | null;
}
