import { describe, expect, it } from 'vitest';
import { edgePath, edgesInFocus, emptyModel, layoutGraph, mergeGraph, NODE_H, NODE_W, type Layout } from '../../../extension/lib/graph';
import { graphGeometryProblems, pathPoints } from './support/graph-geometry';
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

  it('lays ranks out left to right from the root with dagre', () => {
    const m = mergeGraph(emptyModel('out'), first);
    const l = layoutGraph(m);
    const x = (id: string) => l.nodes.find((n) => n.node.id === id)!.x;
    expect(x('out')).toBeLessThan(x('model'));
    expect(x('model')).toBeLessThan(x('ad'));
    expect(l.nodes.find((n) => n.node.id === 'ad')!.hidden).toBe(2);
    expect(l.edges).toHaveLength(2);
    expect(geometry(l)).toEqual([]);
  });

  it('draws a demo-sized graph (60 nodes, long edges, a wide rank) with no overlapping boxes and no edge through a node', () => {
    const l = layoutGraph(demoSized());
    expect(l.nodes).toHaveLength(60);
    expect(geometry(l)).toEqual([]);
    // The same checks on the SVG the panel draws: paths through dagre's points, boxes where the layout put them.
    const doc = makeDocument('');
    const svg = renderGraph(doc, l, { root: 'out', selected: null }, { select: () => {}, expand: () => {} });
    const boxes = [...svg.querySelectorAll('g.node')].map((g) => {
      const [x, y] = g.getAttribute('transform')!.match(/-?[\d.]+/g)!.map(Number);
      return { id: g.getAttribute('data-id')!, x: x!, y: y!, w: NODE_W, h: NODE_H };
    });
    const routes = [...svg.querySelectorAll('path.edge')].map((p) => ({ from: p.getAttribute('data-from')!, to: p.getAttribute('data-to')!, points: pathPoints(p.getAttribute('d')!) }));
    expect(routes).toHaveLength(l.edges.length);
    expect(graphGeometryProblems(boxes, routes)).toEqual([]);
  });

  it('the geometry check catches overlaps, loose ends and edges through nodes', () => {
    const boxes = [
      { id: 'a', x: 0, y: 0, w: 100, h: 40 },
      { id: 'b', x: 0, y: 200, w: 100, h: 40 },
      { id: 'c', x: 0, y: 100, w: 100, h: 40 },
      { id: 'd', x: 50, y: 110, w: 100, h: 40 },
    ];
    const problems = graphGeometryProblems(boxes, [{ from: 'a', to: 'b', points: [{ x: 50, y: 40 }, { x: 50, y: 190 }] }]);
    expect(problems).toContain('boxes c and d overlap');
    expect(problems).toContain('edge a → b ends 10.0 px from b');
    expect(problems).toContain('edge a → b runs through c');
  });

  it('hides the kinds the user unticks (never the root), and counts every kind', () => {
    const l = layoutGraph(demoSized(), new Set(['Record', 'Output']));
    expect(l.nodes.some((n) => n.node.kind === 'Record')).toBe(false);
    expect(l.nodes.some((n) => n.node.id === 'out')).toBe(true);
    expect(l.edges.every((e) => e.from.node.kind !== 'Record' && e.to.node.kind !== 'Record')).toBe(true);
    expect(l.kinds.find((k) => k.kind === 'Record')).toEqual({ kind: 'Record', count: 40, hidden: true });
    expect(l.kinds.map((k) => k.kind)).toEqual(['Output', 'Model', 'BaseModel', 'Adapter', 'Datanet', 'Record', 'Contributor']);
    expect(geometry(l)).toEqual([]);
  });

  it('brings the focused node\'s edges forward; paths go through the route\'s points', () => {
    const l = layoutGraph(mergeGraph(emptyModel('out'), first));
    const focused = edgesInFocus(l, 'ad');
    expect(focused.map((e) => [e.edge.edge.kind, e.active])).toEqual([['GENERATED_BY', false], ['USES', true]]);
    expect(edgesInFocus(l, null).every((e) => !e.active)).toBe(true);
    const doc = makeDocument('');
    const svg = renderGraph(doc, l, { root: 'out', selected: null }, { select: () => {}, expand: () => {} });
    // No selection: the root is in focus, so only its edge is active.
    expect([...svg.querySelectorAll('path.edge.active')].map((p) => p.getAttribute('data-kind'))).toEqual(['GENERATED_BY']);
    const selected = renderGraph(doc, l, { root: 'out', selected: 'model' }, { select: () => {}, expand: () => {} });
    expect(selected.querySelectorAll('path.edge.active')).toHaveLength(2);
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 5 }])).toBe('M 0 0 L 10 5');
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }])).toBe('M 0 0 Q 10 0 10 10');
  });

  it('writes a ready-to-run query for the copy link', () => {
    const q = inlineLineageGraphQuery({ of: 'a"b', direction: 'DOWNSTREAM', maxDepth: 2, maxNodes: 100 });
    expect(q).toContain('lineageGraph(of: "a\\"b", direction: DOWNSTREAM, maxDepth: 2, maxNodes: 100)');
    expect(q).toContain('frontier { id hiddenNeighbours }');
  });
});

function geometry(l: Layout): string[] {
  return graphGeometryProblems(
    l.nodes.map((n) => ({ id: n.node.id, x: n.x, y: n.y, w: NODE_W, h: NODE_H })),
    l.edges.map((e) => ({ from: e.edge.from, to: e.edge.to, points: e.points })),
  );
}

/** Shaped like the demo graph's upstream lineage at depth 2 with maxNodes 60: a wide rank of records, long edges. */
function demoSized() {
  const nodes = [
    { id: 'out', kind: 'Output', label: 'answer' },
    { id: 'model', kind: 'Model', label: 'assistant v2' },
    { id: 'base', kind: 'BaseModel', label: 'base-7b' },
    ...[1, 2, 3].map((i) => ({ id: `ad${i}`, kind: 'Adapter', label: `adapter ${i}` })),
    ...[1, 2, 3, 4].map((i) => ({ id: `dn${i}`, kind: 'Datanet', label: `datanet ${i}` })),
    ...Array.from({ length: 40 }, (_, i) => ({ id: `rec${i}`, kind: 'Record', label: `record ${i}` })),
    ...Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, kind: 'Contributor', label: `contributor ${i}` })),
  ];
  const edges = [
    { from: 'out', to: 'model', kind: 'GENERATED_BY' },
    { from: 'model', to: 'base', kind: 'BASED_ON' },
    ...[1, 2, 3].flatMap((i) => [
      { from: 'model', to: `ad${i}`, kind: 'USES' },
      { from: `ad${i}`, to: 'base', kind: 'ADAPTS' },
      { from: `ad${i}`, to: `dn${i}`, kind: 'TRAINED_ON' },
      { from: `ad${i}`, to: `dn${i + 1}`, kind: 'TRAINED_ON' },
    ]),
    ...Array.from({ length: 40 }, (_, i) => [
      { from: 'out', to: `rec${i}`, kind: 'INFLUENCED_BY' },
      { from: `rec${i}`, to: `dn${(i % 4) + 1}`, kind: 'IN' },
      { from: `c${i % 10}`, to: `rec${i}`, kind: 'CONTRIBUTED' },
    ]).flat(),
  ];
  return mergeGraph(emptyModel('out'), { nodes, edges, frontier: [{ id: 'dn1', hiddenNeighbours: 12 }, { id: 'c3', hiddenNeighbours: 4 }] });
}
