import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../api/log/bytes.js';
import { appendToFrontier, rootFromFrontier } from '../../../api/log/frontier.js';
import {
  EMPTY_ROOT,
  buildProof,
  consistencyProof,
  consistencyProofPlan,
  inclusionProof,
  inclusionProofPlan,
  leafHash,
  perfectSubtreeHash,
  rootFromLeafHashes,
  rootPlan,
  splitPoint,
  subtreeKey,
  subtreesNeeded,
  verifyConsistency,
  verifyInclusion,
} from '../../../api/log/merkle.js';
import {
  refConsistencyProof,
  refInclusionProof,
  refLeafHash,
  refRoot,
  refVerifyConsistency,
  refVerifyInclusion,
} from './independent-verifier.js';

// The RFC 6962 test data of the Certificate Transparency reference implementation (merkle_tree_test.cc), as also
// published by transparency-dev/merkle: leaf inputs, the root after each append, and audit/consistency paths.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
/** [leaf index (0-based), tree size, path]. */
const CT_INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
/** [from size, to size, proof]. */
const CT_CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

const ctLeafHashes = CT_LEAVES.map((d) => leafHash(fromHex(d)));
const hexes = (hs: Uint8Array[]): string[] => hs.map(toHex);
const bytes = (hs: string[]): Uint8Array[] => hs.map((h) => fromHex(h));

describe('RFC 6962 published vectors', () => {
  it('empty tree root is SHA-256 of nothing', () => {
    expect(toHex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(rootFromLeafHashes([]))).toBe(toHex(EMPTY_ROOT));
    expect(refRoot([])).toBe(toHex(EMPTY_ROOT));
  });

  it('roots of sizes 1..8, from the server code, the frontier and the independent implementation', () => {
    let frontier: Uint8Array[] = [];
    for (let n = 1; n <= 8; n++) {
      expect(toHex(rootFromLeafHashes(ctLeafHashes.slice(0, n))), `size ${n}`).toBe(CT_ROOTS[n - 1]);
      frontier = appendToFrontier(frontier, n - 1, ctLeafHashes[n - 1]!).frontier;
      expect(toHex(rootFromFrontier(frontier)), `frontier size ${n}`).toBe(CT_ROOTS[n - 1]);
      expect(refRoot(CT_LEAVES.slice(0, n)), `reference size ${n}`).toBe(CT_ROOTS[n - 1]);
    }
  });

  it.each(CT_INCLUSION)('inclusion proof for leaf %i in a tree of %i', (index, size, path) => {
    expect(hexes(inclusionProof(ctLeafHashes, index, size))).toEqual(path);
    const root = fromHex(CT_ROOTS[size - 1]!);
    expect(verifyInclusion(ctLeafHashes[index]!, index, size, bytes(path), root)).toBe(true);
    expect(refVerifyInclusion(index, size, refLeafHash(CT_LEAVES[index]!), path, CT_ROOTS[size - 1]!)).toBe(true);
  });

  it.each(CT_CONSISTENCY)('consistency proof from %i to %i', (from, to, path) => {
    expect(hexes(consistencyProof(ctLeafHashes, from, to))).toEqual(path);
    const [r1, r2] = [fromHex(CT_ROOTS[from - 1]!), fromHex(CT_ROOTS[to - 1]!)];
    expect(verifyConsistency(from, to, r1, r2, bytes(path))).toBe(true);
    expect(refVerifyConsistency(from, to, CT_ROOTS[from - 1]!, CT_ROOTS[to - 1]!, path)).toBe(true);
  });
});

describe('split point', () => {
  it('is the largest power of two strictly below n', () => {
    const cases: [number, number][] = [
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 4],
      [8, 4],
      [9, 8],
      [1025, 1024],
      [2 ** 40, 2 ** 39],
      [2 ** 40 + 1, 2 ** 40],
    ];
    for (const [n, k] of cases) expect(splitPoint(n), `n=${n}`).toBe(k);
    expect(() => splitPoint(1)).toThrow();
  });
});

// Every tree of up to 64 leaves, every index and every pair of sizes.
const MAX = 64;
const dataHex = Array.from({ length: MAX }, (_, i) => Buffer.from(`leaf ${i}`).toString('hex'));
const leaves = dataHex.map((d) => leafHash(fromHex(d)));
const roots = Array.from({ length: MAX + 1 }, (_, n) => rootFromLeafHashes(leaves.slice(0, n)));
const rootsHex = roots.map(toHex);

