import { badInput } from '../core/errors.js';
import { simulateRewardPolicy as simulate, type PolicySimulation } from '../governance/policy-simulation.js';
import type { GraphStore } from '../store/graph-store.js';
import { sanctionedContributors } from '../store/governance.js';
import { MAX_SIMULATED_OUTPUTS, recordedOutputsSince } from '../store/reads/policy-simulation.js';
import { rewardPolicyInput, type RewardPolicyFractions } from './reward-policy-input.js';
import { parseInput } from './validation.js';

/**
 * What-if for voters: the fees of the outputs recorded since `since` (all, when null) split again under `policy`,
 * with the sanctions in force now, next to what was paid. A read: nothing is written.
 */
export async function simulateRewardPolicy(graph: GraphStore, policy: unknown, since: Date | null): Promise<PolicySimulation> {
  const fractions: RewardPolicyFractions = parseInput(rewardPolicyInput, policy);
  return simulateFractions(graph, fractions, since);
}

export async function simulateFractions(graph: GraphStore, fractions: RewardPolicyFractions, since: Date | null): Promise<PolicySimulation> {
  const sinceMs = since === null ? 0 : since.getTime();
  if (!Number.isFinite(sinceMs)) throw badInput('since must be a valid DateTime.', 'since');
  const outputs = await recordedOutputsSince(graph, sinceMs);
  if (outputs === null) throw badInput(`More than ${MAX_SIMULATED_OUTPUTS} outputs with a fee were recorded since then: choose a later since.`, 'since');
  const sanctioned = await sanctionedContributors(graph);
  return simulate(outputs, { id: 'simulated', version: 1, ...fractions }, sanctioned);
}
