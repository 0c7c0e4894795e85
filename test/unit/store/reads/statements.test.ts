import { describe, expect, it } from 'vitest';
import { followRules, LINEAGE_MAX_DEPTH } from '../../../../api/core/lineage-direction.js';
import { lineageCypher, lineageGraphCypher } from '../../../../api/store/reads/lineage.js';
import { nodeByIdCypher } from '../../../../api/store/reads/nodes.js';
import { labelPageCypher, neighbourPageCypher } from '../../../../api/store/reads/pages.js';

// In the spirit of neo4j/graphql's tck: pin the Cypher we send, so a change to it is a visible, reviewed diff.
describe('lineage Cypher', () => {
  it('anchors on the start label and id, writes one level per validated depth, and expands only directed edge kinds', () => {
    const cypher = lineageCypher('Output', 4);
    expect(cypher.startsWith('MATCH (start:Output {id: $id})')).toBe(true);
    expect(cypher).toContain('depth: 4,');
    expect(cypher).not.toContain('depth: 5,');
    expect(cypher).toContain('-[r:GENERATED_BY|INFLUENCED_BY|USES|BASED_ON|PREVIOUS_VERSION|TRAINED_ON|ADAPTS|DERIVED_FROM|TOOK_STEP|DEPENDS_ON|RETRIEVED|CALLED]->(y)');
    expect(cypher).toContain('<-[r:IN|CONTRIBUTED|BUILT|REVIEWED]-(y)');
    expect(cypher).not.toMatch(/\)-\[[^\]]*\]-\(/); // no undirected hop
    expect(cypher).toContain('LIMIT $pathCap');
    expect(lineageCypher('Output', 4, 'DOWNSTREAM')).toContain('-[r:IN|CONTRIBUTED|BUILT|REVIEWED]->(y)');
    expect(cypher).toMatchSnapshot();
  });

  it('refuses depths outside 1..cap even if a caller skipped validation', () => {
    expect(() => lineageCypher('Output', 0)).toThrow();
    expect(() => lineageCypher('Output', LINEAGE_MAX_DEPTH + 1)).toThrow();
    expect(() => lineageCypher('Output', 2.5)).toThrow();
  });

  it('lineageGraph caps nodes and reports the frontier', () => {
    const cypher = lineageGraphCypher('Datanet', 2);
    expect(cypher).toContain('reached[0..$maxNodes]');
    expect(cypher).toMatchSnapshot();
  });

  it('downstream is the mirror image of upstream', () => {
    expect(followRules('DOWNSTREAM')).toEqual({ outgoing: followRules('UPSTREAM').incoming, incoming: followRules('UPSTREAM').outgoing });
  });
});

describe('read Cypher', () => {
  it('loads nodes by id through the unique index, pages by keyset', () => {
    expect(nodeByIdCypher('Record')).toBe('UNWIND $ids AS id MATCH (n:Record {id: id}) RETURN n');
    expect(labelPageCypher('Output')).toMatchSnapshot();
    expect(neighbourPageCypher({ parentLabel: 'Datanet', pattern: '(n:Record)-[:IN]->(p)', where: '($status IS NULL OR n.status = $status)' })).toMatchSnapshot();
  });
});
