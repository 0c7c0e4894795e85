import { encodeGlobalId } from '../core/global-id.js';
import type { ContributorEventShape } from '../store/contributor-events.js';

/**
 * What an event about a contributor's contributions says, with global ids a client can look up
 * (docs/architecture.md#notifications). The one definition of an event's content: the webhook body is this object
 * as JSON, and the GraphQL event stream (`Subscription.contributorEvents`) serves the same fields, so a client that
 * hears of an event on both channels can de-duplicate it by `id`.
 */
interface EventHeader {
  id: string;
  occurredAt: string;
  contributor: string;
}
export interface RecordUsedBody extends EventHeader {
  kind: 'RECORD_USED';
  output: string;
  records: Array<{ id: string; share: number | null }>;
}
export interface ValueDroppedBody extends EventHeader {
  kind: 'VALUE_DROPPED';
  model: string;
  previousModel: string | null;
  meanShare?: number | null;
  previousMeanShare?: number | null;
  dropFromPrevious?: number | null;
  threshold?: number;
}
export interface ProposalNamedBody extends EventHeader {
  kind: 'PROPOSAL_NAMED';
  proposal: string;
  proposalKind: string | null;
  role: string | null;
}
export type ContributorEventBody = RecordUsedBody | ValueDroppedBody | ProposalNamedBody;

/** The numbers behind a VALUE_DROPPED flag, as stored in the event's `payload` (JSON). */
export interface ValueDropNumbers {
  previousModelId: string | null;
  meanShare: number | null;
  previousMeanShare: number | null;
  dropFromPrevious: number | null;
  threshold: number;
}

export function valueDroppedEventId(modelId: string, contributorId: string): string {
  return `value-dropped:${modelId}:${contributorId}`;
}

export function eventBody(e: ContributorEventShape): ContributorEventBody {
  const header = { id: e.eventId, kind: e.kind, occurredAt: e.occurredAt, contributor: encodeGlobalId('Contributor', e.contributorId) };
  switch (e.kind) {
    case 'VALUE_DROPPED': {
      const { previousModelId, ...numbers } = JSON.parse(e.payload ?? '{}') as Partial<ValueDropNumbers>;
      return {
        ...header,
        kind: 'VALUE_DROPPED',
        model: encodeGlobalId('Model', e.modelId!),
        previousModel: previousModelId ? encodeGlobalId('Model', previousModelId) : null,
        ...numbers,
      };
    }
    case 'PROPOSAL_NAMED':
      return { ...header, kind: 'PROPOSAL_NAMED', proposal: encodeGlobalId('Proposal', e.proposalId!), proposalKind: e.proposalKind ?? null, role: e.role ?? null };
    default:
      return {
        ...header,
        kind: 'RECORD_USED',
        output: encodeGlobalId('Output', e.outputId!),
        records: (e.recordIds ?? []).map((id, i) => ({ id: encodeGlobalId('Record', id), share: e.shares?.[i] ?? null })),
      };
  }
}
