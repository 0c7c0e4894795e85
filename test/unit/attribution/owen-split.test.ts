import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterReachFromMembers, type ClusterMember } from '../../../api/attribution/cluster-reach.js';
import { splitCredit, type ClusterReach, type CreditSplit } from '../../../api/attribution/owen-split.js';
import type { Share } from '../../../api/attribution/shares.js';
import { asInput, bruteForceOwen, gameArbitrary, leafCount, surprisal, type Game } from './coverage-game.js';

const LISTS = ['adapters', 'datanets', 'contributors', 'records'] as const;

function shareOf(list: Share[], id: string): number {
  return list.find((s) => s.id === id)?.share ?? 0;
}

function expectSumsToOne(split: CreditSplit): void {
  for (const list of LISTS) {
    const sum = split[list].reduce((s, x) => s + x.share, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
  }
}

describe('splitCredit: a worked example', () => {
  // a1 trains on d1 and d2, a2 on d2. k1 (c1) is in d1; k2 and k3 (both c2) in d2; k4 is not reachable.
  const clusters: ClusterReach[] = [
    { clusterId: 'k1', ownerRecordId: 'r1', ownerContributorId: 'c1', paths: [{ adapterId: 'a1', datanetId: 'd1' }] },
    { clusterId: 'k2', ownerRecordId: 'r2', ownerContributorId: 'c2', paths: [{ adapterId: 'a1', datanetId: 'd2' }, { adapterId: 'a2', datanetId: 'd2' }] },
    { clusterId: 'k3', ownerRecordId: 'r3', ownerContributorId: 'c2', paths: [{ adapterId: 'a1', datanetId: 'd2' }, { adapterId: 'a2', datanetId: 'd2' }] },
    { clusterId: 'k4', ownerRecordId: 'r4', ownerContributorId: 'c3', paths: [] },
  ];
  const split = splitCredit({
    totalTokens: 10,
    clusters,
    tokens: [
      // weight 2 → a1: 1 (d1: ½ → c1/r1, d2: ½ → c2/r2), a2: 1 (d2 → c2/r2)
      { weight: 2, clusterIds: ['k1', 'k2'] },
      // weight 1 → a1: ½ and a2: ½, each to d2 → c2, halved between r2 and r3
      { weight: 1, clusterIds: ['k2', 'k3', 'k3'] },
      { weight: 0, clusterIds: [] },
      { weight: 5, clusterIds: ['k4'] },
    ],
  });

  it('splits level by level and renormalises each list', () => {
    expect(split.coverage).toBeCloseTo(0.2, 12);
    expect(split.adapters).toEqual([{ id: 'a1', share: 0.5 }, { id: 'a2', share: 0.5 }]);
    expect(split.datanets.map((s) => s.id)).toEqual(['d2', 'd1']);
    expect(shareOf(split.datanets, 'd2')).toBeCloseTo(5 / 6, 12);
    expect(shareOf(split.contributors, 'c1')).toBeCloseTo(1 / 6, 12);
    expect(split.records.map((s) => s.id)).toEqual(['r2', 'r1', 'r3']);
    expect(shareOf(split.records, 'r2')).toBeCloseTo(2 / 3, 12);
    expect(shareOf(split.records, 'r4')).toBe(0);
    expectSumsToOne(split);
  });

  it('returns empty lists and coverage 0 when nothing is covered', () => {
    const none = splitCredit({ totalTokens: 0, clusters, tokens: [] });
    expect(none).toEqual({ coverage: 0, adapters: [], datanets: [], contributors: [], records: [] });
    const unreachable = splitCredit({ totalTokens: 3, clusters, tokens: [{ weight: 1, clusterIds: ['k4'] }] });
    expect(unreachable).toEqual({ coverage: 0, adapters: [], datanets: [], contributors: [], records: [] });
  });

  it('rejects inconsistent input with a message naming the problem', () => {
    expect(() => splitCredit({ totalTokens: 1, clusters, tokens: [{ weight: 1, clusterIds: ['nope'] }] })).toThrow(/cluster nope/);
    expect(() => splitCredit({ totalTokens: 1, clusters, tokens: [{ weight: 0, clusterIds: ['k1'] }] })).toThrow(/weight/);
    expect(() => splitCredit({ totalTokens: 1, clusters, tokens: [{ weight: Number.NaN, clusterIds: ['k1'] }] })).toThrow(/weight/);
    expect(() => splitCredit({ totalTokens: 0, clusters, tokens: [{ weight: 1, clusterIds: ['k1'] }] })).toThrow(/totalTokens/);
    expect(() => splitCredit({ totalTokens: 1, clusters: [clusters[0]!, clusters[0]!], tokens: [] })).toThrow(/twice/);
  });

  it('accepts the clusters as a Map too', () => {
    const byId = new Map(clusters.map((c) => [c.clusterId, c]));
    expect(splitCredit({ totalTokens: 10, clusters: byId, tokens: [{ weight: 2, clusterIds: ['k1', 'k2'] }, { weight: 1, clusterIds: ['k2', 'k3'] }] })).toEqual(split);
  });
});

describe('splitCredit: properties', () => {
  const games = gameArbitrary({ maxClusters: 8, maxPaths: 4, maxTokens: 40 });

  it('every list sums to 1 when anything is covered and is empty otherwise; coverage counts reachable tokens', () => {
    fc.assert(
      fc.property(games, (game) => {
        const split = splitCredit(asInput(game));
        const reachable = new Set(game.clusters.filter((c) => c.paths.length > 0).map((c) => c.clusterId));
        const covered = game.tokens.filter((t) => t.clusterIds.some((id) => reachable.has(id))).length;
        expect(split.coverage).toBe(game.totalTokens === 0 ? 0 : covered / game.totalTokens);
        if (covered === 0) {
          for (const list of LISTS) expect(split[list]).toEqual([]);
        } else {
          expectSumsToOne(split);
        }
        for (const list of LISTS) {
          for (const s of split[list]) expect(s.share).toBeGreaterThan(0);
          // Sorted by share desc, then id asc.
          for (let i = 1; i < split[list].length; i++) {
            const [a, b] = [split[list][i - 1]!, split[list][i]!];
            expect(a.share > b.share || (a.share === b.share && a.id < b.id)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('equals the Owen value computed from its definition (all nested orders of the access paths)', () => {
    const small = gameArbitrary({ maxClusters: 4, maxPaths: 2, maxTokens: 8 }).filter((g) => leafCount(g) <= 6);
    fc.assert(
      fc.property(small, (game) => {
        const split = splitCredit(asInput(game));
        const brute = bruteForceOwen(game);
        for (const list of LISTS) {
          const total = [...brute[list].values()].reduce((s, v) => s + v, 0);
          const expected = new Map([...brute[list]].filter(([, v]) => v > 0).map(([id, v]) => [id, v / total]));
          expect(new Set(split[list].map((s) => s.id))).toEqual(new Set(expected.keys()));
          for (const s of split[list]) expect(Math.abs(s.share - expected.get(s.id)!)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 250 },
    );
  });

  it('symmetric contributors get equal shares (same tokens covered through the same paths)', () => {
    const twinPaths = fc.array(
      fc.record({ adapterId: fc.constantFrom('a0', 'a1', 'a9'), datanetId: fc.constantFrom('d0', 'd1', 'd9') }),
      { minLength: 1, maxLength: 3 },
    );
    fc.assert(
      fc.property(games, twinPaths, fc.array(fc.boolean(), { maxLength: 40 }), (game, paths, covers) => {
        const clusters: ClusterReach[] = [
          ...game.clusters,
          { clusterId: 'kx', ownerRecordId: 'rx', ownerContributorId: 'X', paths },
          { clusterId: 'ky', ownerRecordId: 'ry', ownerContributorId: 'Y', paths },
        ];
        const tokens = game.tokens.map((t, i) => (covers[i] ? { ...t, clusterIds: [...t.clusterIds, 'kx', 'ky'] } : t));
        const split = splitCredit({ tokens, totalTokens: game.totalTokens, clusters });
        expect(shareOf(split.contributors, 'X')).toBe(shareOf(split.contributors, 'Y'));
        expect(shareOf(split.records, 'rx')).toBe(shareOf(split.records, 'ry'));
      }),
      { numRuns: 300 },
    );
  });

  it('symmetric datanets get equal shares (mirrored clusters under the same adapters)', () => {
    fc.assert(
      fc.property(games, fc.subarray(['a0', 'a1', 'a2'], { minLength: 1 }), fc.array(surprisal, { minLength: 1, maxLength: 10 }), (game, adapters, weights) => {
        const mirror = (suffix: string): ClusterReach => ({
          clusterId: `k${suffix}`,
          ownerRecordId: `r${suffix}`,
          ownerContributorId: `c${suffix}`,
          paths: adapters.map((adapterId) => ({ adapterId, datanetId: `D${suffix}` })),
        });
        const extra = weights.map((weight) => ({ weight, clusterIds: ['kP', 'kQ'] }));
        const tokens = [...game.tokens, ...extra];
        const split = splitCredit({ tokens, totalTokens: game.totalTokens + extra.length, clusters: [...game.clusters, mirror('P'), mirror('Q')] });
        expect(shareOf(split.datanets, 'DP')).toBe(shareOf(split.datanets, 'DQ'));
        expect(shareOf(split.datanets, 'DP')).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('a cluster that covers nothing gets nothing and changes nothing', () => {
    fc.assert(
      fc.property(games, fc.array(fc.record({ adapterId: fc.constantFrom('a0', 'a1'), datanetId: fc.constantFrom('d0', 'd1') }), { maxLength: 3 }), fc.constantFrom('c0', 'c1', 'c9'), (game, paths, owner) => {
        const idle: ClusterReach = { clusterId: 'idle', ownerRecordId: 'r-idle', ownerContributorId: owner, paths };
        const before = splitCredit(asInput(game));
        const after = splitCredit({ ...asInput(game), clusters: [...game.clusters, idle] });
        expect(after).toEqual(before);
        expect(shareOf(after.records, 'r-idle')).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('10× more unrelated clusters in a datanet (covering nothing) do not lower any other datanet share', () => {
    fc.assert(
      fc.property(games, fc.constantFrom('a0', 'a1', 'a2'), fc.constantFrom('d0', 'd1', 'd2', 'd3'), (game, adapterId, datanetId) => {
        const volume: ClusterReach[] = Array.from({ length: 10 * game.clusters.length }, (_, i) => ({
          clusterId: `bulk${i}`,
          ownerRecordId: `bulk-r${i}`,
          ownerContributorId: `c${i % 5}`,
          paths: [{ adapterId, datanetId }],
        }));
        const before = splitCredit(asInput(game));
        const after = splitCredit({ ...asInput(game), clusters: [...game.clusters, ...volume] });
        for (const s of before.datanets) if (s.id !== datanetId) expect(shareOf(after.datanets, s.id)).toBeGreaterThanOrEqual(s.share);
        expect(after).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of tokens, covering ids or clusters (up to float rounding)', () => {
    fc.assert(
      fc.property(games, (game) => {
        const shuffled: Game = {
          totalTokens: game.totalTokens,
          tokens: [...game.tokens].reverse().map((t) => ({ ...t, clusterIds: [...t.clusterIds].reverse() })),
          clusters: [...game.clusters].reverse().map((c) => ({ ...c, paths: [...c.paths].reverse() })),
        };
        const a = splitCredit(asInput(game));
        const b = splitCredit(asInput(shuffled));
        expect(b.coverage).toBe(a.coverage);
        for (const list of LISTS) {
          expect(new Set(b[list].map((s) => s.id))).toEqual(new Set(a[list].map((s) => s.id)));
          for (const s of a[list]) expect(Math.abs(shareOf(b[list], s.id) - s.share)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('copies and near-copies earn nothing', () => {
  // A world of clusters built from member records: each member is eligible through some paths (or none).
  const memberPaths = fc.array(
    fc.record({ adapterId: fc.constantFrom('a0', 'a1'), datanetId: fc.constantFrom('d0', 'd1', 'd2') }),
    { maxLength: 2 },
  );
  const clusterSpec = fc.record({ owner: fc.constantFrom('c0', 'c1', 'c2'), members: fc.array(memberPaths, { minLength: 1, maxLength: 3 }) });
  const world = fc.array(clusterSpec, { minLength: 1, maxLength: 6 }).chain((specs) => {
    const ids = specs.map((_, i) => `k${i}`);
    const token = fc.record({ weight: surprisal, clusterIds: fc.subarray(ids) });
    return fc.record({ specs: fc.constant(specs), tokens: fc.array(token, { maxLength: 30 }) });
  });
  type World = { specs: Array<{ owner: string; members: ClusterMember['paths'][] }>; tokens: Game['tokens'] };

  function membersOf(spec: World['specs'][number], i: number): ClusterMember[] {
    // The first member is the owner record; the rest are later copies.
    return spec.members.map((paths, m) => ({ recordId: `k${i}-m${m}`, acceptedAt: m, paths }));
  }

  function split(w: World, members: ClusterMember[][]): CreditSplit {
    const clusters = w.specs.map((spec, i) =>
      clusterReachFromMembers({ clusterId: `k${i}`, ownerRecordId: `k${i}-m0`, ownerContributorId: spec.owner, members: members[i]! }),
    );
    return splitCredit({ tokens: w.tokens, totalTokens: w.tokens.length, clusters });
  }

  it('uploading a copy (own or someone else’s) never raises the uploader’s share', () => {
    fc.assert(
      fc.property(world, fc.nat(), fc.constantFrom('c0', 'c1', 'c2', 'c9'), memberPaths, (w, pick, uploader, paths) => {
        const members = w.specs.map(membersOf);
        const target = pick % members.length;
        const cluster = members[target]!;
        const reachedBefore = cluster.some((m) => m.paths.length > 0);
        const withCopy = members.map((ms, i) => (i === target ? [...ms, { recordId: `k${i}-copy`, acceptedAt: ms.length, paths }] : ms));
        const before = split(w as World, members);
        const after = split(w as World, withCopy);
        if (reachedBefore) {
          // The model already saw this cluster: a later copy changes nothing for anyone.
          expect(after).toEqual(before);
        } else if (uploader !== w.specs[target]!.owner) {
          // The copy is the model's only view of the content: the credit it brings goes to the owner, never the copier.
          expect(shareOf(after.contributors, uploader)).toBeLessThanOrEqual(shareOf(before.contributors, uploader) + 1e-12);
        }
        expect(shareOf(after.records, `k${target}-copy`)).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('many copies of one record into other datanets cannot dilute a competitor', () => {
    // c1 owns k0 in d0; c2 owns k1 in d1; both cover the same token. c1 then copies k0 into d1 five times.
    const reach = (owner: string, id: string, members: ClusterMember[]) =>
      clusterReachFromMembers({ clusterId: id, ownerRecordId: `${id}-m0`, ownerContributorId: owner, members });
    const own = [{ recordId: 'k0-m0', acceptedAt: 0, paths: [{ adapterId: 'a0', datanetId: 'd0' }] }];
    const copies = Array.from({ length: 5 }, (_, i) => ({ recordId: `k0-copy${i}`, acceptedAt: 10 + i, paths: [{ adapterId: 'a0', datanetId: 'd1' }] }));
    const rival = reach('c2', 'k1', [{ recordId: 'k1-m0', acceptedAt: 1, paths: [{ adapterId: 'a0', datanetId: 'd1' }] }]);
    const tokens = [{ weight: 1, clusterIds: ['k0', 'k1'] }];
    const before = splitCredit({ tokens, totalTokens: 1, clusters: [reach('c1', 'k0', own), rival] });
    const after = splitCredit({ tokens, totalTokens: 1, clusters: [reach('c1', 'k0', [...own, ...copies]), rival] });
    expect(shareOf(before.contributors, 'c2')).toBe(0.5);
    expect(after).toEqual(before);
  });
});
