import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapterFromRun, eventKey, OPENLINEAGE_SPEC_VERSION, readRunEvent, type RunEvent } from '../../../api/interop/openlineage.js';
import { schemaValidator } from '../../../api/interop/json-schema.js';
import { StrataError } from '../../../api/core/errors.js';

// OpenLineage RunEvents: the vendored spec, the validator over it, and the mapping to an adapter registration. The
// events are the spec's own examples (spec/OpenLineage.md, the website's "Example Lineage Events").
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/client';
const RUN_EVENT_URL = 'https://openlineage.io/spec/1-0-0/OpenLineage.json#/definitions/RunEvent';

/** spec/OpenLineage.md's example (as published, with trailing commas removed). */
const specExample = () => ({
  eventType: 'START',
  eventTime: '2020-12-09T23:37:31.081Z',
  run: { runId: '3b452093-782c-4ef2-9c0c-aafe2aa6f34d' },
  job: { namespace: 'my-scheduler-namespace', name: 'myjob.mytask' },
  inputs: [{ namespace: 'my-datasource-namespace', name: 'instance.schema.table' }],
  outputs: [{ namespace: 'my-datasource-namespace', name: 'instance.schema.output_table' }],
  producer: PRODUCER,
  schemaURL: RUN_EVENT_URL,
});

/** The website's "COMPLETE event with single output", renamed into the strata namespace, with the adapter facet. */
const trainingComplete = (): RunEvent => ({
  eventType: 'COMPLETE',
  eventTime: '2020-12-28T20:52:00.001+10:00',
  run: { runId: 'd46e465b-d358-4d32-83d4-df660ff614dd', facets: { hyperparameters: { _producer: PRODUCER, _schemaURL: 'https://example.org/h.json', epochs: 3 } } },
  job: { namespace: 'workshop', name: 'process_taxes' },
  inputs: [{ namespace: 'strata', name: 'Datanet:dn_1' }, { namespace: 'postgres://workshop-db:None', name: 'workshop.public.taxes' }, { namespace: 'strata', name: 'Datanet:dn_2' }],
  outputs: [{
    namespace: 'strata',
    name: ' tides-lora ',
    facets: { strataAdapter: { _producer: PRODUCER, _schemaURL: 'https://example.org/s.json', baseModelId: 'BaseModel:bm_1', derivedFromId: 'Adapter:ad_0' } },
  }],
  producer: PRODUCER,
  schemaURL: RUN_EVENT_URL,
});

const problem = (body: unknown): { field?: string; message: string } => {
  try {
    readRunEvent(body);
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return { field: (error as StrataError).field, message: (error as StrataError).message };
  }
  throw new Error('accepted');
};

describe('the vendored OpenLineage schema', () => {
  it('is the spec version the code names', () => {
    const schema = JSON.parse(readFileSync(new URL(`../../../api/interop/openlineage/OpenLineage-${OPENLINEAGE_SPEC_VERSION}.json`, import.meta.url), 'utf8'));
    expect(schema.$id).toBe(`https://openlineage.io/spec/${OPENLINEAGE_SPEC_VERSION}/OpenLineage.json`);
    // The whole document (RunEvent | DatasetEvent | JobEvent) validates with the small validator too.
    const validate = schemaValidator(schema);
    expect(validate(specExample())).toBeNull();
    expect(validate({ eventTime: '2020-12-09T23:37:31.081Z', producer: PRODUCER, schemaURL: RUN_EVENT_URL, dataset: { namespace: 'n', name: 'd' } })).toBeNull();
    expect(validate({ eventTime: '2020-12-09T23:37:31.081Z', producer: PRODUCER, schemaURL: RUN_EVENT_URL })?.message).toMatch(/none of the allowed forms/);
  });

  it('refuses schemas with keywords it does not implement, rather than ignoring them', () => {
    expect(() => schemaValidator({ type: 'string', pattern: '^a' } as never)('a')).toThrow(/pattern/);
  });
});

