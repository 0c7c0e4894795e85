import { describe, expect, it } from 'vitest';
import { createLineageEvent, linkRegisteredAdapter, storedEvent } from '../../../api/store/lineage-runs.js';
import { lineageRunCypher, readLineageRun } from '../../../api/store/reads/lineage-runs.js';
import { int } from '../../../api/store/values.js';
import { recording } from './recording.js';
import neo4j from 'neo4j-driver';

const trainer = { contributorId: 'ctb_t', envAdmin: false };
const event = {
  key: 'd46e465b-d358-4d32-83d4-df660ff614dd/COMPLETE', runId: 'd46e465b-d358-4d32-83d4-df660ff614dd', eventType: 'COMPLETE',
  eventTime: '2020-12-28T10:52:00.001Z', jobNamespace: 'workshop', jobName: 'train', producer: 'https://example.org/p',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent', payload: '{}', payloadHash: 'a'.repeat(64), submittedBy: 'ctb_t',
};

describe('lineage runs store', () => {
  it('reads the stored copy of an event key and the run owner', async () => {
    const { tx, sent } = recording([[{ exists: true, payloadHash: 'h', adapterId: 'ad_1', runOwner: 'ctb_t' }], [{ exists: false, payloadHash: null, adapterId: null, runOwner: null }]]);
    expect(await storedEvent(tx, event.key, event.runId)).toEqual({ event: { payloadHash: 'h', adapterId: 'ad_1' }, runOwner: 'ctb_t' });
    expect(await storedEvent(tx, event.key, event.runId)).toEqual({ event: null, runOwner: null });
    expect(sent[0]).toMatchSnapshot();
  });

  it('creates the event (and its run on the first event) behind the guard and the run owner', async () => {
    const { tx, sent } = recording([[{ created: int(1) }]]);
    expect(await createLineageEvent(tx, { actor: trainer, roles: ['CONTRIBUTOR', 'ADMIN'] }, event)).toBe(1);
    expect(sent[0]!.cypher).toContain('WITH run WHERE run.submittedBy = $submittedBy');
    expect(sent).toMatchSnapshot();
  });

  it('links the run to the adapter it registered, with the training metadata', async () => {
    const { tx, sent } = recording();
    await linkRegisteredAdapter(tx, { key: event.key, runId: event.runId, adapterId: 'ad_1', trainingMetadata: '{"runFacets":{}}' });
    expect(sent).toMatchSnapshot();
  });

  it('reads a run with its events', async () => {
    const run = new neo4j.types.Node(neo4j.int(1), ['LineageRun'], { runId: event.runId, jobNamespace: 'workshop', jobName: 'train', submittedBy: 'ctb_t' }, 'n1');
    const e = new neo4j.types.Node(neo4j.int(2), ['LineageEvent'], { key: event.key, eventType: 'COMPLETE', payload: '{}' }, 'n2');
    const { graph, sent } = recording([[{ run, events: [e] }], []]);
    expect((await readLineageRun(graph, event.runId))?.events.map((x) => x.eventType)).toEqual(['COMPLETE']);
    expect(await readLineageRun(graph, 'none')).toBeNull();
    expect(sent.map((s) => s.cypher)).toEqual([lineageRunCypher, lineageRunCypher]);
    expect(sent[0]).toMatchSnapshot();
  });
});
