import DataLoader from 'dataloader';
import { builder } from '../builder.js';
import { connectionComplexity, pageArgs, resolveNeighbourConnection, totalCountField } from '../connections.js';
import { requestLoader } from '../loader-cache.js';
import { ContributorRef, OutputRef } from '../refs.js';
import { required } from '../required.js';
import type { StrataContext } from '../../context.js';
import { PAYOUT_ROLES, PLATFORM_RECIPIENT } from '../../rewards/split-fee.js';
import type { StoredRewardPolicy } from '../../rewards/reward-policy.js';
import { sumAmounts } from '../../rewards/sum-amounts.js';
import { payoutFrom, policyInForce, type PayoutShape } from '../../store/rewards.js';
import { plainValue } from '../../store/values.js';

export const PayoutRoleEnum = builder.enumType('PayoutRole', {
  description: 'Why a payout was made (DESIGN.md, Rewards).',
  values: PAYOUT_ROLES,
});

export const RewardPolicyRef = builder.objectRef<StoredRewardPolicy>('RewardPolicy').implement({
  description:
    'How fees are split: explicit fractions for the platform, adapter builders, data contributors (scaled by the output\'s coverage) and validators; the model owner gets the rest. Versioned and never edited: a new policy is a new node with a later inForceFrom.',
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version'),
    platform: t.exposeFloat('platform'),
    adapterBuilders: t.exposeFloat('adapterBuilders'),
    dataContributors: t.exposeFloat('dataContributors', { description: 'Paid as dataContributors × coverage; the unexplained part goes to the model owner.' }),
    validators: t.exposeFloat('validators'),
    modelOwnerAtLeast: t.float({
      description: 'What the model owner keeps at full coverage: 1 − the other fractions.',
      resolve: (p) => Math.max(0, 1 - p.platform - p.adapterBuilders - p.dataContributors - p.validators),
    }),
    inForceFrom: t.expose('inForceFrom', { type: 'DateTime' }),
  }),
});

const policyLoader = (ctx: StrataContext) =>
  requestLoader(ctx, 'rewardPolicy', () =>
    new DataLoader<string, StoredRewardPolicy | null>(async (ids) => {
      const rows = await ctx.graph.read<{ p: { properties: Record<string, unknown> } }>('UNWIND $ids AS id MATCH (p:RewardPolicy {id: id}) RETURN p', { ids: [...ids] });
      const byId = new Map(
        rows.map(({ p }) => {
          const v = plainValue(p.properties) as Record<string, unknown>;
          const policy: StoredRewardPolicy = {
            id: String(v.id), version: Number(v.version), platform: Number(v.platform), adapterBuilders: Number(v.adapterBuilders),
            dataContributors: Number(v.dataContributors), validators: Number(v.validators), inForceFrom: String(v.inForceFrom),
          };
          return [policy.id, policy];
        }),
      );
      return ids.map((id) => byId.get(id) ?? null);
    }),
  );

/** Every payout of many outputs in one query, in the order they were split (role, then recipient). */
export const outputPayoutsCypher = `UNWIND $ids AS id
MATCH (:Output {id: id})-[:PAID]->(p:Payout)
RETURN id, p ORDER BY p.id`;

const outputPayoutsLoader = (ctx: StrataContext) =>
  requestLoader(ctx, 'outputPayouts', () =>
    new DataLoader<string, PayoutShape[]>(async (ids) => {
      const rows = await ctx.graph.read<{ id: string; p: { properties: Record<string, unknown> } }>(outputPayoutsCypher, { ids: [...ids] });
      const byOutput = new Map<string, PayoutShape[]>(ids.map((id) => [id, []]));
      for (const row of rows) byOutput.get(row.id)?.push(payoutFrom(row.p.properties));
      return ids.map((id) => byOutput.get(id)!);
    }),
  );

export const PayoutRef = builder.objectRef<PayoutShape>('Payout').implement({
  description: 'Part of an output\'s fee paid to one recipient for one role, in integer base units.',
  fields: (t) => ({
    id: t.exposeID('id'),
    output: t.field({ type: OutputRef, resolve: async (p, _a, ctx) => required(await ctx.loaders.Output.load(p.outputId), 'the output of a payout') }),
    recipientId: t.exposeString('recipientId', { description: `A contributor's local id, or "${PLATFORM_RECIPIENT}".` }),
    recipient: t.field({
      type: ContributorRef,
      nullable: true,
      description: 'Null for the platform, which has no contributor node.',
      resolve: (p, _a, ctx) => (p.recipientId === PLATFORM_RECIPIENT ? null : ctx.loaders.Contributor.load(p.recipientId)),
    }),
    role: t.field({ type: PayoutRoleEnum, resolve: (p) => p.role }),
    amount: t.field({ type: 'BigInt', resolve: (p) => p.amount }),
    policy: t.field({ type: RewardPolicyRef, resolve: async (p, _a, ctx) => required(await policyLoader(ctx).load(p.policyId), 'the reward policy of a payout') }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const ContributorPayoutConnection = builder.connectionObject({ type: PayoutRef, name: 'ContributorPayoutConnection', ...totalCountField });

builder.objectField(OutputRef, 'rewards', (t) =>
  t.field({
    type: [PayoutRef],
    description: 'How this output\'s fee was split (empty when no fee was paid). The amounts sum exactly to the fee.',
    resolve: (o, _a, ctx) => outputPayoutsLoader(ctx).load(o.id),
  }),
);

builder.objectFields(ContributorRef, (t) => ({
  payouts: t.field({
    type: ContributorPayoutConnection,
    description: 'Payouts to this contributor, by payout id (grouped by output).',
    args: pageArgs(t.arg),
    complexity: connectionComplexity,
    resolve: (c, args, ctx) => resolveNeighbourConnection<PayoutShape>(ctx.graph, { parentLabel: 'Contributor', pattern: '(n:Payout)-[:TO]->(p)' }, c.id, args),
  }),
  balance: t.field({
    type: 'BigInt',
    description: 'The exact sum of every payout to this contributor, in integer base units.',
    resolve: async (c, _a, ctx) => {
      const rows = await ctx.graph.read<{ amounts: unknown[] }>('MATCH (c:Contributor {id: $id}) OPTIONAL MATCH (c)<-[:TO]-(p:Payout) RETURN collect(p.amount) AS amounts', { id: c.id });
      return sumAmounts(rows[0]?.amounts ?? []);
    },
  }),
}));

builder.queryField('rewardPolicy', (t) =>
  t.field({
    type: RewardPolicyRef,
    description: 'The reward policy in force now: the one with the latest inForceFrom not in the future.',
    resolve: (_root, _args, ctx) => policyInForce(ctx.graph),
  }),
);
