import type { Driver } from 'neo4j-driver';

/**
 * PROFILE of a read query on the scale graph, reduced to what matters for a review: the operator tree with rows and
 * db hits, the total db hits, and every operator that scans (label or all-nodes scans) instead of seeking.
 */

export interface PlanLine {
  depth: number;
  operator: string;
  rows: number;
  dbHits: number;
  details: string;
}

export interface ProfileSummary {
  name: string;
  totalDbHits: number;
  rows: number;
  scans: string[];
  lines: PlanLine[];
  /** Median wall time of a few runs of the same query (ms), measured separately from PROFILE. */
  medianMs: number;
}

const SCANS = /NodeByLabelScan|AllNodesScan|NodeIndexScan|DirectedAllRelationshipsScan|UndirectedAllRelationshipsScan|RelationshipTypeScan/;

interface ProfiledPlan {
  operatorType: string;
  rows: number;
  dbHits: number;
  arguments: Record<string, unknown>;
  children: ProfiledPlan[];
}

function walk(plan: ProfiledPlan, depth: number, out: PlanLine[]): void {
  const details = String(plan.arguments.Details ?? plan.arguments.details ?? '').replace(/\s+/g, ' ');
  out.push({ depth, operator: plan.operatorType.replace(/@neo4j$/, ''), rows: Number(plan.rows), dbHits: Number(plan.dbHits), details });
  for (const child of plan.children) walk(child, depth + 1, out);
}

export async function profileQuery(driver: Driver, name: string, cypher: string, params: Record<string, unknown>, runs = 5): Promise<ProfileSummary> {
  const session = driver.session({ database: 'neo4j', defaultAccessMode: 'READ' });
  try {
    // Warm the plan cache and page cache first, so the profile shows steady-state work.
    await session.run(cypher, params);
    const result = await session.run(`PROFILE ${cypher}`, params);
    const plan = result.summary.profile as unknown as ProfiledPlan;
    const lines: PlanLine[] = [];
    walk(plan, 0, lines);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await session.run(cypher, params);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return {
      name,
      totalDbHits: lines.reduce((s, l) => s + l.dbHits, 0),
      rows: result.records.length,
      scans: lines.filter((l) => SCANS.test(l.operator)).map((l) => `${l.operator} ${l.details}`.trim()),
      lines,
      medianMs: times[Math.floor(times.length / 2)]!,
    };
  } finally {
    await session.close();
  }
}

/** The plan as an indented text block (details cut to one line each). */
export function renderPlan(p: ProfileSummary, maxDetails = 110): string {
  const rows = p.lines.map((l) => {
    const details = l.details.length > maxDetails ? `${l.details.slice(0, maxDetails - 1)}…` : l.details;
    return `${'  '.repeat(l.depth)}${l.operator}  rows=${l.rows} dbHits=${l.dbHits}${details ? `  ${details}` : ''}`;
  });
  return rows.join('\n');
}
