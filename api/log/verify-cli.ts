import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { verifyEvidence, type EntryEvidence, type Evidence, type VerifyReport } from './verify.js';

/**
 * `npm run verify -- …`: checks Strata's transparency log from the outside, trusting only the public key and a
 * checkpoint saved earlier. Exit code 0 when every check passes, 1 on any mismatch, 2 on bad usage or I/O.
 */

export const USAGE = `Verify an entry of Strata's transparency log.

Usage:
  npm run verify -- --public-key <key> --checkpoint <file> --entry <file>
  npm run verify -- --public-key <key> --checkpoint <file> --endpoint <graphql url> --output <output id>

Options:
  --public-key <key>     the log's verifier key, <name>+<key id>+<base64>, or @file to read it from a file
  --checkpoint <file>    a signed checkpoint note you saved earlier; the log must still extend it
  --entry <file>         JSON {index, entry, inclusionProof, treeSize} (optionally leafHash, and a newer
                         "checkpoint" note with its "consistencyProof" from the saved one)
  --endpoint <url>       a Strata GraphQL endpoint to fetch the current checkpoint and proofs from
  --output <id>          the output whose log entry to check (with --endpoint)
  --origin <origin>      require this log origin (default: whatever the saved checkpoint says)
  --save-checkpoint <f>  after a successful run, write the current checkpoint to this file for next time
  --help                 show this help

Checks: both checkpoint signatures, consistency of the current tree with the saved checkpoint, that the leaf hash
is the hash of the entry, that the entry is canonical JSON, its inclusion in the signed tree, and that the payouts
(decimal strings) sum exactly to the fee.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  fetch: typeof fetch;
  readFile: (path: string) => string;
  writeFile: (path: string, text: string) => void;
}

const defaultIo: CliIo = {
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  fetch: (...a) => fetch(...a),
  readFile: (p) => readFileSync(p, 'utf8'),
  writeFile: (p, t) => writeFileSync(p, t),
};

class UsageError extends Error {}

export async function runVerifyCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        'public-key': { type: 'string' },
        checkpoint: { type: 'string' },
        entry: { type: 'string' },
        endpoint: { type: 'string' },
        output: { type: 'string' },
        origin: { type: 'string' },
        'save-checkpoint': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    const evidence = await gatherEvidence(values, io);
    const report = verifyEvidence(evidence);
    printReport(report, io);
    const target = values['save-checkpoint'];
    if (report.ok && typeof target === 'string' && report.current) {
      io.writeFile(target, report.current.note);
      io.out(`saved the current checkpoint (size ${report.current.size}) to ${target}`);
    }
    return report.ok ? 0 : 1;
  } catch (e) {
    io.err(e instanceof UsageError ? `${e.message}\n\n${USAGE}` : `error: ${(e as Error).message}`);
    return 2;
  }
}

function printReport(report: VerifyReport, io: CliIo): void {
  for (const c of report.checks) io.out(`${c.skipped ? '·' : c.ok ? '✓' : '✗'} ${c.label}`);
  const failed = report.checks.filter((c) => !c.ok).length;
  io.out(failed === 0 ? 'all checks passed' : `${failed} check${failed === 1 ? '' : 's'} FAILED`);
}

async function gatherEvidence(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<Evidence> {
  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const keyArg = str('public-key');
  const checkpointFile = str('checkpoint');
  const entryFile = str('entry');
  const endpoint = str('endpoint');
  const outputId = str('output');
  if (!keyArg) throw new UsageError('--public-key is required');
  if (!checkpointFile) throw new UsageError('--checkpoint is required');
  if (!!entryFile === !!endpoint) throw new UsageError('give either --entry or --endpoint with --output');
  if (endpoint && !outputId) throw new UsageError('--endpoint needs --output <output id>');

  const publicKey = keyArg.startsWith('@') ? io.readFile(keyArg.slice(1)).trim() : keyArg;
  const savedCheckpoint = io.readFile(checkpointFile);
  const origin = str('origin');
  const base: Evidence = { publicKey, savedCheckpoint, ...(origin ? { origin } : {}) };
  if (entryFile) return { ...base, ...readEntryFile(io.readFile(entryFile), entryFile) };
  return { ...base, ...(await fetchEvidence(endpoint!, outputId!, savedCheckpoint, io)) };
}

function asInt(value: unknown, what: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer`);
  return n;
}

