/**
 * A contributor's events (docs/architecture.md#the-event-stream) as the side panel's Notifications list says them.
 * Parsed strictly from the stream (an event the panel does not understand is dropped, never half-shown), then put
 * into plain words. Pure, so it is unit-tested directly; the panel only puts these strings on the page.
 */
import { percent, plural } from './format';

export type EventKind = 'RECORD_USED' | 'VALUE_DROPPED' | 'PROPOSAL_NAMED';

interface EventHeader {
  /** The event id (the webhook's Strata-Event-Id): the panel de-duplicates on it. */
  id: string;
  occurredAt: string;
  /** Subscribe again with `after:` this to resume after this event. */
  cursor: string;
}
export type ContributorEventData = EventHeader &
  (
    | { kind: 'RECORD_USED'; output: string; records: Array<{ id: string; share: number | null }> }
    | {
        kind: 'VALUE_DROPPED';
        model: string;
        previousModel: string | null;
        meanShare: number | null;
        previousMeanShare: number | null;
        dropFromPrevious: number | null;
      }
    | { kind: 'PROPOSAL_NAMED'; proposal: string; proposalKind: string | null; role: string | null }
  );

/** What the ids of an event stand for, looked up once (EVENT_SUBJECT_QUERY); null until then or when it failed. */
export interface EventSubject {
  /** The output's model (RECORD_USED) or the model version (VALUE_DROPPED): "Stream 2". */
  model?: string | null;
  /** The first record's text (RECORD_USED). */
  recordText?: string | null;
  proposalTitle?: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 512): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One `contributorEvents` value, or null when it is not an event this panel knows how to show. */
export function parseContributorEvent(raw: unknown): ContributorEventData | null {
  if (!isObj(raw) || !isObj(raw.payload)) return null;
  const id = str(raw.id);
  const occurredAt = str(raw.occurredAt, 64);
  const cursor = str(raw.cursor, 1024);
  if (!id || !occurredAt || !cursor || Number.isNaN(Date.parse(occurredAt))) return null;
  const p = raw.payload;
  const header = { id, occurredAt, cursor };
  switch (raw.kind) {
    case 'RECORD_USED': {
      const output = str(p.output);
      if (!output || !Array.isArray(p.records)) return null;
      const records = p.records.flatMap((r) => (isObj(r) && str(r.id) ? [{ id: r.id as string, share: num(r.share) }] : []));
      if (records.length === 0) return null;
      return { ...header, kind: 'RECORD_USED', output, records };
    }
    case 'VALUE_DROPPED': {
      const model = str(p.model);
      if (!model) return null;
      return {
        ...header,
        kind: 'VALUE_DROPPED',
        model,
        previousModel: str(p.previousModel),
        meanShare: num(p.meanShare),
        previousMeanShare: num(p.previousMeanShare),
        dropFromPrevious: num(p.dropFromPrevious),
      };
    }
    case 'PROPOSAL_NAMED': {
      const proposal = str(p.proposal);
      if (!proposal) return null;
      return { ...header, kind: 'PROPOSAL_NAMED', proposal, proposalKind: str(p.proposalKind, 64), role: str(p.role, 64) };
    }
    default:
      return null;
  }
}

/** The id whose name the event's sentence needs (EVENT_SUBJECT_QUERY's `$id`), and the record whose text it quotes. */
export function subjectIds(e: ContributorEventData): { id: string; record: string | null } {
  switch (e.kind) {
    case 'RECORD_USED':
      return { id: e.output, record: e.records.length === 1 ? e.records[0]!.id : null };
    case 'VALUE_DROPPED':
      return { id: e.model, record: null };
    case 'PROPOSAL_NAMED':
      return { id: e.proposal, record: null };
  }
}

/** The first words of a record, enough to recognise it: at most `words` words and 60 characters. */
export function recordSnippet(text: string, words = 8): string {
  const all = text.trim().split(/\s+/);
  let out = all.slice(0, words).join(' ');
  if (out.length > 60) out = `${out.slice(0, 60).replace(/\s+\S*$/, '')}`;
  return out.length < text.trim().length ? `${out}…` : out;
}

