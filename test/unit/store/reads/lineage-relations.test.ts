import { describe, expect, it } from 'vitest';
import { readUpstreamRelations, upstreamRelationsCypher } from '../../../../api/store/reads/lineage-relations.js';
import { recording } from '../recording.js';
import neo4j from 'neo4j-driver';

// The PROV-O export's one extra read: the upstream edges of a page of lineage nodes, with their properties.
describe('upstream relations', () => {
  it('anchors every start on its label and id, expands only the UPSTREAM edge kinds, and caps the edges', async () => {
    expect(upstreamRelationsCypher).toContain("UNWIND [n IN $nodes WHERE n.label = 'Output' | n.id] AS id MATCH (x:Output {id: id}) RETURN x");
    expect(upstreamRelationsCypher).toContain('-[r:GENERATED_BY|INFLUENCED_BY|USES|BASED_ON|PREVIOUS_VERSION|TRAINED_ON|ADAPTS|DERIVED_FROM|TOOK_STEP|DEPENDS_ON|RETRIEVED|CALLED]->(y)');
    expect(upstreamRelationsCypher).toContain('<-[r:IN|CONTRIBUTED|BUILT|REVIEWED]-(y)');
    expect(upstreamRelationsCypher).toContain('LIMIT $limit');
    const { graph, sent } = recording([[
      { fromLabel: 'Output', fromId: 'out_1', kind: 'INFLUENCED_BY', toLabel: 'Datanet', toId: 'dn_1', properties: { share: 0.5, method: 'm', methodVersion: '2' } },
      { fromLabel: 'Adapter', fromId: 'ad_1', kind: 'TRAINED_ON', toLabel: 'Datanet', toId: 'dn_1', properties: { snapshotSize: neo4j.int(3) } },
    ]]);
    const relations = await readUpstreamRelations(graph, [{ label: 'Output', id: 'out_1' }, { label: 'Adapter', id: 'ad_1' }], 10);
    expect(relations[1]!.properties).toEqual({ snapshotSize: 3 });
    expect({ sent, relations }).toMatchSnapshot();
  });

  it('sends nothing for no nodes', async () => {
    const { graph, sent } = recording();
    expect(await readUpstreamRelations(graph, [], 10)).toEqual([]);
    expect(sent).toEqual([]);
  });
});
