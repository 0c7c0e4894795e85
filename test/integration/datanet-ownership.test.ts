import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, outcome, passage, type Member } from './support/contributions.js';

// Datanets belong to contributors: the creator owns one, sets its admission and appoints its validators.
const ADMIN = 'test-admin-key-ownership';
let api: TestApi;
let owner: Member;
let other: Member;
let appointee: Member;
let submitter: Member;

const D = {
  datanet: `query($id: ID!) { datanet(id: $id) { id admission owner { id } validators { id } } }`,
  setAdmission: `mutation($input: SetDatanetAdmissionInput!) { setDatanetAdmission(input: $input) { datanet { id admission } } }`,
  appoint: `mutation($input: AppointValidatorsInput!) { appointValidators(input: $input) { datanet { id validators { id } } } }`,
};

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
  owner = await member(api.url, ADMIN, 'own-owner', ['CONTRIBUTOR']);
  other = await member(api.url, ADMIN, 'own-other', ['CONTRIBUTOR']);
  appointee = await member(api.url, ADMIN, 'own-appointee', ['CONTRIBUTOR']);
  submitter = await member(api.url, ADMIN, 'own-submitter', ['CONTRIBUTOR']);
});
afterAll(async () => {
  await api.stop();
});

const submit = async (datanetId: string, seed: string) =>
  expectOk(await gql(api.url, M.submitRecords, { input: { datanetId, records: [{ text: passage(seed), license: 'CC0-1.0' }] } }, submitter.key)).submitRecords.records[0];

describe('datanet ownership', () => {
  it('a contributor creates a datanet and owns it; the admin key\'s datanets have no owner', async () => {
    const mine = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Owned', admission: 'REVIEWED' } }, owner.key)).createDatanet.datanet;
    const read = expectOk(await gql(api.url, D.datanet, { id: mine.id })).datanet;
    expect(read).toEqual({ id: mine.id, admission: 'REVIEWED', owner: { id: owner.id }, validators: [] });
    const admins = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Admin made', admission: 'OPEN' } }, ADMIN)).createDatanet.datanet;
    expect(expectOk(await gql(api.url, D.datanet, { id: admins.id })).datanet.owner).toBeNull();
  });

  it('the owner appoints validators who review its records without the VALIDATOR role; nobody else may', async () => {
    const net = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Appointing', admission: 'REVIEWED' } }, owner.key)).createDatanet.datanet.id;
    const pending = await submit(net, 'own-pending-1');
    expect(pending.status).toBe('PENDING');

    // Before the appointment (and for anyone not appointed) a plain contributor may not review.
    const before = await graphCounts();
    expect(outcome(await gql(api.url, M.reviewRecords, { input: { recordIds: [pending.id], verdict: 'ACCEPT' } }, appointee.key))).toBe('FORBIDDEN');
    expect(outcome(await gql(api.url, D.appoint, { input: { datanetId: net, validatorIds: [appointee.id] } }, other.key))).toBe('FORBIDDEN');
    expect(outcome(await gql(api.url, D.setAdmission, { input: { datanetId: net, admission: 'OPEN' } }, other.key))).toBe('FORBIDDEN');
    expect(await graphCounts()).toEqual(before);

    const appointed = expectOk(await gql(api.url, D.appoint, { input: { datanetId: net, validatorIds: [appointee.id], idempotencyKey: 'appoint-1' } }, owner.key));
    expect(appointed.appointValidators.datanet.validators).toEqual([{ id: appointee.id }]);
    // Appointing again (with or without the key) changes nothing.
    const counts = await graphCounts();
    expectOk(await gql(api.url, D.appoint, { input: { datanetId: net, validatorIds: [appointee.id], idempotencyKey: 'appoint-1' } }, owner.key));
    expectOk(await gql(api.url, D.appoint, { input: { datanetId: net, validatorIds: [appointee.id] } }, owner.key));
    expect(await graphCounts()).toEqual(counts);

    const reviewed = expectOk(await gql(api.url, M.reviewRecords, { input: { recordIds: [pending.id], verdict: 'ACCEPT' } }, appointee.key));
    expect(reviewed.reviewRecords.records[0].status).toBe('ACCEPTED');

    // The appointment is for this datanet only.
    const elsewhere = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Elsewhere', admission: 'REVIEWED' } }, other.key)).createDatanet.datanet.id;
    const otherPending = await submit(elsewhere, 'own-elsewhere-1');
    expect(outcome(await gql(api.url, M.reviewRecords, { input: { recordIds: [otherPending.id], verdict: 'ACCEPT' } }, appointee.key))).toBe('FORBIDDEN');
  });

  it('the owner sets admission for records submitted from then on; admins still may', async () => {
    const net = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Opening', admission: 'REVIEWED' } }, owner.key)).createDatanet.datanet.id;
    expect((await submit(net, 'own-open-1')).status).toBe('PENDING');
    expect(expectOk(await gql(api.url, D.setAdmission, { input: { datanetId: net, admission: 'OPEN' } }, owner.key)).setDatanetAdmission.datanet.admission).toBe('OPEN');
    expect((await submit(net, 'own-open-2')).status).toBe('ACCEPTED');
    expect(expectOk(await gql(api.url, D.setAdmission, { input: { datanetId: net, admission: 'REVIEWED' } }, ADMIN)).setDatanetAdmission.datanet.admission).toBe('REVIEWED');
  });

  it('unknown datanets are NOT_FOUND, unknown validators BAD_USER_INPUT naming the position; nothing is written', async () => {
    const net = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Errors', admission: 'REVIEWED' } }, owner.key)).createDatanet.datanet.id;
    const before = await graphCounts();
    const unknownNet = await gql(api.url, D.setAdmission, { input: { datanetId: 'Datanet:dn_nope', admission: 'OPEN' } }, owner.key);
    expect(outcome(unknownNet)).toBe('NOT_FOUND');
    const unknownValidator = await gql(api.url, D.appoint, { input: { datanetId: net, validatorIds: [appointee.id, 'Contributor:ctb_nope'] } }, owner.key);
    expect(outcome(unknownValidator)).toBe('BAD_USER_INPUT');
    expect(unknownValidator.errors![0]!.extensions?.field).toBe('validatorIds.1');
    expect(await graphCounts()).toEqual(before);
  });
});