function flipBit(h: Uint8Array, bit = 0): Uint8Array {
  const c = Uint8Array.from(h);
  c[bit >> 3]! ^= 1 << (bit & 7);
  return c;
}

/** Structural mutations every verifier must reject: altered, dropped, added, reordered hashes. */
function mutations(proof: Uint8Array[], root: Uint8Array): [string, Uint8Array[]][] {
  const out: [string, Uint8Array[]][] = [];
  proof.forEach((_, i) => {
    out.push([`bit flipped in hash ${i}`, proof.map((h, j) => (i === j ? flipBit(h, (i * 37) % 256) : h))]);
    out.push([`hash ${i} removed`, proof.filter((__, j) => j !== i)]);
    out.push([`hash ${i} replaced by the root`, proof.map((h, j) => (i === j ? root : h))]);
  });
  out.push(['root appended', [...proof, root]]);
  out.push(['root prepended', [root, ...proof]]);
  if (proof.length > 0) out.push(['duplicated first hash', [proof[0]!, ...proof]]);
  if (proof.length > 1) out.push(['reversed', [...proof].reverse()]);
  return out.filter(([, p]) => p.length !== proof.length || p.some((h, i) => toHex(h) !== toHex(proof[i]!)));
}

describe(`exhaustive inclusion proofs, trees of 1..${MAX} leaves`, () => {
  it('the generator matches the RFC definition and every proof verifies with both verifiers', () => {
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(leaves, m, n);
        const proofHex = hexes(proof);
        expect(proofHex).toEqual(refInclusionProof(m, dataHex.slice(0, n)));
        expect(verifyInclusion(leaves[m]!, m, n, proof, roots[n]!)).toBe(true);
        expect(refVerifyInclusion(m, n, toHex(leaves[m]!), proofHex, rootsHex[n]!)).toBe(true);
      }
    }
  });

  it('every altered proof, wrong leaf, wrong index and wrong size is rejected by both verifiers', () => {
    let rejected = 0;
    const reject = (what: string, ok: boolean, refOk: boolean): void => {
      if (ok || refOk) expect.fail(`accepted ${what} (server ${ok}, reference ${refOk})`);
      rejected += 1;
    };
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(leaves, m, n);
        const proofHex = hexes(proof);
        const leaf = leaves[m]!;
        const at = `leaf ${m} of ${n}`;
        for (const [what, bad] of mutations(proof, roots[n]!)) {
          reject(`${at}: ${what}`, verifyInclusion(leaf, m, n, bad, roots[n]!), refVerifyInclusion(m, n, toHex(leaf), hexes(bad), rootsHex[n]!));
        }
        reject(`${at}: flipped leaf`, verifyInclusion(flipBit(leaf), m, n, proof, roots[n]!), refVerifyInclusion(m, n, toHex(flipBit(leaf)), proofHex, rootsHex[n]!));
        reject(`${at}: flipped root`, verifyInclusion(leaf, m, n, proof, flipBit(roots[n]!)), refVerifyInclusion(m, n, toHex(leaf), proofHex, toHex(flipBit(roots[n]!))));
        for (let other = -1; other <= MAX; other++) {
          if (other === m) continue;
          reject(`${at} claimed at index ${other}`, verifyInclusion(leaf, other, n, proof, roots[n]!), refVerifyInclusion(other, n, toHex(leaf), proofHex, rootsHex[n]!));
        }
        for (let size = 0; size <= MAX; size++) {
          if (size === n) continue;
          // Against the true root of the claimed size: the claim "leaf m is in the tree of that size" is false.
          const r = roots[size]!;
          reject(`${at} claimed in size ${size}`, verifyInclusion(leaf, m, size, proof, r), refVerifyInclusion(m, size, toHex(leaf), proofHex, rootsHex[size]!));
        }
        // Against the proof's own root, a size that changes the path's length can never verify (a size with the
        // same path shape is indistinguishable from the root alone, which is why checkpoints sign the size).
        for (const size of [n * 2, Math.floor(n / 2), n + 2 ** proof.length]) {
          reject(`${at} with size ${size} and the same root`, verifyInclusion(leaf, m, size, proof, roots[n]!), refVerifyInclusion(m, size, toHex(leaf), proofHex, rootsHex[n]!));
        }
      }
    }
    expect(rejected).toBeGreaterThan(100_000);
  }, 120_000);
});

