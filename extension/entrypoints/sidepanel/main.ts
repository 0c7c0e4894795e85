import { browser } from 'wxt/browser';
import { crowdedKinds, emptyModel, layoutGraph, mergeGraph, type GraphModel, type KindCount } from '../../lib/graph';
import { PANEL_TARGET_KEY, type LineageGraphResult, type PanelTarget, type Request, type ResponseMap } from '../../lib/messages';
import { inlineLineageGraphQuery, type LineageDirection, type LineageGraphVariables } from '../../lib/queries';
import { loadGovernance } from './governance-view';
import { renderGraph } from './graph-view';
import { startNotifications } from './notifications-view';

/**
 * Side panel (L3): the lineage graph of the selected output, or of any datanet / contributor id typed in, for
 * governance voters. Frontier nodes expand in place; the exact query can be copied.
 */

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('target-form');
const ofInput = $<HTMLInputElement>('of');
const directionSelect = $<HTMLSelectElement>('direction');
const depthSelect = $<HTMLSelectElement>('depth');
const statusEl = $<HTMLParagraphElement>('status');
const graphEl = $<HTMLDivElement>('graph');
const kindsEl = $<HTMLDivElement>('kinds');
const detailsEl = $<HTMLElement>('details');
const nodeList = $<HTMLUListElement>('node-list');
const copyLink = $<HTMLAnchorElement>('copy-query');
const copyStatus = $<HTMLSpanElement>('copy-status');
const queryText = $<HTMLPreElement>('query-text');

const MAX_NODES = 60;

let model: GraphModel | null = null;
let vars: LineageGraphVariables | null = null;
let selected: string | null = null;
/** Kinds the user hid with the filter; kept across loads (a voter hiding records wants them hidden on the next graph). */
const hiddenKinds = new Set<string>();
/** Kinds the user ticked or unticked: their choice wins over the default below. */
const chosenKinds = new Set<string>();
/**
 * A kind with more nodes than this starts hidden (the demo graph's answer has 51 records at depth 2: drawn, they are
 * a column far taller than the panel and the rest of the graph is lost beside it); its switch shows them.
 */
const CROWDED_KIND = 20;

function hideCrowdedKinds(m: GraphModel): void {
  const crowded = crowdedKinds(m, CROWDED_KIND);
  for (const { kind } of m.nodes.values()) {
    if (chosenKinds.has(kind)) continue;
    if (crowded.has(kind)) hiddenKinds.add(kind);
    else hiddenKinds.delete(kind);
  }
}

async function send<R extends Request>(request: R): Promise<ResponseMap[R['type']]> {
  return (await browser.runtime.sendMessage(request)) as ResponseMap[R['type']];
}

function setStatus(text: string, state: 'info' | 'error' | 'ok' = 'info', retry = false, el: HTMLElement = statusEl): void {
  el.textContent = text;
  el.dataset.state = state;
  if (keyRejected(text)) {
    const a = document.createElement('a');
    a.href = browser.runtime.getURL('/options.html');
    a.textContent = 'Change the key in the options';
    a.className = 'options-link';
    a.addEventListener('click', (e) => {
      e.preventDefault();
      void browser.runtime.openOptionsPage();
    });
    el.append(' ', a);
    return;
  }
  if (retry) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Retry';
    b.className = 'retry';
    b.addEventListener('click', () => void load());
    el.append(' ', b);
  }
}

const KEY_REJECTED = 'Strata rejected your API key.';
const keyRejected = (text: string) => text.startsWith(KEY_REJECTED);

function failure(res: { unreachable: boolean; keyRejected?: boolean; message: string }, what: string): string {
  if (res.keyRejected) return `${KEY_REJECTED} (${res.message})`;
  return res.unreachable ? `Strata unreachable (${res.message}) — retry` : `${what}: ${res.message}`;
}

function currentVars(): LineageGraphVariables {
  return {
    of: ofInput.value.trim(),
    direction: directionSelect.value as LineageDirection,
    maxDepth: Number(depthSelect.value),
    maxNodes: MAX_NODES,
  };
}

function showQuery(v: LineageGraphVariables): void {
  queryText.textContent = inlineLineageGraphQuery(v);
}

async function fetchGraph(v: LineageGraphVariables): Promise<LineageGraphResult> {
  return send({ type: 'strata:lineage-graph', of: v.of, direction: v.direction, maxDepth: v.maxDepth, maxNodes: v.maxNodes });
}

