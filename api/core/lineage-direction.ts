/**
 * Edge kinds by meaning. UPSTREAM walks "was made from": an outgoing edge of a FORWARD kind (an output was
 * GENERATED_BY its model) or an incoming edge of a BACKWARD kind (a datanet is made of the records IN it).
 * DOWNSTREAM ("what it influenced") is the mirror image.
 */
export const UPSTREAM_OUTGOING = ['GENERATED_BY', 'INFLUENCED_BY', 'USES', 'BASED_ON', 'PREVIOUS_VERSION', 'TRAINED_ON', 'ADAPTS', 'DERIVED_FROM', 'TOOK_STEP', 'DEPENDS_ON', 'RETRIEVED', 'CALLED'] as const;
export const UPSTREAM_INCOMING = ['IN', 'CONTRIBUTED', 'BUILT', 'REVIEWED'] as const;
export const LINEAGE_EDGE_KINDS = [...UPSTREAM_OUTGOING, ...UPSTREAM_INCOMING] as const;
export type LineageEdgeKind = (typeof LINEAGE_EDGE_KINDS)[number];

export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM';

/** Which kinds to follow outgoing / incoming from a node, for a direction. */
export function followRules(direction: LineageDirection): { outgoing: readonly string[]; incoming: readonly string[] } {
  return direction === 'UPSTREAM'
    ? { outgoing: UPSTREAM_OUTGOING, incoming: UPSTREAM_INCOMING }
    : { outgoing: UPSTREAM_INCOMING, incoming: UPSTREAM_OUTGOING };
}

/** Server caps: a depth or node budget past these is refused, not silently cut. */
export const LINEAGE_MAX_DEPTH = 6;
export const LINEAGE_MAX_NODES = 500;
/** Paths enumerated per query; reaching it marks the result incomplete. */
export const LINEAGE_PATH_CAP = 20_000;