describe(`exhaustive consistency proofs, sizes 0..${MAX}`, () => {
  it('the generator matches the RFC definition and every proof verifies with both verifiers', () => {
    for (let n = 0; n <= MAX; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(leaves, m, n);
        const proofHex = hexes(proof);
        expect(proofHex).toEqual(refConsistencyProof(m, dataHex.slice(0, n)));
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof), `${m} -> ${n}`).toBe(true);
        expect(refVerifyConsistency(m, n, rootsHex[m]!, rootsHex[n]!, proofHex), `ref ${m} -> ${n}`).toBe(true);
      }
    }
  });

  it('every altered proof, wrong root and wrong size is rejected by both verifiers', () => {
    let rejected = 0;
    const reject = (what: string, ok: boolean, refOk: boolean): void => {
      if (ok || refOk) expect.fail(`accepted ${what} (server ${ok}, reference ${refOk})`);
      rejected += 1;
    };
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m < n; m++) {
        const proof = consistencyProof(leaves, m, n);
        const proofHex = hexes(proof);
        const at = `${m} -> ${n}`;
        for (const [what, bad] of mutations(proof, roots[n]!)) {
          reject(`${at}: ${what}`, verifyConsistency(m, n, roots[m]!, roots[n]!, bad), refVerifyConsistency(m, n, rootsHex[m]!, rootsHex[n]!, hexes(bad)));
        }
        reject(`${at}: empty proof`, verifyConsistency(m, n, roots[m]!, roots[n]!, []), refVerifyConsistency(m, n, rootsHex[m]!, rootsHex[n]!, []));
        reject(`${at}: swapped roots`, verifyConsistency(m, n, roots[n]!, roots[m]!, proof), refVerifyConsistency(m, n, rootsHex[n]!, rootsHex[m]!, proofHex));
        reject(`${at}: flipped old root`, verifyConsistency(m, n, flipBit(roots[m]!), roots[n]!, proof), refVerifyConsistency(m, n, toHex(flipBit(roots[m]!)), rootsHex[n]!, proofHex));
        reject(`${at}: flipped new root`, verifyConsistency(m, n, roots[m]!, flipBit(roots[n]!), proof), refVerifyConsistency(m, n, rootsHex[m]!, toHex(flipBit(roots[n]!)), proofHex));
        reject(`${at}: reversed sizes`, verifyConsistency(n, m, roots[n]!, roots[m]!, proof), refVerifyConsistency(n, m, rootsHex[n]!, rootsHex[m]!, proofHex));
        for (let other = 0; other <= MAX; other++) {
          if (other !== m && other <= n) {
            reject(`${at} claimed from ${other}`, verifyConsistency(other, n, roots[other]!, roots[n]!, proof), refVerifyConsistency(other, n, rootsHex[other]!, rootsHex[n]!, proofHex));
          }
          if (other !== n && other >= m) {
            reject(`${at} claimed to ${other}`, verifyConsistency(m, other, roots[m]!, roots[other]!, proof), refVerifyConsistency(m, other, rootsHex[m]!, rootsHex[other]!, proofHex));
          }
        }
      }
    }
    expect(rejected).toBeGreaterThan(100_000);
  }, 120_000);

  it('a rewritten history is never consistent with the old root', () => {
    for (let n = 2; n <= MAX; n++) {
      for (let m = 1; m < n; m++) {
        // Change one leaf inside the old tree: the new tree is a different history of the same size.
        const forged = leaves.slice(0, n);
        forged[m - 1] = leafHash(new TextEncoder().encode(`forged ${m}`));
        const proof = consistencyProof(forged, m, n);
        const forgedRoot = rootFromLeafHashes(forged);
        expect(verifyConsistency(m, n, roots[m]!, forgedRoot, proof)).toBe(false);
        expect(refVerifyConsistency(m, n, rootsHex[m]!, toHex(forgedRoot), hexes(proof))).toBe(false);
      }
    }
  });

  it('edge cases: empty old tree, equal sizes, garbage inputs', () => {
    expect(verifyConsistency(0, 5, EMPTY_ROOT, roots[5]!, [])).toBe(true);
    expect(verifyConsistency(0, 5, roots[1]!, roots[5]!, [])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, roots[5]!, [roots[5]!])).toBe(false);
    expect(verifyConsistency(5, 5, roots[5]!, roots[5]!, [])).toBe(true);
    expect(verifyConsistency(5, 5, roots[5]!, roots[4]!, [])).toBe(false);
    expect(verifyConsistency(5, 5, roots[5]!, roots[5]!, [roots[5]!])).toBe(false);
    expect(verifyConsistency(-1, 5, roots[5]!, roots[5]!, [])).toBe(false);
    expect(verifyConsistency(1.5, 5, roots[5]!, roots[5]!, [])).toBe(false);
    expect(verifyConsistency(1, 2, roots[1]!, roots[2]!, [new Uint8Array(31)])).toBe(false);
    expect(verifyInclusion(leaves[0]!, 0, 0, [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(leaves[0]!, 0, 1, [], roots[1]!)).toBe(true);
    expect(verifyInclusion(leaves[0]!, 0, 1, [], new Uint8Array(31))).toBe(false);
    expect(verifyInclusion(leaves[0]!, Number.NaN, 1, [], roots[1]!)).toBe(false);
  });
});

