/**
 * The Notifications list's words (extension/lib/notification-text.ts): events as the stream sends them, parsed
 * strictly and said in plain words. Expected sentences are written out here, not computed with the code under test.
 */
import { describe, expect, it } from 'vitest';
import {
  eventTarget, eventTimeText, notificationText, parseContributorEvent, parseEventSubject, recordSnippet, subjectIds,
} from '../../../extension/lib/notification-text';

const header = { id: 'record-used:out_1:ctb_1', occurredAt: '2026-11-30T07:12:45.123Z', contributor: 'Q29udHJpYnV0b3I6Y3Ri', cursor: 'WyIyMDI2Il0' };
const recordUsed = (records: unknown[]) => ({ ...header, kind: 'RECORD_USED', payload: { __typename: 'RecordUsedEvent', output: 'Output:out_1', records } });
const parse = (raw: unknown) => {
  const e = parseContributorEvent(raw);
  expect(e).not.toBeNull();
  return e!;
};

describe('parseContributorEvent', () => {
  it('keeps the fields of each kind', () => {
    expect(parse(recordUsed([{ id: 'Record:r1', share: 0.12 }]))).toEqual({
      id: header.id, occurredAt: header.occurredAt, cursor: header.cursor, kind: 'RECORD_USED', output: 'Output:out_1', records: [{ id: 'Record:r1', share: 0.12 }],
    });
    expect(parse({ ...header, id: 'value-dropped:m2:c', kind: 'VALUE_DROPPED', payload: { model: 'Model:m2', previousModel: 'Model:m1', meanShare: 0.08, previousMeanShare: 0.12, dropFromPrevious: 1 / 3, threshold: 0.25 } })).toMatchObject({
      kind: 'VALUE_DROPPED', model: 'Model:m2', previousModel: 'Model:m1', meanShare: 0.08, previousMeanShare: 0.12,
    });
    expect(parse({ ...header, kind: 'PROPOSAL_NAMED', payload: { proposal: 'Proposal:p', proposalKind: 'CONTRIBUTOR_SANCTION', role: 'SUBJECT' } })).toMatchObject({
      kind: 'PROPOSAL_NAMED', proposal: 'Proposal:p', proposalKind: 'CONTRIBUTOR_SANCTION', role: 'SUBJECT',
    });
  });

  it('refuses what it cannot show: an unknown kind, no cursor, a bad time, no records', () => {
    expect(parseContributorEvent({ ...header, kind: 'SOMETHING_NEW', payload: {} })).toBeNull();
    expect(parseContributorEvent({ ...recordUsed([{ id: 'Record:r1', share: 1 }]), cursor: undefined })).toBeNull();
    expect(parseContributorEvent({ ...recordUsed([{ id: 'Record:r1', share: 1 }]), occurredAt: 'yesterday' })).toBeNull();
    expect(parseContributorEvent(recordUsed([]))).toBeNull();
    expect(parseContributorEvent(null)).toBeNull();
  });
});

describe('notificationText', () => {
  it('RECORD_USED quotes the record and names the output\'s model', () => {
    const e = parse(recordUsed([{ id: 'Record:r1', share: 0.125 }]));
    expect(notificationText(e, { model: 'Stream 2', recordText: 'Tidal flats hold more carbon per hectare than most forests do.' })).toBe(
      'Your record “Tidal flats hold more carbon per hectare than…” was used in an output of model Stream 2. It counted for 13% of that output.',
    );
    // Before (or without) the names: the ids.
    expect(notificationText(e)).toBe('Your record Record:r1 was used in an output of a model (output Output:out_1). It counted for 13% of that output.');
  });

  it('RECORD_USED with several records counts them and sums their shares', () => {
    const e = parse(recordUsed([{ id: 'Record:r1', share: 0.25 }, { id: 'Record:r2', share: 0.05 }, { id: 'Record:r3', share: null }]));
    expect(notificationText(e, { model: 'Stream 2' })).toBe('3 records of yours were used in an output of model Stream 2. It counted for 30% of that output.');
  });

  it('VALUE_DROPPED says from what to what', () => {
    const e = parse({ ...header, kind: 'VALUE_DROPPED', payload: { model: 'Model:m2', previousModel: 'Model:m1', meanShare: 0.08, previousMeanShare: 0.12, dropFromPrevious: 1 / 3 } });
    expect(notificationText(e, { model: 'Stream 2' })).toBe('Your value for model Stream 2 dropped from 12% to 8% (mean share of its outputs, against the version before).');
    const noNumbers = parse({ ...header, kind: 'VALUE_DROPPED', payload: { model: 'Model:m2', dropFromPrevious: 0.4 } });
    expect(notificationText(noNumbers)).toBe('Your value for model Model:m2 dropped by 40% from the version before.');
  });

  it('PROPOSAL_NAMED says whether it is about you or a datanet of yours', () => {
    const about = parse({ ...header, kind: 'PROPOSAL_NAMED', payload: { proposal: 'Proposal:p', proposalKind: 'CONTRIBUTOR_SANCTION', role: 'SUBJECT' } });
    expect(notificationText(about, { proposalTitle: 'Sanction a copier?' })).toBe('Proposal “Sanction a copier?” (contributor sanction) names you.');
    const owner = parse({ ...header, kind: 'PROPOSAL_NAMED', payload: { proposal: 'Proposal:p', proposalKind: 'DATANET_ELIGIBILITY', role: 'DATANET_OWNER' } });
    expect(notificationText(owner)).toBe('Proposal Proposal:p (datanet eligibility) names a datanet you own.');
  });

  it('times are UTC, to the minute', () => {
    expect(eventTimeText('2026-11-30T07:12:45.123Z')).toBe('30 Nov 2026, 07:12 UTC');
  });

  it('a record snippet is the first words, marked when cut', () => {
    expect(recordSnippet('Short one.')).toBe('Short one.');
    expect(recordSnippet('one two three four five six seven eight nine ten')).toBe('one two three four five six seven eight…');
  });
});

describe('what an event points at', () => {
  const used = parse(recordUsed([{ id: 'Record:r1', share: 0.1 }]));
  const named = parse({ ...header, kind: 'PROPOSAL_NAMED', payload: { proposal: 'Proposal:p', proposalKind: null, role: 'SUBJECT' } });
  it('asks for the output (and its one record), the model or the proposal', () => {
    expect(subjectIds(used)).toEqual({ id: 'Output:out_1', record: 'Record:r1' });
    expect(subjectIds(named)).toEqual({ id: 'Proposal:p', record: null });
  });
  it('leads to the output\'s lineage or the proposal in Governance', () => {
    expect(eventTarget(used)).toEqual({ view: 'lineage', of: 'Output:out_1', label: 'Show the output\'s lineage' });
    expect(eventTarget(named)).toEqual({ view: 'governance', proposal: 'Proposal:p', label: 'Open the proposal in Governance' });
  });
  it('reads the names out of the subject query\'s answer', () => {
    expect(parseEventSubject({ subject: { __typename: 'Output', model: { name: 'Stream', version: '2' } }, record: { text: 'A record.' } })).toEqual({ model: 'Stream 2', recordText: 'A record.', proposalTitle: null });
    expect(parseEventSubject({ subject: { __typename: 'Proposal', title: 'T' } })).toEqual({ model: null, recordText: null, proposalTitle: 'T' });
    expect(parseEventSubject({ subject: null })).toEqual({ model: null, recordText: null, proposalTitle: null });
  });
});
