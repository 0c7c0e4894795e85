/**
 * Geometry checks of a drawn lineage graph, shared by the layout's unit test and the side panel's e2e test (which
 * reads the boxes and paths back from the real SVG): node boxes never overlap, every edge starts on its `from` box and
 * ends on its `to` box, and no edge's route passes through any other node's box.
 */
export interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Route {
  from: string;
  to: string;
  points: { x: number; y: number }[];
}

/** Every coordinate pair of an SVG path made of M, L and Q commands (a Q's control point is a bend of the route). */
export function pathPoints(d: string): { x: number; y: number }[] {
  const nums = (d.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? []).map(Number);
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) out.push({ x: nums[i]!, y: nums[i + 1]! });
  return out;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
}

/** Distance from a point to a box's outline (0 on it). */
function toOutline(p: { x: number; y: number }, b: Box): number {
  const dx = Math.max(b.x - p.x, 0, p.x - (b.x + b.w));
  const dy = Math.max(b.y - p.y, 0, p.y - (b.y + b.h));
  if (dx > 0 || dy > 0) return Math.hypot(dx, dy);
  return Math.min(p.x - b.x, b.x + b.w - p.x, p.y - b.y, b.y + b.h - p.y);
}

/** Whether the segment p→q enters the box shrunk by `inset` on every side (Liang–Barsky clipping). */
function crosses(p: { x: number; y: number }, q: { x: number; y: number }, b: Box, inset = 2): boolean {
  const [x0, x1, y0, y1] = [b.x + inset, b.x + b.w - inset, b.y + inset, b.y + b.h - inset];
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  for (const [pp, qq] of [[-dx, p.x - x0], [dx, x1 - p.x], [-dy, p.y - y0], [dy, y1 - p.y]] as const) {
    if (pp === 0) {
      if (qq < 0) return false;
    } else {
      const r = qq / pp;
      if (pp < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
      if (t0 > t1) return false;
    }
  }
  return true;
}

/** The problems found, each as a sentence; empty when the drawing is clean. */
export function graphGeometryProblems(boxes: Box[], routes: Route[], tolerance = 1.5): string[] {
  const problems: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlap(boxes[i]!, boxes[j]!)) problems.push(`boxes ${boxes[i]!.id} and ${boxes[j]!.id} overlap`);
    }
  }
  const byId = new Map(boxes.map((b) => [b.id, b]));
  for (const r of routes) {
    const from = byId.get(r.from);
    const to = byId.get(r.to);
    if (!from || !to) {
      problems.push(`edge ${r.from} → ${r.to} has an end that is not drawn`);
      continue;
    }
    if (r.points.length < 2) {
      problems.push(`edge ${r.from} → ${r.to} has no route`);
      continue;
    }
    const d0 = toOutline(r.points[0]!, from);
    const d1 = toOutline(r.points[r.points.length - 1]!, to);
    if (d0 > tolerance) problems.push(`edge ${r.from} → ${r.to} starts ${d0.toFixed(1)} px from ${r.from}`);
    if (d1 > tolerance) problems.push(`edge ${r.from} → ${r.to} ends ${d1.toFixed(1)} px from ${r.to}`);
    for (const b of boxes) {
      if (b.id === r.from || b.id === r.to) continue;
      for (let k = 0; k + 1 < r.points.length; k++) {
        if (crosses(r.points[k]!, r.points[k + 1]!, b)) {
          problems.push(`edge ${r.from} → ${r.to} runs through ${b.id}`);
          break;
        }
      }
    }
  }
  return problems;
}
