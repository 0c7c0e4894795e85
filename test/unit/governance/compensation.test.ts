import { describe, expect, it } from 'vitest';
import { compensations, netPayouts } from '../../../api/governance/compensation.js';
import { DEFAULT_REWARD_POLICY } from '../../../api/rewards/reward-policy.js';
import { splitOutputFee } from '../../../api/rewards/split-fee.js';

const recipients = { ownerId: 'owner', builders: [{ adapterId: 'ad_1', builderId: 'builder' }], validatorIds: ['val'] };
const split = (fee: bigint, coverage: number, contributors: Array<{ id: string; share: number }>) =>
  splitOutputFee({ fee, policy: DEFAULT_REWARD_POLICY, attribution: { coverage, adapters: [{ id: 'ad_1', share: 1 }], contributors }, recipients });

describe('compensations', () => {
  it('bring what was paid to what is owed: paid + compensations = owed per recipient, and they sum to 0 exactly', () => {
    for (const fee of [1n, 7n, 1_000_003n, 10n ** 30n + 11n]) {
      const paid = split(fee, 0.41, [{ id: 'a', share: 0.7 }, { id: 'b', share: 0.3 }]);
      const owed = split(fee, 0.63, [{ id: 'b', share: 0.2 }, { id: 'c', share: 0.8 }]);
      const rows = compensations(paid, owed);
      expect(rows.reduce((s, r) => s + r.amount, 0n)).toBe(0n);
      expect(rows.every((r) => r.amount !== 0n)).toBe(true);
      const net = netPayouts([...paid, ...rows]);
      const due = netPayouts(owed);
      for (const id of new Set([...net.keys(), ...due.keys()])) expect(net.get(id) ?? 0n, `${fee} ${id}`).toBe(due.get(id) ?? 0n);
    }
  });

  it('nothing to compensate when the split is the same; different fees are refused', () => {
    const paid = split(1000n, 0.5, [{ id: 'a', share: 1 }]);
    expect(compensations(paid, paid)).toEqual([]);
    expect(() => compensations(paid, split(1001n, 0.5, [{ id: 'a', share: 1 }]))).toThrow('not 0');
  });

  it('rows come in the fee split\'s order: role, then recipient', () => {
    const rows = compensations(split(1000n, 0.2, [{ id: 'z', share: 1 }]), split(1000n, 0.9, [{ id: 'a', share: 0.5 }, { id: 'z', share: 0.5 }]));
    const roles = ['PLATFORM', 'ADAPTER_BUILDER', 'DATA_CONTRIBUTOR', 'VALIDATOR', 'MODEL_OWNER'];
    const order = rows.map((r) => [roles.indexOf(r.role), r.recipientId] as const);
    expect([...order].sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1))).toEqual(order);
  });
});