describe('proofs from stored perfect subtrees', () => {
  // What the Neo4j store keeps: every perfect subtree, recorded by the append that completed it.
  const stored = new Map<string, Uint8Array>();
  let frontier: Uint8Array[] = [];
  const frontiers: Uint8Array[][] = [[]];
  for (let i = 0; i < MAX; i++) {
    const step = appendToFrontier(frontier, i, leaves[i]!);
    for (const s of step.completed) {
      expect(stored.has(subtreeKey(s))).toBe(false);
      stored.set(subtreeKey(s), s.hash);
    }
    frontier = step.frontier;
    frontiers.push(frontier);
  }

  it('appends complete each perfect subtree exactly once, with the right hash', () => {
    // A tree of n leaves has 2n - popcount(n) perfect subtrees.
    expect(stored.size).toBe(2 * MAX - 1);
    for (const [key, hash] of stored) {
      const [level, index] = key.split(':').map(Number) as [number, number];
      expect(toHex(hash)).toBe(toHex(perfectSubtreeHash(leaves, { level, index })));
    }
  });

  it('the frontier folds to the root and names the root plan', () => {
    for (let n = 0; n <= MAX; n++) {
      expect(toHex(rootFromFrontier(frontiers[n]!))).toBe(rootsHex[n]);
      expect(rootPlan(n).map((r) => toHex(stored.get(subtreeKey(r))!))).toEqual(hexes(frontiers[n]!));
    }
  });

  it('builds every proof from only the subtrees its plan names', () => {
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m < n; m++) {
        const plan = inclusionProofPlan(m, n);
        const only = new Map(subtreesNeeded(plan).map((r) => [subtreeKey(r), stored.get(subtreeKey(r))!]));
        expect(hexes(buildProof(plan, only))).toEqual(refInclusionProof(m, dataHex.slice(0, n)));
      }
      for (let m = 0; m <= n; m++) {
        const plan = consistencyProofPlan(m, n);
        const only = new Map(subtreesNeeded(plan).map((r) => [subtreeKey(r), stored.get(subtreeKey(r))!]));
        expect(hexes(buildProof(plan, only))).toEqual(refConsistencyProof(m, dataHex.slice(0, n)));
      }
    }
  });

  it('a missing subtree is an error, not a wrong proof', () => {
    expect(() => buildProof(inclusionProofPlan(3, 8), new Map())).toThrow(/missing hash of perfect subtree/);
  });
});

describe('plans stay logarithmic', () => {
  it('needs at most 2·log2(n) + 2 subtree reads for any proof, even for huge trees', () => {
    const sizes = [1, 2, 3, 1000, 65_535, 65_537, 2 ** 32 + 5, 2 ** 52 - 1, Number.MAX_SAFE_INTEGER];
    for (const n of sizes) {
      const bound = 2 * Math.ceil(Math.log2(n + 1)) + 2;
      for (const m of [0, 1, Math.floor(n / 3), n - 2, n - 1].filter((x) => x >= 0 && x < n)) {
        const incl = subtreesNeeded(inclusionProofPlan(m, n));
        expect(incl.length, `inclusion ${m}/${n}`).toBeLessThanOrEqual(bound);
        for (const ref of incl) expect((ref.index + 1) * 2 ** ref.level).toBeLessThanOrEqual(n);
        const cons = subtreesNeeded(consistencyProofPlan(m + 1, n), [rootPlan(n)]);
        expect(cons.length, `consistency ${m + 1}/${n}`).toBeLessThanOrEqual(bound + Math.ceil(Math.log2(n + 1)));
      }
    }
  });

  it('rejects out-of-range requests with a clear error', () => {
    expect(() => inclusionProofPlan(5, 5)).toThrow(/outside a tree of size 5/);
    expect(() => inclusionProofPlan(-1, 5)).toThrow(RangeError);
    expect(() => consistencyProofPlan(6, 5)).toThrow(/larger than/);
    expect(() => consistencyProofPlan(1.5, 5)).toThrow(RangeError);
  });
});
