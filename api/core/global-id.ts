import { badInput } from './errors.js';

/**
 * Global ids are readable `Type:localId` strings (e.g. `Output:out_demo_1`): opaque enough for Relay, and a
 * contributor can still tell what an id in a proof or a log entry points at.
 */
export const NODE_TYPES = ['Contributor', 'Datanet', 'Record', 'ContentCluster', 'BaseModel', 'Adapter', 'Model', 'Output', 'Proposal', 'AgentStep'] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

const LOCAL_ID = /^[A-Za-z0-9_.-]{1,128}$/;

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return `${typename}:${id}`;
}

export function decodeGlobalId(globalId: string, argName = 'id'): { typename: NodeTypeName; id: string } {
  const colon = globalId.indexOf(':');
  const typename = globalId.slice(0, colon);
  const id = globalId.slice(colon + 1);
  if (colon < 1 || !(NODE_TYPES as readonly string[]).includes(typename) || !LOCAL_ID.test(id)) {
    throw badInput(
      `"${globalId.slice(0, 80)}" is not a Strata id: expected "<Type>:<id>" with Type one of ${NODE_TYPES.join(', ')}.`,
      argName,
    );
  }
  return { typename: typename as NodeTypeName, id };
}

/** Decodes and checks the type, for fields like `output(id:)` that take one kind of node. */
export function decodeGlobalIdOf(expected: NodeTypeName, globalId: string, argName = 'id'): string {
  const decoded = decodeGlobalId(globalId, argName);
  if (decoded.typename !== expected) {
    throw badInput(`"${globalId}" is a ${decoded.typename} id; ${argName} must be a ${expected} id.`, argName);
  }
  return decoded.id;
}