function asHexList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((h) => typeof h === 'string')) throw new Error(`${what} must be a list of hex strings`);
  return value as string[];
}

function readEntryFile(text: string, file: string): Pick<Evidence, 'entry' | 'currentCheckpoint' | 'consistencyProof'> {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (typeof json.entry !== 'string') throw new Error(`${file}: "entry" must be the entry's canonical JSON text`);
  const entry: EntryEvidence = {
    index: asInt(json.index, `${file}: index`),
    entry: json.entry,
    inclusionProof: asHexList(json.inclusionProof, `${file}: inclusionProof`),
    treeSize: asInt(json.treeSize, `${file}: treeSize`),
    ...(typeof json.leafHash === 'string' ? { leafHash: json.leafHash } : {}),
  };
  return {
    entry,
    ...(typeof json.checkpoint === 'string' ? { currentCheckpoint: json.checkpoint } : {}),
    ...(json.consistencyProof !== undefined ? { consistencyProof: asHexList(json.consistencyProof, `${file}: consistencyProof`) } : {}),
  };
}

async function graphql(io: CliIo, endpoint: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await io.fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: Record<string, unknown>; errors?: { message: string }[] } | null;
  if (body?.errors?.length) throw new Error(`${endpoint}: ${body.errors.map((e) => e.message).join('; ')}`);
  if (!response.ok || !body?.data) throw new Error(`${endpoint} answered HTTP ${response.status} without data`);
  return body.data;
}

/** The checkpoint's tree size, read without trusting it: the note is verified later, with everything else. */
function sizeInNote(note: string): number {
  const size = note.split('\n')[1];
  if (!size || !/^(0|[1-9]\d*)$/.test(size)) throw new Error('the current checkpoint note has no tree size line');
  return Number(size);
}

async function fetchEvidence(
  endpoint: string,
  outputId: string,
  savedNote: string,
  io: CliIo,
): Promise<Pick<Evidence, 'entry' | 'currentCheckpoint' | 'consistencyProof'>> {
  const cp = await graphql(io, endpoint, 'query { logCheckpoint { note } }');
  const currentNote = (cp.logCheckpoint as { note?: unknown } | null)?.note;
  if (typeof currentNote !== 'string') throw new Error(`${endpoint} returned no logCheckpoint.note`);
  const size = sizeInNote(currentNote);
  let savedSize: number | undefined;
  try {
    savedSize = sizeInNote(savedNote);
  } catch {
    savedSize = undefined;
  }

  const data = await graphql(
    io,
    endpoint,
    `query ($id: ID!, $treeSize: BigInt!) {
      output(id: $id) { logEntry { index leafHash entry inclusionProof(treeSize: $treeSize) } }
    }`,
    { id: outputId, treeSize: String(size) },
  );
  const output = data.output as { logEntry?: Record<string, unknown> | null } | null;
  if (!output) throw new Error(`${endpoint} has no output ${outputId}`);
  const le = output.logEntry;
  if (!le) throw new Error(`output ${outputId} has no log entry`);
  if (typeof le.entry !== 'string') throw new Error('logEntry.entry is missing');
  const entry: EntryEvidence = {
    index: asInt(le.index, 'logEntry.index'),
    entry: le.entry,
    inclusionProof: asHexList(le.inclusionProof, 'logEntry.inclusionProof'),
    treeSize: size,
    ...(typeof le.leafHash === 'string' ? { leafHash: le.leafHash } : {}),
  };

  // Only ask for a proof the server can give; a shrunk log is reported by the verifier from the sizes alone.
  let consistencyProof: string[] = [];
  if (savedSize !== undefined && savedSize > 0 && savedSize < size) {
    const proof = await graphql(io, endpoint, 'query ($from: BigInt!, $to: BigInt!) { consistencyProof(fromSize: $from, toSize: $to) }', {
      from: String(savedSize),
      to: String(size),
    });
    consistencyProof = asHexList(proof.consistencyProof, 'consistencyProof');
  }
  return { entry, currentCheckpoint: currentNote, consistencyProof };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runVerifyCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
