import { createHash } from 'node:crypto';
import type { AgentStepInput } from '../attribution/agent-run.js';
import { contentHash } from '../core/normalize.js';
import { canonicalJson } from './canonical-json.js';

/** Names the digest's scheme, so a later change of what is hashed cannot be mistaken for this one. */
export const AGENT_STEPS_DIGEST_VERSION = 'agent-steps/1';

/**
 * The digest of an agent run's steps that its output's log entry carries (docs/architecture.md#agent-runs): SHA-256
 * of the RFC 8785 canonical JSON of `{version, steps}`, the steps in the order given, each with its kind, name, the
 * contentHash of its text (the text itself stays out of the log), the records and model it names as global-id-free
 * local ids, sorted, and its dependencies. Anyone holding the steps (`Output.steps`) recomputes it.
 */
export function agentStepsDigest(steps: readonly AgentStepInput[]): string {
  const doc = {
    version: AGENT_STEPS_DIGEST_VERSION,
    steps: steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      name: s.name,
      textHash: s.text === null ? null : contentHash(s.text),
      recordIds: [...s.recordIds].sort(),
      modelId: s.modelId,
      dependsOn: [...s.dependsOn].sort(),
    })),
  };
  return createHash('sha256').update(canonicalJson(doc), 'utf8').digest('hex');
}
