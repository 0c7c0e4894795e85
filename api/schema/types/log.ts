import { builder } from '../builder.js';
import { badInput } from '../../core/errors.js';
import { OutputRef } from '../refs.js';
import { consistencyProofFor, inclusionProofFor, treeHead } from '../../log/log-service.js';
import type { AppendedEntry } from '../../log/log-tree.js';
import { logEntryAt } from '../../store/log.js';

export const LogEntryRef = builder.objectRef<AppendedEntry>('LogEntry').implement({
  description: 'A leaf of the transparency log (RFC 6962): the canonical JSON of an attribution or governance event.',
  fields: (t) => ({
    index: t.field({ type: 'BigInt', resolve: (e) => BigInt(e.index) }),
    leafHash: t.exposeString('leafHash', { description: 'Lowercase hex SHA-256(0x00 ‖ entry).' }),
    entry: t.exposeString('entry', { description: 'RFC 8785 canonical JSON of the event.' }),
    inclusionProof: t.field({
      type: ['String'],
      description: 'Audit path to the root of the tree of `treeSize` leaves (default: the current tree).',
      args: { treeSize: t.arg({ type: 'BigInt', required: false }) },
      resolve: async (e, args, ctx) => {
        // To the current tree: proofs asked for together share one read (docs/architecture.md#outputs-in-parallel).
        if (args.treeSize == null) return ctx.log.inclusionProof(e.index);
        const size = toSize(args.treeSize, 'treeSize');
        return ctx.graph.readTx(async (tx) => {
          const head = await treeHead(tx);
          if (size <= e.index || size > head.size) {
            throw badInput(`treeSize must be greater than the entry index ${e.index} and at most the log size ${head.size}.`, 'treeSize');
          }
          return inclusionProofFor(tx, e.index, size);
        });
      },
    }),
  }),
});

interface CheckpointShape { origin: string; treeSize: number; rootHash: string; note: string; publicKey: string }
const CheckpointRef = builder.objectRef<CheckpointShape>('Checkpoint').implement({
  description: 'A signed checkpoint of the log (C2SP signed note, Ed25519). Keep one to detect a rewritten history later.',
  fields: (t) => ({
    origin: t.exposeString('origin'),
    treeSize: t.field({ type: 'BigInt', resolve: (c) => BigInt(c.treeSize) }),
    rootHash: t.exposeString('rootHash', { description: 'Lowercase hex.' }),
    note: t.exposeString('note', { description: 'The signed note: origin, size, base64 root, blank line, signature.' }),
    publicKey: t.exposeString('publicKey', { description: 'Verifier key in Go note format: name+keyid+base64(0x01‖key).' }),
  }),
});

function toSize(value: bigint, field: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw badInput(`${field} must be a non-negative tree size.`, field);
  return Number(value);
}

builder.objectField(OutputRef, 'logEntry', (t) =>
  t.field({
    type: LogEntryRef,
    nullable: true,
    description: 'Where this output\'s attribution sits in the transparency log; null if it was never logged.',
    resolve: async (o, _a, ctx) => (o.logIndex == null ? null : ctx.loaders.logEntry.load(o.logIndex)),
  }),
);

builder.queryFields((t) => ({
  logEntry: t.field({
    type: LogEntryRef,
    nullable: true,
    description:
      'The log entry at this index; null past the end of the log. An entry never changes once written (the log is append-only), ' +
      'so its answer may be cached for good: docs/architecture.md#lookups-over-get.',
    args: { index: t.arg({ type: 'BigInt', required: true }) },
    resolve: (_root, args, ctx) => ctx.graph.readTx((tx) => logEntryAt(tx, toSize(args.index, 'index'))),
  }),
  logCheckpoint: t.field({
    type: CheckpointRef,
    description: 'The latest signed checkpoint, covering every entry (signed on demand when the log has grown).',
    resolve: async (_root, _args, ctx) => {
      const cp = await ctx.log.checkpoint();
      return { origin: ctx.log.origin, treeSize: cp.size, rootHash: cp.rootHash, note: cp.note, publicKey: ctx.log.key.verifierKey };
    },
  }),
  consistencyProof: t.field({
    type: ['String'],
    description: 'Proof that the tree of toSize leaves extends the tree of fromSize leaves (RFC 6962), hex hashes.',
    args: { fromSize: t.arg({ type: 'BigInt', required: true }), toSize: t.arg({ type: 'BigInt', required: true }) },
    resolve: async (_root, args, ctx) => {
      const from = toSize(args.fromSize, 'fromSize');
      const to = toSize(args.toSize, 'toSize');
      return ctx.graph.readTx(async (tx) => {
        const head = await treeHead(tx);
        if (from > to || to > head.size) throw badInput(`Need 0 ≤ fromSize ≤ toSize ≤ ${head.size} (the log size).`, 'toSize');
        return consistencyProofFor(tx, from, to);
      });
    },
  }),
}));
