import { describe, expect, it } from 'vitest';
import { emptyModel, layoutGraph, mergeGraph, NODE_W } from '../../../extension/lib/graph';
import { inlineLineageGraphQuery } from '../../../extension/lib/queries';

const first = {
  nodes: [
    { id: 'out', kind: 'Output', label: 'answer' },
    { id: 'model', kind: 'Model', label: 'assistant v2' },
    { id: 'ad', kind: 'Adapter', label: 'med-lora' },
  ],
  edges: [
    { from: 'out', to: 'model', kind: 'GENERATED_BY' },
    { from: 'model', to: 'ad', kind: 'USES' },
    { from: 'ad', to: 'missing', kind: 'TRAINED_ON' },
  ],
  frontier: [{ id: 'ad', hiddenNeighbours: 2 }],
};

describe('lineage graph model', () => {
  it('merges answers and expands the frontier', () => {
    const m = mergeGraph(emptyModel('out'), first);
    expect(m.nodes.size).toBe(3);
    expect(m.edges.size).toBe(2); // the edge to a node not drawn is dropped
    expect(m.frontier.get('ad')).toBe(2);
    mergeGraph(
      m,
      {
        nodes: [{ id: 'ad', kind: 'Adapter', label: 'med-lora' }, { id: 'dn', kind: 'Datanet', label: 'Clinical notes' }, { id: 'base', kind: 'BaseModel', label: 'base' }],
        edges: [{ from: 'ad', to: 'dn', kind: 'TRAINED_ON' }, { from: 'ad', to: 'base', kind: 'ADAPTS' }],
        frontier: [{ id: 'ad', hiddenNeighbours: 5 }, { id: 'dn', hiddenNeighbours: 40 }],
      },
      'ad',
    );
    expect(m.nodes.size).toBe(5);
    expect(m.frontier.has('ad')).toBe(false); // expanded nodes are never frontier again
    expect(m.frontier.get('dn')).toBe(40);
  });

  it('lays nodes out in columns by distance from the root', () => {
    const m = mergeGraph(emptyModel('out'), first);
    const l = layoutGraph(m);
    const x = (id: string) => l.nodes.find((n) => n.node.id === id)!.x;
    expect(x('out')).toBeLessThan(x('model'));
    expect(x('model')).toBeLessThan(x('ad'));
    expect(l.width).toBeGreaterThanOrEqual(3 * NODE_W);
    expect(l.nodes.find((n) => n.node.id === 'ad')!.hidden).toBe(2);
    expect(l.edges).toHaveLength(2);
  });

  it('writes a ready-to-run query for the copy link', () => {
    const q = inlineLineageGraphQuery({ of: 'a"b', direction: 'DOWNSTREAM', maxDepth: 2, maxNodes: 100 });
    expect(q).toContain('lineageGraph(of: "a\\"b", direction: DOWNSTREAM, maxDepth: 2, maxNodes: 100)');
    expect(q).toContain('frontier { id hiddenNeighbours }');
  });
});
