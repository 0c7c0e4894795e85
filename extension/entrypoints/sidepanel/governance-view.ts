/**
 * The side panel's Governance view (docs/architecture.md#the-extensions-governance-view): the open proposals, each
 * with its kind, proposer, end of voting, tally and impact in plain words, the evidence graph around its subject
 * (`lineageGraph`, drawn by the lineage tab's renderer), and YES / NO / ABSTAIN buttons that vote with the saved key.
 * Everything from the API is put on the page as text.
 */
import { crowdedKinds, emptyModel, layoutGraph, mergeGraph, type GraphModel } from '../../lib/graph';
import { impactLines, kindText, tallyText, votingEndsText } from '../../lib/impact-text';
import type { ProposalsResult, VoteResult } from '../../lib/governance';
import type { LineageGraphResult } from '../../lib/messages';
import { VOTE_CHOICES, type ProposalData, type VoteChoice } from '../../lib/proposal';
import type { LineageDirection } from '../../lib/queries';
import { renderGraph } from './graph-view';

export interface GovernanceDeps {
  proposals(): Promise<ProposalsResult>;
  vote(proposalId: string, choice: VoteChoice, idempotencyKey: string): Promise<VoteResult>;
  lineageGraph(of: string, direction: LineageDirection, maxDepth: number): Promise<LineageGraphResult>;
  /** A kind with more nodes than this starts hidden, as in the lineage tab. */
  crowdedKind: number;
  /** Shows a failure the way the lineage view does (the "key rejected" sentence links to the options). */
  status(el: HTMLElement, text: string, state: 'info' | 'error'): void;
  failureText(res: { unreachable: boolean; keyRejected?: boolean; message: string }, what: string): string;
}

export const NOT_A_VOTER = 'Your API key is not a voter\'s: only contributors with the VOTER role may vote. Save a voter\'s key in the options.';

/**
 * One idempotency key per intended vote (proposal + choice), kept until the API answered it, so a retry after a
 * timeout is the same vote, never a second log entry.
 */
const pendingKeys = new Map<string, string>();

export async function loadGovernance(list: HTMLOListElement, statusEl: HTMLElement, deps: GovernanceDeps): Promise<void> {
  deps.status(statusEl, 'Loading proposals…', 'info');
  const res = await deps.proposals().catch((e: unknown) => ({ ok: false as const, unreachable: true, message: String(e) }));
  list.replaceChildren();
  if (!res.ok) {
    deps.status(statusEl, deps.failureText(res, 'No proposals'), 'error');
    return;
  }
  deps.status(statusEl, res.proposals.length === 0 ? 'No proposals are open for votes.' : '', 'info');
  for (const p of res.proposals) list.appendChild(proposalItem(p, deps));
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  e.textContent = text;
  return e;
}

function proposalItem(p: ProposalData, deps: GovernanceDeps): HTMLLIElement {
  const li = el('li', 'proposal');
  li.dataset.id = p.id;
  li.dataset.kind = p.kind;
  const subject = p.subject ? ` · about ${p.subject}` : '';
  const tally = el('p', 'tally', tallyText(p.tally));
  tally.dataset.quorum = p.tally.quorumReached ? 'reached' : 'not-reached';
  const impact = el('ul', 'impact');
  impact.setAttribute('aria-label', 'What it would change');
  for (const line of impactLines(p)) impact.appendChild(el('li', '', line));
  li.append(
    el('span', 'kind', kindText(p.kind)),
    el('h2', '', p.title),
    el('p', 'meta', `Proposed by ${p.proposer}${subject} · ${votingEndsText(p.votingEndsAt)}`),
    tally,
    impact,
  );
  if (p.rationale) li.appendChild(el('p', 'rationale', p.rationale));
  li.appendChild(evidence(p, deps));
  li.appendChild(voteButtons(p, tally, deps));
  return li;
}

/** What a policy proposal applies to, shown instead of a graph: it has no subject to draw around. */
const POLICY_SCOPE: Partial<Record<ProposalData['kind'], string>> = {
  REWARD_POLICY: 'Scope: the fee split of every output recorded after execution (earlier outputs keep their payouts); no single subject to draw.',
  GOVERNANCE_POLICY: 'Scope: the quorum, threshold and voting period of every proposal created after execution; no single subject to draw.',
};

