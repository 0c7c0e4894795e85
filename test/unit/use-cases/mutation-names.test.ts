import { expect, it } from 'vitest';
import { printedSchema } from '../../../api/schema/print.js';

// Other tools call these (docs/architecture.md#fixed-names): the mutation names, their single `input` argument and the
// payload fields must not drift.
it('keeps the write path\'s fixed names', () => {
  const sdl = printedSchema();
  for (const [mutation, payloadFields] of [
    ['createContributor', ['contributor: Contributor!', 'apiKey: String']],
    ['createDatanet', ['datanet: Datanet!']],
    ['submitRecords', ['records: [Record!]!', 'duplicates: [DuplicateRecord!]!']],
    ['reviewRecords', ['records: [Record!]!']],
    ['registerBaseModel', ['baseModel: BaseModel!']],
    ['registerAdapter', ['adapter: Adapter!']],
    ['registerModel', ['model: Model!']],
    ['recordOutput', ['output: Output!']],
    ['createProposal', ['proposal: Proposal!']],
    ['castVote', ['proposal: Proposal!']],
    ['executeProposal', ['proposal: Proposal!']],
    ['rotateApiKey', ['apiKey: String']],
    ['revokeApiKey', ['contributor: Contributor!']],
  ] as const) {
    const type = mutation[0]!.toUpperCase() + mutation.slice(1);
    expect(sdl).toContain(`${mutation}(input: ${type}Input!): ${type}Payload!`);
    const payload = new RegExp(`type ${type}Payload \\{([^}]*)\\}`).exec(sdl)?.[1] ?? '';
    for (const field of payloadFields) expect(payload, `${type}Payload`).toContain(field);
  }
  const input = (name: string) => new RegExp(`input ${name} \\{([^}]*)\\}`).exec(sdl)?.[1] ?? '';
  expect(input('SubmitRecordsInput')).toMatch(/datanetId: ID![\s\S]*idempotencyKey: String[\s\S]*records: \[RecordInput!\]!/);
  expect(input('RecordInput')).toMatch(/license: String![\s\S]*text: String!/);
  expect(input('ReviewRecordsInput')).toMatch(/reason: String[\s\S]*recordIds: \[ID!\]![\s\S]*verdict: ReviewVerdict!/);
  expect(input('RegisterAdapterInput')).toMatch(/baseModelId: ID![\s\S]*derivedFromId: ID[\s\S]*trainedOn: \[ID!\]!/);
  expect(input('RegisterModelInput')).toMatch(/adapters: \[ModelAdapterInput!\]![\s\S]*previousVersionId: ID/);
  expect(input('RotateApiKeyInput')).toMatch(/idempotencyKey: String/);
  expect(input('RevokeApiKeyInput')).toMatch(/contributorId: ID![\s\S]*reason: String!/);
  expect(input('RecordOutputInput')).toMatch(/fee: BigInt[\s\S]*modelId: ID![\s\S]*prompt: String[\s\S]*text: String!/);
  expect(input('CreateProposalInput')).toMatch(/idempotencyKey: String[\s\S]*kind: ProposalKind![\s\S]*rationale: String![\s\S]*rewardPolicy: RewardPolicyInput[\s\S]*subjectId: ID[\s\S]*title: String!/);
  expect(input('CastVoteInput')).toMatch(/choice: VoteChoice![\s\S]*proposalId: ID!/);
  expect(input('RewardPolicyInput')).toMatch(/adapterBuilders: Float![\s\S]*dataContributors: Float![\s\S]*platform: Float![\s\S]*validators: Float!/);
  expect(sdl).toMatch(/type Tally \{[\s\S]*abstain: Int![\s\S]*eligibleVoters: Int![\s\S]*no: Int![\s\S]*quorumReached: Boolean![\s\S]*yes: Int!/);
  expect(sdl).toContain('simulateRewardPolicy(policy: RewardPolicyInput!, since: DateTime): PolicySimulation!');
  expect(sdl).toMatch(/proposals\([\s\S]*?after: String[\s\S]*?first: Int\s+status: ProposalStatus\s+\): ProposalConnection!/);
  expect(sdl).toMatch(/type DuplicateRecord \{[\s\S]*duplicateOf: ID![\s\S]*index: Int![\s\S]*kind: DuplicateKind![\s\S]*recordId: ID![\s\S]*similarity: Float!/);
});
