import { builder } from './builder.js';
import type {
  AdapterShape, BaseModelShape, ContentClusterShape, ContributorShape, DatanetShape, ModelShape, OutputShape, RecordShape,
} from '../store/shapes.js';
import type { ProposalShape } from '../store/governance.js';

/** Refs first, implementations in one file per type: the types reference each other in cycles. */
export const ContributorRef = builder.objectRef<ContributorShape>('Contributor');
export const DatanetRef = builder.objectRef<DatanetShape>('Datanet');
export const RecordRef = builder.objectRef<RecordShape>('Record');
export const ContentClusterRef = builder.objectRef<ContentClusterShape>('ContentCluster');
export const BaseModelRef = builder.objectRef<BaseModelShape>('BaseModel');
export const AdapterRef = builder.objectRef<AdapterShape>('Adapter');
export const ModelRef = builder.objectRef<ModelShape>('Model');
export const OutputRef = builder.objectRef<OutputShape>('Output');
export const ProposalRef = builder.objectRef<ProposalShape>('Proposal');
