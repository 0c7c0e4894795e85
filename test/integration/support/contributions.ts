import { expect } from 'vitest';
import { gql } from './api.js';
import { testGraph } from './graph.js';

/** GraphQL documents of the write path, shared by the contribution tests. */
export const M = {
  createContributor: `mutation($input: CreateContributorInput!) { createContributor(input: $input) { contributor { id handle roles } apiKey } }`,
  createDatanet: `mutation($input: CreateDatanetInput!) { createDatanet(input: $input) { datanet { id name admission description domain } } }`,
  submitRecords: `mutation($input: SubmitRecordsInput!) { submitRecords(input: $input) {
    records { id contentHash status submittedAt acceptedAt contributor { id } datanet { id } cluster { id owner { id } } }
    duplicates { index recordId duplicateOf kind similarity } } }`,
  reviewRecords: `mutation($input: ReviewRecordsInput!) { reviewRecords(input: $input) { records { id status acceptedAt cluster { id owner { id } } } } }`,
  registerBaseModel: `mutation($input: RegisterBaseModelInput!) { registerBaseModel(input: $input) { baseModel { id name family } } }`,
  registerAdapter: `mutation($input: RegisterAdapterInput!) { registerAdapter(input: $input) { adapter { id name baseModel { id } builder { id }
    derivedFrom { id } trainedOn { datanet { id } snapshotSize snapshotAt } } } }`,
  registerModel: `mutation($input: RegisterModelInput!) { registerModel(input: $input) { model { id name version baseModel { id } owner { id }
    previousVersion { id } adapters { adapter { id } weight } } } }`,
  recordOutput: `mutation($input: RecordOutputInput!) { recordOutput(input: $input) { output { id contentHash text prompt fee createdAt model { id } attribution { coverage } } } }`,
} as const;

export type Gql = Awaited<ReturnType<typeof gql>>;

/** The error code of the first error, or 'OK' when the call succeeded. */
export const outcome = (res: Gql) => (res.errors?.length ? String(res.errors[0]!.extensions?.code) : 'OK');

export function expectOk<T = any>(res: Gql): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

export interface Member {
  id: string;
  localId: string;
  handle: string;
  key: string;
}

/** Creates a contributor with the admin key and returns their id and API key. */
export async function member(url: string, adminKey: string, handle: string, roles: string[]): Promise<Member> {
  const data = expectOk(await gql(url, M.createContributor, { input: { handle, roles } }, adminKey));
  const c = data.createContributor;
  return { id: c.contributor.id, localId: c.contributor.id.split(':')[1], handle, key: c.apiKey };
}

/** Node and relationship counts of the whole graph, by label / type: "nothing was written" is "these are equal". */
export async function graphCounts(): Promise<Record<string, number>> {
  const g = testGraph();
  const nodes = await g.read<{ label: string; n: unknown }>('MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n');
  const rels = await g.read<{ type: string; n: unknown }>('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n');
  const out: Record<string, number> = {};
  for (const r of nodes) out[`:${r.label}`] = Number(r.n);
  for (const r of rels) out[`[${r.type}]`] = Number(r.n);
  return out;
}

/** A passage of about `words` words that shares no 5-gram with any other call's passage (seeded by `seed`). */
export function passage(seed: string, words = 60): string {
  const out: string[] = [];
  let state = 0;
  for (const ch of seed) state = (state * 31 + ch.charCodeAt(0)) >>> 0;
  for (let i = 0; i < words; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(`${seed.replace(/[^a-z0-9]/gi, '')}w${(state >>> 8).toString(36)}`);
  }
  return `${out.join(' ')}.`;
}