describe('readRunEvent', () => {
  it("accepts the spec's example as a history event: no adapter", () => {
    const read = readRunEvent(specExample());
    expect(read.adapter).toBeNull();
    expect(read.key).toBe('3b452093-782c-4ef2-9c0c-aafe2aa6f34d/START');
  });

  it('names the JSON path of the first problem', () => {
    const { schemaURL: _s, ...noSchemaUrl } = specExample();
    expect(problem(noSchemaUrl)).toMatchObject({ field: '$.schemaURL' });
    expect(problem({ ...specExample(), run: { runId: 'x' } })).toMatchObject({ field: '$.run.runId', message: expect.stringMatching(/must be a uuid/) });
    expect(problem({ ...specExample(), inputs: [{ namespace: 'n' }] })).toMatchObject({ field: '$.inputs[0].name', message: expect.stringMatching(/is required/) });
    expect(problem({ ...specExample(), run: { runId: '3b452093-782c-4ef2-9c0c-aafe2aa6f34d', facets: { 'my facet': {} } } })).toMatchObject({ field: '$.run.facets["my facet"]._producer' });
    expect(problem({ ...specExample(), eventTime: '2020-12-09 23:37' })).toMatchObject({ field: '$.eventTime' });
    expect(problem([])).toMatchObject({ field: '$', message: expect.stringMatching(/must be an object, got array/) });
  });

  it('keys RUNNING and OTHER events by time too: a run sends many', () => {
    expect(eventKey({ ...trainingComplete(), eventType: 'RUNNING' })).toBe('d46e465b-d358-4d32-83d4-df660ff614dd/RUNNING/2020-12-28T20:52:00.001+10:00');
    expect(eventKey({ ...trainingComplete(), eventType: 'FAIL' })).toBe('d46e465b-d358-4d32-83d4-df660ff614dd/FAIL');
  });
});

describe('adapterFromRun', () => {
  it('maps a COMPLETE training event: strata inputs are datanets, the output is the adapter, facets are metadata', () => {
    const read = readRunEvent(trainingComplete());
    expect(read.adapter).toEqual({
      name: 'tides-lora',
      baseModelId: 'bm_1',
      derivedFromId: 'ad_0',
      trainedOn: ['dn_1', 'dn_2'],
      snapshotAt: '2020-12-28T10:52:00.001Z',
      paths: { baseModelId: '$.outputs[0].facets.strataAdapter.baseModelId', derivedFromId: '$.outputs[0].facets.strataAdapter.derivedFromId', trainedOn: ['$.inputs[0].name', '$.inputs[2].name'] },
      metadata: { runFacets: { hyperparameters: { _producer: PRODUCER, _schemaURL: 'https://example.org/h.json', epochs: 3 } }, jobFacets: {}, outputFacets: {} },
    });
  });

  it('registers nothing for an event without the adapter facet, or one that is not COMPLETE', () => {
    const event = trainingComplete();
    expect(adapterFromRun({ ...event, outputs: [{ namespace: 'strata', name: 'x' }] })).toBeNull();
    expect(readRunEvent({ ...event, eventType: 'START' }).adapter).toBeNull();
  });

  it('refuses what cannot be an adapter registration, naming the path', () => {
    const event = trainingComplete();
    const facet = event.outputs![0]!.facets!.strataAdapter!;
    const withFacet = (f: Record<string, unknown>) => ({ ...event, outputs: [{ ...event.outputs![0]!, facets: { strataAdapter: { ...facet, ...f } } }] });
    expect(problem(withFacet({ baseModelId: 'Adapter:ad_1' }))).toMatchObject({ field: '$.outputs[0].facets.strataAdapter.baseModelId' });
    expect(problem(withFacet({ baseModelId: 7 }))).toMatchObject({ field: '$.outputs[0].facets.strataAdapter.baseModelId' });
    expect(problem(withFacet({ derivedFromId: 'Datanet:dn_1' }))).toMatchObject({ field: '$.outputs[0].facets.strataAdapter.derivedFromId' });
    expect(problem({ ...event, inputs: [event.inputs![0], event.inputs![0]] })).toMatchObject({ field: '$.inputs[1].name', message: expect.stringMatching(/repeats \$\.inputs\[0\]\.name/) });
    expect(problem({ ...event, inputs: [event.inputs![1]] })).toMatchObject({ field: '$.inputs' });
    expect(problem({ ...event, outputs: [...event.outputs!, event.outputs![0]] })).toMatchObject({ field: '$.outputs[1].facets.strataAdapter' });
    expect(problem({ ...event, outputs: [{ ...event.outputs![0]!, name: '   ' }] })).toMatchObject({ field: '$.outputs[0].name' });
  });
});
