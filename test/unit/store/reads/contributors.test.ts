import { describe, expect, it } from 'vitest';
import { execute, expectPinned, int, node, type Answer } from './support/recording-graph.js';

// GraphQL in, Cypher out for contributors, datanets and what they are owed.

const contributor = node('Contributor', { id: 'ctr_1', handle: 'ada', createdAt: '2026-01-01T00:00:00.000Z' });
const datanet = node('Datanet', { id: 'dn_1', name: 'Physics', description: 'Physics notes', admission: 'REVIEWED', createdAt: '2026-01-01T00:00:00.000Z' });
const record = node('Record', {
  id: 'rec_1', contentHash: 'b'.repeat(64), text: 'The answer is 42.', license: 'CC-BY-4.0', status: 'PENDING',
  submittedAt: '2026-01-02T00:00:00.000Z', datanetId: 'dn_1', contributorId: 'ctr_1', clusterId: 'cl_1',
});
const payout = node('Payout', { id: 'pay_1', outputId: 'out_1', recipientId: 'ctr_1', role: 'DATA_CONTRIBUTOR', amount: '600', policyId: 'policy_default', createdAt: '2026-03-01T00:00:00.000Z' });

const graph: Answer = (statement, { ids }) => {
  if (statement.includes('(n:Contributor {id: id})')) return [{ n: contributor }];
  if (statement.includes('(n:Datanet {id: id})')) return [{ n: datanet }];
  if (statement.includes('(n:ContentCluster {id: id})')) return [{ n: node('ContentCluster', { id: 'cl_1', contentHash: 'b'.repeat(64), ownerRecordId: null }) }];
  if (statement.includes('(p)-[:CONTRIBUTED]->(n:Record)')) return [{ total: int(1), nodes: [record] }];
  if (statement.includes('(n:Record)-[:IN]->(p)')) return [{ total: int(1), nodes: [record] }];
  if (statement.includes('(n:Payout)-[:TO]->(p)')) return [{ total: int(1), nodes: [payout] }];
  if (statement.includes('MATCH (n:Datanet)')) return [{ total: int(1), nodes: [datanet] }];
  if (statement.startsWith('MATCH (c:Contributor {id: $id})\nCALL (c)')) {
    return [
      { modelId: 'mdl_1', previousVersionId: null, createdAt: '2026-01-01T00:00:00.000Z', outputs: int(4), credit: 2, credited: int(3), amounts: ['100'] },
      { modelId: 'mdl_2', previousVersionId: 'mdl_1', createdAt: '2026-02-01T00:00:00.000Z', outputs: int(4), credit: 0.4, credited: int(1), amounts: [] },
    ];
  }
  if (statement.includes('OPTIONAL MATCH (c)<-[:TO]-(p:Payout)')) return [{ amounts: ['600', '400'] }];
  if (statement.includes('(n:Model {id: id})')) {
    return ids.map((id: string) => ({ n: node('Model', { id, name: 'Tutor', version: id.slice(-1), baseModelId: 'base_1', createdAt: '2026-01-01T00:00:00.000Z' }) }));
  }
  return undefined;
};

describe('contributor reads', () => {
  it('contributor(id:) with contributions, payouts, balance and value history', async () => {
    const result = await execute(
      graph,
      `{ contributor(id: "Contributor:ctr_1") {
        handle balance
        contributions(first: 5) { totalCount edges { node { status datanet { name } contributor { handle } cluster { owner { id } } } } }
        payouts(first: 5, after: null) { totalCount edges { node { amount role recipient { handle } } } }
        valueHistory(threshold: 0.5) { model { version } previousVersion { version } meanShare dropFromPrevious flagged earnings }
      } }`,
    );
    expectPinned(result);
  });

  it('valueHistory refuses a threshold outside 0..1 before sending anything', async () => {
    const result = await execute(graph, '{ contributor(id: "Contributor:ctr_1") { valueHistory(threshold: 2) { flagged } } }');
    expect(result.errors).toEqual(['threshold must be between 0 and 1, got 2.']);
    expect(result.sent.map((s) => s.statement)).toEqual(['UNWIND $ids AS id MATCH (n:Contributor {id: id}) RETURN n']);
  });

  it('datanets(first:) and a datanet\'s records filtered by status, after a cursor', async () => {
    const result = await execute(
      graph,
      `{ datanets(first: 1) { edges { node { name records(first: 3, after: "${Buffer.from('k:rec_0').toString('base64url')}", status: PENDING) { totalCount edges { cursor } } } } } }`,
    );
    expectPinned(result);
  });
});
