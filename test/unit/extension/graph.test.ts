import { describe, expect, it } from 'vitest';
import { edgesInFocus, emptyModel, layerCaption, layoutGraph, mergeGraph, NODE_W, nodesPerRow } from '../../../extension/lib/graph';
import { renderGraph } from '../../../extension/entrypoints/sidepanel/graph-view';
import { makeDocument } from './support/dom';
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

  it('lays layers out top to bottom by distance from the root, wrapping wide layers', () => {
    const m = mergeGraph(emptyModel('out'), first);
    const l = layoutGraph(m, 2);
    const y = (id: string) => l.nodes.find((n) => n.node.id === id)!.y;
    expect(y('out')).toBeLessThan(y('model'));
    expect(y('model')).toBeLessThan(y('ad'));
    expect(l.nodes.find((n) => n.node.id === 'ad')!.hidden).toBe(2);
    expect(l.edges).toHaveLength(2);
    // Five nodes in one layer, two per row: three rows, never wider than two nodes.
    const wide = mergeGraph(emptyModel('r'), {
      nodes: [{ id: 'r', kind: 'Output', label: 'r' }, ...['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, kind: 'Record', label: id }))],
      edges: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ from: 'r', to: id, kind: 'INFLUENCED_BY' })),
      frontier: [],
    });
    const lw = layoutGraph(wide, nodesPerRow(400));
    expect(nodesPerRow(400)).toBe(2);
    expect(new Set(lw.nodes.filter((n) => n.depth === 1).map((n) => n.y)).size).toBe(3);
    expect(lw.width).toBeLessThanOrEqual(400);
    expect(lw.width).toBeGreaterThanOrEqual(2 * NODE_W);
  });

  it('captions each layer with its distance and size, and brings the focused node\'s edges forward', () => {
    const m = mergeGraph(emptyModel('out'), {
      ...first,
      nodes: [...first.nodes, { id: 'lone', kind: 'Record', label: 'unlinked' }],
    });
    const l = layoutGraph(m, 2);
    expect(l.layers.map((layer) => [layer.depth, layer.count, layerCaption(layer)])).toEqual([
      [0, 1, '0 hops · 1 node'],
      [1, 1, '1 hop · 1 node'],
      [2, 1, '2 hops · 1 node'],
      [3, 1, 'not connected · 1 node'],
    ]);
    const focused = edgesInFocus(l, 'ad');
    expect(focused.map((e) => [e.edge.edge.kind, e.active])).toEqual([['GENERATED_BY', false], ['USES', true]]);
    expect(edgesInFocus(l, null).every((e) => !e.active)).toBe(true);

    const doc = makeDocument('');
    const svg = renderGraph(doc, l, { root: 'out', selected: null }, { select: () => {}, expand: () => {} });
    expect([...svg.querySelectorAll('text.layer-caption')].map((t) => t.textContent)).toEqual(['1 hop · 1 node', '2 hops · 1 node', 'not connected · 1 node']);
    // No selection: the root is in focus, so only its edge is active.
    expect([...svg.querySelectorAll('path.edge.active')].map((p) => p.getAttribute('data-kind'))).toEqual(['GENERATED_BY']);
    const selected = renderGraph(doc, l, { root: 'out', selected: 'model' }, { select: () => {}, expand: () => {} });
    expect(selected.querySelectorAll('path.edge.active')).toHaveLength(2);
  });

  it('writes a ready-to-run query for the copy link', () => {
    const q = inlineLineageGraphQuery({ of: 'a"b', direction: 'DOWNSTREAM', maxDepth: 2, maxNodes: 100 });
    expect(q).toContain('lineageGraph(of: "a\\"b", direction: DOWNSTREAM, maxDepth: 2, maxNodes: 100)');
    expect(q).toContain('frontier { id hiddenNeighbours }');
  });
});