async function load(): Promise<void> {
  const v = currentVars();
  if (!v.of) {
    setStatus('Pick an answer\'s "Open lineage graph", or type a node id.');
    return;
  }
  vars = v;
  showQuery(v);
  setStatus('Loading…');
  const res = await fetchGraph(v).catch((e: unknown) => ({ ok: false as const, unreachable: true, message: String(e) }));
  if (!res.ok) {
    model = null;
    draw();
    setStatus(failure(res, 'No graph'), 'error', true);
    return;
  }
  model = mergeGraph(emptyModel(v.of), res.graph);
  hideCrowdedKinds(model);
  selected = v.of;
  setStatus('');
  draw();
  // The root in view: ranks are centred on each other, so in a tall graph it can sit far below the top.
  const rootBox = graphEl.querySelector('g.node.root')?.getBoundingClientRect();
  const frame = graphEl.getBoundingClientRect();
  if (rootBox) graphEl.scrollTop += rootBox.top - frame.top - 40;
}

async function expand(id: string): Promise<void> {
  if (!model || !vars) return;
  const v: LineageGraphVariables = { ...vars, of: id, maxDepth: 1 };
  showQuery(v);
  setStatus('Expanding…');
  const res = await fetchGraph(v);
  if (!res.ok) {
    setStatus(failure(res, 'Cannot expand'), 'error');
    return;
  }
  mergeGraph(model, res.graph, id);
  setStatus('');
  draw();
}

function draw(): void {
  graphEl.replaceChildren();
  nodeList.replaceChildren();
  if (!model) {
    kindsEl.replaceChildren();
    detailsEl.hidden = true;
    return;
  }
  const layout = layoutGraph(model, hiddenKinds);
  renderKinds(layout.kinds);
  graphEl.appendChild(
    renderGraph(document, layout, { root: model.root, selected }, {
      select: (n) => {
        selected = n.node.id;
        draw();
        (graphEl.querySelector(`[data-id="${CSS.escape(n.node.id)}"]`) as SVGGElement | null)?.focus();
      },
      expand: (n) => void expand(n.node.id),
    }),
  );
  for (const n of layout.nodes) {
    const li = document.createElement('li');
    li.textContent = `${n.node.kind}: ${n.node.label || n.node.id}${n.hidden ? ` (+${n.hidden} hidden)` : ''}`;
    nodeList.appendChild(li);
  }
  renderDetails();
}

/** The kind filter: one switch per kind in the graph, with its count; unticking hides that kind's nodes. */
function renderKinds(kinds: KindCount[]): void {
  kindsEl.replaceChildren();
  for (const k of kinds) {
    const label = document.createElement('label');
    label.className = 'kind-filter';
    label.dataset.kind = k.kind;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = !k.hidden;
    box.addEventListener('change', () => {
      chosenKinds.add(k.kind);
      if (box.checked) hiddenKinds.delete(k.kind);
      else hiddenKinds.add(k.kind);
      draw();
    });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    label.append(box, swatch, `${k.kind} ${k.count}`);
    kindsEl.appendChild(label);
  }
}

function renderDetails(): void {
  const n = selected && model ? model.nodes.get(selected) : undefined;
  detailsEl.replaceChildren();
  if (!n || !model) {
    detailsEl.hidden = true;
    return;
  }
  detailsEl.hidden = false;
  const dl = document.createElement('dl');
  const row = (k: string, v: string) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  };
  row('Kind', n.kind);
  row('Label', n.label);
  row('Id', n.id);
  const hidden = model.frontier.get(n.id) ?? 0;
  if (hidden) row('Hidden', `${hidden} more neighbours`);
  detailsEl.appendChild(dl);
  if (hidden) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = `Expand (+${hidden})`;
    b.addEventListener('click', () => void expand(n.id));
    detailsEl.appendChild(b);
  }
  if (n.id !== model.root) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Explore from here';
    b.addEventListener('click', () => {
      ofInput.value = n.id;
      void load();
    });
    detailsEl.append(' ', b);
  }
}

