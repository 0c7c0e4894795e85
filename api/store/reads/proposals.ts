import neo4j, { type Node } from 'neo4j-driver';
import type { ProposalStatus, VoteChoice } from '../../governance/proposal-kinds.js';
import { proposalFrom, TALLY, type ProposalShape } from '../governance.js';
import type { GraphStore } from '../graph-store.js';
import { plainValue, toNumber } from '../values.js';

/** Proposals with their status and tally: by id (the loader), and pages of all or of one status, by id. */

const ROW = 'RETURN p, yes, no, abstain, quorumReached, status';

type TallyRow = { p: Node; yes: unknown; no: unknown; abstain: unknown; quorumReached: unknown; status: unknown };

export const proposalsByIdCypher = `UNWIND $ids AS id
MATCH (p:Proposal {id: id})
${TALLY}
${ROW}`;

export async function proposalsById(graph: GraphStore, ids: readonly string[]): Promise<Map<string, ProposalShape>> {
  const rows = await graph.read<TallyRow>(proposalsByIdCypher, { ids: [...ids] });
  return new Map(rows.map((r) => [String(r.p.properties.id), proposalFrom(r.p, r)]));
}

// The status is computed, so a filtered page walks the proposals in id order and keeps those with that status.
// Governance has few proposals next to records and outputs; the walk is bounded by the number of proposals.
export const proposalPageCypher = `CALL () {
  MATCH (p:Proposal) WHERE p.id IS NOT NULL
  ${TALLY}
  WITH p, status WHERE $status IS NULL OR status = $status
  RETURN count(p) AS total
}
CALL () {
  MATCH (p:Proposal) WHERE p.id IS NOT NULL AND ($after IS NULL OR p.id > $after)
  WITH p ORDER BY p.id
  ${TALLY}
  WITH p, yes, no, abstain, quorumReached, status WHERE $status IS NULL OR status = $status
  ${ROW} ORDER BY p.id LIMIT $limit
}
RETURN total, collect({p: p, yes: yes, no: no, abstain: abstain, quorumReached: quorumReached, status: status}) AS rows`;

export async function proposalPage(graph: GraphStore, status: ProposalStatus | null, after: string | null, limit: number) {
  const [row] = await graph.read<{ total: unknown; rows: TallyRow[] }>(proposalPageCypher, { status, after, limit: neo4j.int(limit) });
  return { total: toNumber(row?.total ?? 0), nodes: (row?.rows ?? []).map((r) => proposalFrom(r.p, r)) };
}

export interface VoteShape {
  /** The voter's id: the keyset of the votes page. */
  id: string;
  voterId: string;
  choice: VoteChoice;
  castAt: string;
  /** The vote's entry in the transparency log; null for votes cast before votes recorded it. */
  logIndex: number | null;
}

export const votePageCypher = `MATCH (p:Proposal {id: $parentId})
CALL (p) { MATCH (:Contributor)-[v:VOTED]->(p) RETURN count(v) AS total }
CALL (p) { MATCH (c:Contributor)-[v:VOTED]->(p) WHERE $after IS NULL OR c.id > $after
  RETURN c.id AS voterId, v.choice AS choice, v.at AS castAt, v.logIndex AS logIndex ORDER BY c.id LIMIT $limit }
RETURN total, collect({voterId: voterId, choice: choice, castAt: castAt, logIndex: logIndex}) AS votes`;

/** A proposal's votes (each voter's latest), by voter id. */
export async function votePage(graph: GraphStore, proposalId: string, after: string | null, limit: number) {
  const [row] = await graph.read<{ total: unknown; votes: unknown[] }>(votePageCypher, { parentId: proposalId, after, limit: neo4j.int(limit) });
  const votes = (row?.votes ?? []).map((v) => {
    const x = plainValue(v) as { voterId: string; choice: VoteChoice; castAt: string; logIndex: number | null };
    return { id: x.voterId, voterId: x.voterId, choice: x.choice, castAt: x.castAt, logIndex: x.logIndex ?? null };
  });
  return { total: toNumber(row?.total ?? 0), nodes: votes };
}