/**
 * The evidence around the subject: what a contributor's or datanet's records went into (DOWNSTREAM), what a disputed
 * output was made from (UPSTREAM), two steps out. Expand (+N) and selection work as in the lineage tab.
 */
function evidence(p: ProposalData, deps: GovernanceDeps): HTMLElement {
  const box = el('section', 'evidence');
  if (!p.subjectId) {
    box.appendChild(el('p', 'scope', POLICY_SCOPE[p.kind] ?? 'No subject: nothing to draw.'));
    return box;
  }
  const direction: LineageDirection = p.subjectKind === 'Output' ? 'UPSTREAM' : 'DOWNSTREAM';
  const caption = el('p', 'legend', direction === 'UPSTREAM' ? `What ${p.subject} was made from` : `What ${p.subject}'s contributions went into`);
  const status = el('p', 'graph-status');
  status.setAttribute('role', 'status');
  const graph = el('div', 'graph');
  graph.setAttribute('aria-label', `Evidence graph around ${p.subject}`);
  box.append(caption, status, graph);
  let model: GraphModel | null = null;
  let hidden = new Set<string>();
  let selected: string | null = null;
  const draw = () => {
    if (!model) return;
    const layout = layoutGraph(model, hidden);
    graph.replaceChildren(
      renderGraph(document, layout, { root: model.root, selected }, {
        select: (n) => {
          selected = n.node.id;
          draw();
        },
        expand: (n) => void fetchInto(n.node.id, 1),
      }),
    );
    const left = layout.kinds.filter((k) => k.hidden);
    status.textContent = left.length ? `Not drawn: ${left.map((k) => `${k.count} ${k.kind}`).join(', ')} (open the lineage tab to see them).` : '';
  };
  const fetchInto = async (of: string, depth: number) => {
    status.textContent = 'Loading the evidence graph…';
    const res = await deps.lineageGraph(of, direction, depth).catch((e: unknown) => ({ ok: false as const, unreachable: true, message: String(e) }));
    if (!res.ok) {
      deps.status(status, deps.failureText(res, 'No evidence graph'), 'error');
      return;
    }
    if (!model) {
      model = mergeGraph(emptyModel(of), res.graph);
      hidden = crowdedKinds(model, deps.crowdedKind);
    } else mergeGraph(model, res.graph, of);
    draw();
  };
  void fetchInto(p.subjectId, 2);
  return box;
}

function voteButtons(p: ProposalData, tally: HTMLElement, deps: GovernanceDeps): HTMLElement {
  const box = el('div', 'vote');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', `Vote on ${p.title}`);
  const status = el('span', 'vote-status');
  status.setAttribute('role', 'status');
  const buttons = VOTE_CHOICES.map((choice) => {
    const b = el('button', `vote-${choice.toLowerCase()}`, choice === 'ABSTAIN' ? 'Abstain' : choice === 'YES' ? 'Yes' : 'No');
    b.type = 'button';
    b.dataset.choice = choice;
    b.addEventListener('click', () => void cast(choice));
    return b;
  });
  async function cast(choice: VoteChoice): Promise<void> {
    const intent = `${p.id} ${choice}`;
    const key = pendingKeys.get(intent) ?? crypto.randomUUID();
    pendingKeys.set(intent, key);
    for (const b of buttons) b.disabled = true;
    status.dataset.state = 'info';
    status.textContent = 'Voting…';
    const res = await deps.vote(p.id, choice, key).catch((e: unknown) => ({ ok: false as const, unreachable: true, message: String(e) }));
    for (const b of buttons) b.disabled = false;
    if (!res.ok) {
      if (!res.unreachable) pendingKeys.delete(intent); // answered: a new click is a new vote
      status.textContent = '';
      if ('notVoter' in res && res.notVoter) {
        status.dataset.state = 'error';
        status.textContent = NOT_A_VOTER;
      } else deps.status(status, deps.failureText(res, 'Vote not counted'), 'error');
      return;
    }
    pendingKeys.delete(intent);
    tally.textContent = tallyText(res.tally);
    tally.dataset.quorum = res.tally.quorumReached ? 'reached' : 'not-reached';
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.choice === choice));
    status.dataset.state = 'ok';
    status.textContent = `Your vote: ${choice.toLowerCase()}.`;
  }
  box.append(...buttons, status);
  return box;
}
