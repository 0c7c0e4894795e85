import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import neo4j from 'neo4j-driver';

/**
 * The project-owned Neo4j for machines without Docker: Neo4j Community 5.26 jars from Maven Central and a tiny
 * Java launcher (Neo4jLocal.java). Used by `npm start` when NEO4J_URI is unset and by the test global setup.
 */

const projectDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(projectDir, '..', '..');
const libDir = join(projectDir, 'target', 'lib');
const classesDir = join(projectDir, 'target', 'classes');

const JVM_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Xms256m',
  '-Xmx1g',
  '-XX:+UseG1GC',
];

export interface LocalNeo4j {
  uri: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  /** The JVM's process id right now (it changes when a supervised server is restarted); undefined when not owned. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

function requireTool(cmd: string, hint: string): void {
  const probe = spawnSync(cmd, ['-version'], { stdio: 'ignore' });
  if (probe.error) throw new Error(`${cmd} was not found: ${hint}`);
}

/** Written after a successful build: the build is current while it is newer than the launcher's source and the pom. */
const builtStamp = join(projectDir, 'target', 'strata-built');
const buildInputs = [join(projectDir, 'pom.xml'), join(projectDir, 'src', 'main', 'java', 'strata', 'Neo4jLocal.java')];

function isBuilt(): boolean {
  if (!existsSync(builtStamp) || !existsSync(join(classesDir, 'strata', 'Neo4jLocal.class'))) return false;
  if (!existsSync(libDir) || !readdirSync(libDir).some((f) => f.startsWith('neo4j-kernel'))) return false;
  const builtAt = statSync(builtStamp).mtimeMs;
  return buildInputs.every((input) => statSync(input).mtimeMs <= builtAt);
}

/** Builds the launcher and fetches the Neo4j jars once (about 125 MB from Maven Central), printing progress. */
export async function ensureLocalNeo4jBuilt(log: Log = console.log): Promise<void> {
  if (isBuilt()) return;
  requireTool('java', 'install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless), or set NEO4J_URI to an existing Neo4j.');
  requireTool('mvn', 'install Maven (Debian: apt-get install maven), or set NEO4J_URI to an existing Neo4j.');
  log('Building the local Neo4j 5.26 (first run, or after its launcher changed; the first build downloads ~125 MB of jars from Maven Central)…');
  await new Promise<void>((resolveBuild, reject) => {
    const mvn = spawn('mvn', ['-B', '-DskipTests', 'package'], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let downloaded = 0;
    let tail: string[] = [];
    const onLine = (line: string) => {
      tail = [...tail.slice(-30), line];
      if (line.includes('Downloaded from')) {
        downloaded += 1;
        if (downloaded % 25 === 0) log(`  … ${downloaded} artifacts downloaded`);
      }
    };
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(onLine);
    };
    mvn.stdout.on('data', onData);
    mvn.stderr.on('data', onData);
    mvn.on('error', reject);
    mvn.on('exit', (code) => {
      if (code === 0) {
        writeFileSync(builtStamp, `${new Date().toISOString()}\n`);
        log(`  local Neo4j built (${downloaded} artifacts downloaded).`);
        resolveBuild();
      } else {
        reject(new Error(`Building the local Neo4j failed (mvn exit ${code}):\n${tail.join('\n')}`));
      }
    });
  });
}

/** True when a Bolt server answers at the URI (used to reuse a running Neo4j). */
export async function boltAnswers(uri: string): Promise<boolean> {
  const driver = neo4j.driver(uri, undefined, { connectionTimeout: 1500, maxConnectionPoolSize: 1 });
  // connectionTimeout covers the TCP connect only: a server that accepts and then never speaks Bolt would hang here.
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<false>((resolveSilent) => {
    timer = setTimeout(() => resolveSilent(false), 3000);
  });
  try {
    return await Promise.race([driver.verifyConnectivity().then(() => true as const, () => false as const), silent]);
  } finally {
    clearTimeout(timer);
    void driver.close().catch(() => {});
  }
}

export interface StartOptions {
  /** Folder for the store, created if missing. */
  storeDir: string;
  port: number;
  log?: Log;
  startTimeoutMs?: number;
  /**
   * Restart the server when it dies on its own (a crash, the OOM killer, a `kill -9`), after 1 s, then 2, 4 … 30 s
   * while restarts keep failing; each restart is logged. Off by default (tests want a dead server to stay dead).
   */
  supervise?: boolean;
}

const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;

/** Starts the local Neo4j, or reuses one already answering on the port. */
export async function startLocalNeo4j(options: StartOptions): Promise<LocalNeo4j> {
  const log = options.log ?? console.log;
  const uri = `bolt://127.0.0.1:${options.port}`;
  if (await boltAnswers(uri)) {
    log(`Reusing the Neo4j already running at ${uri}.`);
    return { uri, owned: false, pid: () => undefined, stop: async () => {} };
  }
  if (!(await canListen(options.port))) {
    throw new Error(
      `Port ${options.port} is taken by something that is not a Neo4j answering Bolt: free it, or set NEO4J_LOCAL_PORT to another port (or NEO4J_URI to your own Neo4j).`,
    );
  }
  await ensureLocalNeo4jBuilt(log);
  mkdirSync(options.storeDir, { recursive: true });
  log(`Starting the local Neo4j at ${uri} (store: ${options.storeDir})…`);
  const launch = async (): Promise<ChildProcess> => {
    const spawned = spawn(
      'java',
      [...JVM_FLAGS, '-cp', `${classesDir}:${libDir}/*`, 'strata.Neo4jLocal', options.storeDir, String(options.port)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await waitForReady(spawned, options.startTimeoutMs ?? 180_000);
    return spawned;
  };
  let child = await launch();
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let restartDelay = RESTART_FIRST_MS;
  const supervise = (running: ChildProcess) => {
    const startedAt = Date.now();
    running.once('exit', (code, signal) => {
      if (stopping || !options.supervise) return;
      // A server that ran a while earns a fresh back-off; one that dies at once backs off further each time.
      if (Date.now() - startedAt > 60_000) restartDelay = RESTART_FIRST_MS;
      const restart = () => {
        log(`The local Neo4j at ${uri} stopped on its own (${signal ?? `exit code ${code}`}); restarting it in ${restartDelay / 1000} s…`);
        restartTimer = setTimeout(async () => {
          if (stopping) return;
          try {
            child = await launch();
            if (stopping) {
              await stopChild(child);
              return;
            }
            log(`The local Neo4j at ${uri} is running again (pid ${child.pid}).`);
            supervise(child);
          } catch (error) {
            log(`Restarting the local Neo4j failed: ${(error as Error).message.split('\n')[0]}`);
            restart();
          }
        }, restartDelay);
        restartDelay = Math.min(restartDelay * 2, RESTART_MAX_MS);
      };
      restart();
    });
  };
  supervise(child);
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  log(`Neo4j is ready at ${uri}.`);
  return {
    uri,
    owned: true,
    pid: () => child.pid,
    stop: () => {
      stopping = true;
      clearTimeout(restartTimer);
      process.removeListener('exit', stopOnExit);
      return stopChild(child);
    },
  };
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The local Neo4j did not become ready within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('STRATA_NEO4J_READY')) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stderr?.removeAllListeners('data');
        // Keep draining so a chatty JVM never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolveReady();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The local Neo4j exited with code ${code} before it was ready:\n${output.slice(-3000)}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  // A JVM killed by a signal has exitCode null and signalCode set: it is gone too, and will never emit 'exit' again.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** Whether a server could listen on host:port right now (false when something else already does). */
export function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolveProbe, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolveProbe(false) : reject(error)));
    probe.listen(port, host, () => probe.close(() => resolveProbe(true)));
  });
}

/** A loopback port nobody is listening on right now, for a Neo4j that must not share another run's database. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no free port'))));
    });
  });
}