copyLink.addEventListener('click', (e) => {
  e.preventDefault();
  const text = inlineLineageGraphQuery(vars ?? currentVars());
  navigator.clipboard.writeText(text).then(
    () => (copyStatus.textContent = 'Copied'),
    () => {
      (document.getElementById('query-box') as HTMLDetailsElement).open = true;
      copyStatus.textContent = 'Copy failed: select the query below';
    },
  );
});

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void load();
});
directionSelect.addEventListener('change', () => void load());
depthSelect.addEventListener('change', () => void load());

function applyTarget(t: PanelTarget | undefined): void {
  if (!t || typeof t.of !== 'string') return;
  ofInput.value = t.of;
  void load();
}

browser.storage.session.onChanged.addListener((changes) => {
  const c = changes[PANEL_TARGET_KEY];
  if (c?.newValue) applyTarget(c.newValue as PanelTarget);
});

// The Governance view (docs/architecture.md#the-extensions-governance-view): open proposals and votes; the
// Notifications view (docs/architecture.md#the-extensions-notifications): the contributor's events, live.
type View = 'lineage' | 'governance' | 'notifications';
const views: Record<View, { main: HTMLElement; tab: HTMLButtonElement }> = {
  lineage: { main: $<HTMLElement>('lineage-view'), tab: $<HTMLButtonElement>('view-lineage') },
  governance: { main: $<HTMLElement>('governance-view'), tab: $<HTMLButtonElement>('view-governance') },
  notifications: { main: $<HTMLElement>('notifications-view'), tab: $<HTMLButtonElement>('view-notifications') },
};
let currentView: View = 'lineage';

function showView(view: View, then?: () => void): void {
  currentView = view;
  for (const [name, v] of Object.entries(views) as [View, (typeof views)[View]][]) {
    v.main.hidden = name !== view;
    v.tab.setAttribute('aria-pressed', String(name === view));
  }
  form.hidden = view !== 'lineage';
  if (view === 'notifications') notifications.shown();
  if (view !== 'governance') return;
  void loadGovernance($<HTMLOListElement>('proposals'), $<HTMLParagraphElement>('gov-status'), {
    proposals: () => send({ type: 'strata:proposals' }),
    vote: (proposalId, choice, idempotencyKey) => send({ type: 'strata:cast-vote', proposalId, choice, idempotencyKey }),
    lineageGraph: (of, direction, maxDepth) => send({ type: 'strata:lineage-graph', of, direction, maxDepth, maxNodes: MAX_NODES }),
    crowdedKind: CROWDED_KIND,
    status: (el, text, state) => setStatus(text, state, false, el),
    failureText: failure,
  }).then(then);
}
for (const name of Object.keys(views) as View[]) views[name].tab.addEventListener('click', () => showView(name));

const notifications = startNotifications({
  list: $<HTMLOListElement>('notifications'),
  status: $<HTMLParagraphElement>('notif-status'),
  unread: $<HTMLSpanElement>('unread-count'),
  tab: views.notifications.tab,
  shown: () => currentView === 'notifications',
  setStatus: (el, text, state) => setStatus(text, state, false, el),
  keyRejectedText: (message) => failure({ unreachable: false, keyRejected: true, message }, ''),
  open: (target) => {
    if (target.view === 'lineage') {
      showView('lineage');
      ofInput.value = target.of;
      directionSelect.value = 'UPSTREAM';
      void load();
      return;
    }
    // The proposal in the Governance list (open proposals: one that has closed since is not there).
    showView('governance', () => {
      const li = document.querySelector<HTMLElement>(`li.proposal[data-id="${CSS.escape(target.proposal)}"]`);
      if (!li) return;
      li.scrollIntoView({ block: 'start' });
      li.tabIndex = -1;
      li.focus();
    });
  },
});

const params = new URLSearchParams(location.search);
if (params.get('view') === 'governance' || params.get('view') === 'notifications') showView(params.get('view') as View);
if (params.get('of')) {
  ofInput.value = params.get('of')!;
  if (params.get('direction') === 'DOWNSTREAM') directionSelect.value = 'DOWNSTREAM';
  if (params.get('depth')) depthSelect.value = params.get('depth')!;
  void load();
} else {
  void browser.storage.session.get(PANEL_TARGET_KEY).then((got) => {
    if (got[PANEL_TARGET_KEY]) applyTarget(got[PANEL_TARGET_KEY] as PanelTarget);
    else setStatus('Pick an answer\'s "Open lineage graph", or type a node id.');
  });
}
