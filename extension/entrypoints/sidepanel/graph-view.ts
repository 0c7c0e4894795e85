/** Draws a laid-out lineage graph as SVG. Labels and ids are text nodes only. */
import { edgePath, edgesInFocus, NODE_H, NODE_W, truncate, type Layout, type PlacedNode } from '../../lib/graph';

const SVG = 'http://www.w3.org/2000/svg';

export interface GraphViewHandlers {
  select(node: PlacedNode): void;
  expand(node: PlacedNode): void;
}

function svg(doc: Document, tag: string, attrs: Record<string, string | number> = {}, text?: string): SVGElement {
  const el = doc.createElementNS(SVG, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export function renderGraph(
  doc: Document,
  layout: Layout,
  opts: { root: string; selected: string | null },
  handlers: GraphViewHandlers,
): SVGSVGElement {
  const root = svg(doc, 'svg', {
    width: layout.width,
    height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'group',
    'aria-label': `Lineage graph: ${layout.nodes.length} nodes, ${layout.edges.length} edges`,
  }) as SVGSVGElement;
  const defs = svg(doc, 'defs');
  const marker = svg(doc, 'marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.appendChild(svg(doc, 'path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9aa3b5' }));
  defs.appendChild(marker);
  root.appendChild(defs);

  // The edges of the node in focus (the selected one, else the root) stand out; hovering a node shows its own.
  const edges = svg(doc, 'g', { class: 'edges' });
  const paths = new Map<string, SVGElement[]>();
  for (const { edge: e, active } of edgesInFocus(layout, opts.selected ?? opts.root)) {
    // Stored direction: `from` was made from `to`; the arrow points at what it was made from. dagre routed it from
    // `from`'s box to `to`'s, around the nodes in between.
    const d = edgePath(e.points);
    const path = svg(doc, 'path', { d, class: active ? 'edge active' : 'edge', 'data-kind': e.edge.kind, 'data-from': e.edge.from, 'data-to': e.edge.to, 'marker-end': 'url(#arrow)' });
    path.appendChild(svg(doc, 'title', {}, `${e.edge.kind}`));
    edges.appendChild(path);
    for (const end of [e.edge.from, e.edge.to]) paths.set(end, [...(paths.get(end) ?? []), path]);
  }
  root.appendChild(edges);

  const nodes = svg(doc, 'g', { class: 'nodes' });
  for (const n of layout.nodes) {
    const label = n.node.label || n.node.id;
    const cls = ['node', n.node.id === opts.root ? 'root' : '', n.node.id === opts.selected ? 'selected' : ''].filter(Boolean).join(' ');
    const g = svg(doc, 'g', {
      class: cls,
      transform: `translate(${n.x} ${n.y})`,
      tabindex: 0,
      role: 'button',
      'data-id': n.node.id,
      'data-kind': n.node.kind,
      'aria-label': `${n.node.kind} ${label}${n.hidden ? `, ${n.hidden} more hidden` : ''}`,
    });
    g.appendChild(svg(doc, 'title', {}, `${n.node.kind}: ${label}\n${n.node.id}`));
    g.appendChild(svg(doc, 'rect', { class: 'box', width: NODE_W, height: NODE_H, rx: 8 }));
    g.appendChild(svg(doc, 'rect', { class: 'stripe', x: 0, y: 0, width: 5, height: NODE_H, rx: 2 }));
    g.appendChild(svg(doc, 'text', { class: 'kind', x: 12, y: 14 }, n.node.kind));
    g.appendChild(svg(doc, 'text', { class: 'label', x: 12, y: 29 }, truncate(label, n.hidden > 0 ? 17 : 20)));
    g.addEventListener('click', () => handlers.select(n));
    g.addEventListener('mouseenter', () => paths.get(n.node.id)?.forEach((p) => p.classList.add('hover')));
    g.addEventListener('mouseleave', () => paths.get(n.node.id)?.forEach((p) => p.classList.remove('hover')));
    g.addEventListener('keydown', (ev) => {
      const key = (ev as KeyboardEvent).key;
      if (key === 'Enter' || key === ' ') {
        ev.preventDefault();
        handlers.select(n);
      } else if (key === '+' && n.hidden > 0) handlers.expand(n);
    });
    if (n.hidden > 0) {
      const ex = svg(doc, 'g', {
        class: 'expand',
        // Inside the box (the label is cut shorter for it), so it never covers a neighbour.
        transform: `translate(${NODE_W - 15} ${NODE_H / 2})`,
        'data-expand': n.node.id,
        role: 'button',
        'aria-label': `Show ${n.hidden} more around ${label}`,
      });
      ex.appendChild(svg(doc, 'circle', { cx: 0, cy: 0, r: 10.5 }));
      ex.appendChild(svg(doc, 'text', { x: 0, y: 3.5, 'text-anchor': 'middle' }, `+${n.hidden > 99 ? '99' : n.hidden}`));
      ex.appendChild(svg(doc, 'title', {}, `${n.hidden} hidden neighbours: click to expand`));
      ex.addEventListener('click', (ev) => {
        ev.stopPropagation();
        handlers.expand(n);
      });
      g.appendChild(ex);
    }
    nodes.appendChild(g);
  }
  root.appendChild(nodes);
  return root;
}
