import type { Page } from 'playwright-core';
import { graphGeometryProblems, type Box, type Route } from '../../unit/extension/support/graph-geometry';

/**
 * A drawn lineage graph as the browser laid it out, in the SVG's own coordinates: each node's box (its rect.box), and
 * each edge sampled every 3 px along the real curve (getPointAtLength), so a curve that bulges into a box is caught.
 * `svgSelector` picks the graph (the lineage tab's, or a proposal's evidence graph).
 */
export async function drawnGeometry(panel: Page, svgSelector = '#graph svg'): Promise<{ boxes: Box[]; routes: Route[] }> {
  return panel.evaluate((selector) => {
    const svg = document.querySelector(selector) as SVGSVGElement;
    const origin = svg.getBoundingClientRect();
    const boxes = [...svg.querySelectorAll('g.node')].map((g) => {
      const r = g.querySelector('rect.box')!.getBoundingClientRect();
      return { id: g.getAttribute('data-id')!, x: r.x - origin.x, y: r.y - origin.y, w: r.width, h: r.height };
    });
    const routes = [...svg.querySelectorAll('path.edge')].map((p) => {
      const path = p as SVGPathElement;
      const length = path.getTotalLength();
      const points: { x: number; y: number }[] = [];
      for (let at = 0; at < length; at += 3) points.push(path.getPointAtLength(at));
      points.push(path.getPointAtLength(length));
      return { from: p.getAttribute('data-from')!, to: p.getAttribute('data-to')!, points: points.map((q) => ({ x: q.x, y: q.y })) };
    });
    return { boxes, routes };
  }, svgSelector);
}

/** No two boxes overlap; every edge leaves its `from` box, ends on its `to` box and passes through no other box. */
export const geometryProblems = (g: { boxes: Box[]; routes: Route[] }) => graphGeometryProblems(g.boxes, g.routes);
