/**
 * Every GraphQL document the extension sends, in one place so field names are trivial to adjust.
 * Names follow docs/architecture.md#fixed-names. The background worker sends these, except the side panel's
 * notifications (the event subscription and the names its events point at), which the panel sends while it is open
 * (extension/lib/contributor-events.ts says why).
 */

/**
 * A span, its evidence tier, and its source records named for people: datanet, contributor handle, the passage (cut
 * to a snippet) and, per record, the matched passage in its context (docs/architecture.md#attribution).
 */
const SOURCE_RECORD_FIELDS = /* GraphQL */ `id datanet { id name } contributor { id handle }`;
const SPAN_FIELDS = /* GraphQL */ `start end text kind similarity
      records { ${SOURCE_RECORD_FIELDS} text }
      sources { context matchStart matchEnd record { ${SOURCE_RECORD_FIELDS} } }`;

const ATTRIBUTION_FIELDS = /* GraphQL */ `
    method
    methodVersion
    coverage
    coverageByKind { kind coverage }
    datanets { datanet { id name } share }
    adapters { adapter { id name } share }
    contributors { contributor { id handle } share }
    records { record { id } share }
    spans { ${SPAN_FIELDS} }`;

export const LOG_CHECKPOINT_QUERY = /* GraphQL */ `
query StrataLogCheckpoint {
  logCheckpoint { origin treeSize rootHash note publicKey }
}`;

const OUTPUT_FIELDS = /* GraphQL */ `
    id
    contentHash
    text
    model { id name version }
    attribution {${ATTRIBUTION_FIELDS}
    }`;

const LOG_ENTRY_FIELDS = /* GraphQL */ `
    logEntry {
      index
      leafHash
      entry
      inclusionProof(treeSize: $treeSize) @include(if: $withProof)
    }`;

/** `$withProof` is false when no checkpoint could be read: the output is still shown, unverified. */
export const OUTPUT_BY_CONTENT_QUERY = /* GraphQL */ `
query StrataOutputByContent($contentHash: String!, $treeSize: BigInt, $withProof: Boolean!) {
  outputByContent(contentHash: $contentHash) {${OUTPUT_FIELDS}${LOG_ENTRY_FIELDS}
  }
}`;

/**
 * The same output found by the words hash of the page's text (docs/architecture.md#the-words-hash): what a page that
 * renders the output's markdown shows. Only the hash is sent.
 */
export const OUTPUT_BY_WORDS_QUERY = /* GraphQL */ `
query StrataOutputByWords($wordsHash: String!, $treeSize: BigInt, $withProof: Boolean!) {
  outputByContent(wordsHash: $wordsHash) {${OUTPUT_FIELDS}${LOG_ENTRY_FIELDS}
  }
}`;

/** For an API without the transparency log (older server): the same output, nothing to verify. */
export const OUTPUT_BY_CONTENT_NO_LOG_QUERY = /* GraphQL */ `
query StrataOutputByContentNoLog($contentHash: String!) {
  outputByContent(contentHash: $contentHash) {${OUTPUT_FIELDS}
  }
}`;

export const TRACE_TEXT_QUERY = /* GraphQL */ `
query StrataTraceText($text: String!, $modelId: ID) {
  traceText(text: $text, modelId: $modelId) {
    spans { ${SPAN_FIELDS} }
    attribution {${ATTRIBUTION_FIELDS}
    }
  }
}`;

export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM';

const LINEAGE_GRAPH_FIELDS = /* GraphQL */ `
    nodes { id kind label }
    edges { from to kind }
    frontier { id hiddenNeighbours }`;

export const LINEAGE_GRAPH_QUERY = /* GraphQL */ `
query StrataLineageGraph($of: ID!, $direction: LineageDirection, $maxDepth: Int, $maxNodes: Int) {
  lineageGraph(of: $of, direction: $direction, maxDepth: $maxDepth, maxNodes: $maxNodes) {${LINEAGE_GRAPH_FIELDS}
  }
}`;