const PROPOSAL_KINDS: Record<string, string> = {
  REWARD_POLICY: 'reward policy',
  DATANET_ELIGIBILITY: 'datanet eligibility',
  CONTRIBUTOR_SANCTION: 'contributor sanction',
  ATTRIBUTION_CORRECTION: 'attribution correction',
  GOVERNANCE_POLICY: 'governance rules',
};

/** The sentence a notification says. Ids stand in for names the API did not (or not yet) give. */
export function notificationText(e: ContributorEventData, subject: EventSubject | null = null): string {
  switch (e.kind) {
    case 'RECORD_USED': {
      const model = subject?.model ? `model ${subject.model}` : `a model (output ${e.output})`;
      const shares = e.records.map((r) => r.share).filter((s): s is number => s !== null);
      const share = shares.length > 0 ? ` It counted for ${percent(shares.reduce((a, b) => a + b, 0))} of that output.` : '';
      if (e.records.length > 1) return `${plural(e.records.length, 'record')} of yours were used in an output of ${model}.${share}`;
      const record = subject?.recordText ? `“${recordSnippet(subject.recordText)}”` : e.records[0]!.id;
      return `Your record ${record} was used in an output of ${model}.${share}`;
    }
    case 'VALUE_DROPPED': {
      const model = subject?.model ?? e.model;
      if (e.previousMeanShare !== null && e.meanShare !== null) {
        return `Your value for model ${model} dropped from ${percent(e.previousMeanShare)} to ${percent(e.meanShare)} (mean share of its outputs, against the version before).`;
      }
      const by = e.dropFromPrevious !== null ? ` by ${percent(e.dropFromPrevious)}` : '';
      return `Your value for model ${model} dropped${by} from the version before.`;
    }
    case 'PROPOSAL_NAMED': {
      const title = subject?.proposalTitle ? `“${subject.proposalTitle}”` : e.proposal;
      const kind = e.proposalKind && PROPOSAL_KINDS[e.proposalKind] ? ` (${PROPOSAL_KINDS[e.proposalKind]})` : '';
      return e.role === 'DATANET_OWNER'
        ? `Proposal ${title}${kind} names a datanet you own.`
        : `Proposal ${title}${kind} names you.`;
    }
  }
}

/** When it happened, in UTC so every reader sees the same: "30 Nov 2026, 07:12 UTC". */
export function eventTimeText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${date}, ${time} UTC`;
}

/** Where a notification leads in the panel: the lineage tab around the output or model, or the proposal in Governance. */
export type EventTarget = { view: 'lineage'; of: string; label: string } | { view: 'governance'; proposal: string; label: string };

export function eventTarget(e: ContributorEventData): EventTarget {
  switch (e.kind) {
    case 'RECORD_USED':
      return { view: 'lineage', of: e.output, label: 'Show the output\'s lineage' };
    case 'VALUE_DROPPED':
      return { view: 'lineage', of: e.model, label: 'Show the model\'s lineage' };
    case 'PROPOSAL_NAMED':
      return { view: 'governance', proposal: e.proposal, label: 'Open the proposal in Governance' };
  }
}

/** The subject's names out of EVENT_SUBJECT_QUERY's data. */
export function parseEventSubject(data: Record<string, unknown>): EventSubject {
  const subject = isObj(data.subject) ? data.subject : {};
  const record = isObj(data.record) ? data.record : {};
  const modelOf = (m: unknown) => (isObj(m) && str(m.name) ? `${m.name as string}${str(m.version) ? ` ${m.version as string}` : ''}` : null);
  return {
    model: subject.__typename === 'Output' ? modelOf(subject.model) : subject.__typename === 'Model' ? modelOf(subject) : null,
    recordText: str(record.text, 200_000),
    proposalTitle: str(subject.title, 500),
  };
}
