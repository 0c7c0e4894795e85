import { describe, it } from 'vitest';
import { execute, expectPinned, int, node, type Answer } from './support/recording-graph.js';

// GraphQL in, Cypher out for models and adapters.

const model = node('Model', { id: 'mdl_2', name: 'Tutor', version: '2.0', baseModelId: 'base_1', ownerId: 'ctr_1', previousVersionId: 'mdl_1', createdAt: '2026-02-01T00:00:00.000Z' });
const previous = node('Model', { id: 'mdl_1', name: 'Tutor', version: '1.0', baseModelId: 'base_1', createdAt: '2026-01-01T00:00:00.000Z' });
const adapter = node('Adapter', { id: 'ad_1', name: 'physics-lora', baseModelId: 'base_1', builderId: 'ctr_1', createdAt: '2026-01-15T00:00:00.000Z' });

const graph: Answer = (statement, { ids }) => {
  if (statement.includes('MATCH (n:Model)')) return [{ total: int(2), nodes: [previous, model] }];
  if (statement.includes('(n:Model {id: id})')) return [model, previous].filter((m) => ids.includes(m.properties.id)).map((n) => ({ n }));
  if (statement.includes('(n:BaseModel {id: id})')) return [{ n: node('BaseModel', { id: 'base_1', name: 'Llama', family: 'llama' }) }];
  if (statement.includes('(n:Contributor {id: id})')) return [{ n: node('Contributor', { id: 'ctr_1', handle: 'ada', createdAt: '2026-01-01T00:00:00.000Z' }) }];
  if (statement.includes('(n:Adapter {id: id})')) return [{ n: adapter }];
  if (statement.includes('(n:Datanet {id: id})')) return [{ n: node('Datanet', { id: 'dn_1', name: 'Physics', description: '', admission: 'OPEN', createdAt: '2026-01-01T00:00:00.000Z' }) }];
  if (statement.includes('-[u:USES]->')) return [{ adapterId: 'ad_1', weight: 1 }];
  if (statement.includes('-[t:TRAINED_ON]->')) return [{ datanetId: 'dn_1', snapshotSize: int(12), snapshotAt: '2026-01-15T00:00:00Z' }];
  if (statement.includes('-[:GENERATED_BY]->(p)')) return [{ total: int(0), nodes: [] }];
  return undefined;
};

describe('model reads', () => {
  it('models(first:) with links, adapters, training and outputs: one query per label or field, batched per tick', async () => {
    const result = await execute(
      graph,
      `{ models(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node {
        name version baseModel { name } owner { handle } previousVersion { version }
        adapters { weight adapter { name builder { handle } trainedOn { snapshotSize snapshotAt datanet { name } } } }
        outputs(first: 1) { totalCount }
      } } } }`,
    );
    expectPinned(result);
  });

  it('adapter(id:) is a node load; an unknown one is null', async () => {
    const result = await execute(graph, '{ adapter(id: "Adapter:ad_1") { name derivedFrom { name } } model(id: "Model:mdl_9") { name } }');
    expectPinned(result);
  });
});