export interface LineageGraphVariables {
  of: string;
  direction: LineageDirection;
  maxDepth: number;
  maxNodes: number;
}

/**
 * The lineage query with its arguments written inline, ready to paste into any GraphQL client (the side panel's
 * "copy GraphQL query" link). JSON string escaping is valid GraphQL string escaping.
 */
export function inlineLineageGraphQuery(v: LineageGraphVariables): string {
  return `query {
  lineageGraph(of: ${JSON.stringify(v.of)}, direction: ${v.direction}, maxDepth: ${Math.trunc(v.maxDepth)}, maxNodes: ${Math.trunc(v.maxNodes)}) {${LINEAGE_GRAPH_FIELDS}
  }
}
`;
}

/**
 * What a voter sees of a proposal before voting (docs/architecture.md#governance): who proposes what, the tally, and
 * the impact of each kind. `impact.correction` re-traces the output and is priced like verifyAttribution, too much for
 * a list: it is asked for one ATTRIBUTION_CORRECTION at a time (PROPOSAL_CORRECTION_QUERY).
 */
const PROPOSAL_FIELDS = /* GraphQL */ `
    id kind action title rationale status votingEndsAt quorum threshold
    proposer { id handle }
    subject { __typename id ... on Contributor { handle } ... on Datanet { name } }
    tally { yes no abstain eligibleVoters quorumReached }
    rewardPolicy { platform adapterBuilders dataContributors validators }
    governancePolicy { quorum threshold votingPeriodSeconds }
    impact {
      outputs contributors records clusters duplicates earnings earningsShare
      simulation {
        outputs totalFees topTenShareBefore topTenShareAfter giniBefore giniAfter
        contributors { contributor { id handle } before after delta }
      }
    }`;

export const OPEN_PROPOSALS_QUERY = /* GraphQL */ `
query StrataOpenProposals {
  proposals(status: OPEN, first: 20) {
    totalCount
    edges { node {${PROPOSAL_FIELDS}
    } }
  }
}`;

export const PROPOSAL_CORRECTION_QUERY = /* GraphQL */ `
query StrataProposalCorrection($id: ID!) {
  proposal(id: $id) {
    impact {
      correction {
        before { coverage }
        after { coverage }
        payouts { recipientId role before after delta recipient { handle } }
      }
    }
  }
}`;

/** The voter's key is the bearer; the idempotency key makes a retried click one vote. */
export const CAST_VOTE_MUTATION = /* GraphQL */ `
mutation StrataCastVote($input: CastVoteInput!) {
  castVote(input: $input) {
    proposal { id status tally { yes no abstain eligibleVoters quorumReached } }
  }
}`;

/**
 * The contributor's events, over SSE at `<endpoint>/stream` (docs/architecture.md#the-event-stream). `after` is the
 * last cursor the panel received, so a reconnection replays what it missed.
 */
export const CONTRIBUTOR_EVENTS_SUBSCRIPTION = /* GraphQL */ `
subscription StrataContributorEvents($after: String) {
  contributorEvents(after: $after) {
    id kind occurredAt cursor
    payload {
      __typename
      ... on RecordUsedEvent { output records { id share } }
      ... on ValueDroppedEvent { model previousModel meanShare previousMeanShare dropFromPrevious threshold }
      ... on ProposalNamedEvent { proposal proposalKind role }
    }
  }
}`;

/** The names an event's ids stand for, so a notification reads in words (the output's model, a record's text, a proposal's title). */
export const EVENT_SUBJECT_QUERY = /* GraphQL */ `
query StrataEventSubject($id: ID!, $record: ID!, $withRecord: Boolean!) {
  subject: node(id: $id) {
    __typename
    ... on Output { model { name version } }
    ... on Model { name version }
    ... on Proposal { title }
  }
  record: node(id: $record) @include(if: $withRecord) { ... on Record { text } }
}`;
