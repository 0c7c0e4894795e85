import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withHugePages } from '../../../tools/huge-pages.js';

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts one of the benchmark servers (a .ts file beside this one) under Node + tsx and waits for its READY line. */
export function spawnServer(name: 'strata-server' | 'peer-server', env: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  // Diagnostics: BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" profiles the servers a bench starts.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    // As `npm run serve` runs the API: with huge pages (tools/huge-pages.ts).
    env: withHugePages({ ...process.env, NODE_ENV: 'production', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /READY (\S+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      child.stderr?.removeAllListeners('data');
      // Keep the server's own errors visible.
      child.stderr?.on('data', (c: Buffer) => process.stderr.write(`[${name}] ${c.toString('utf8')}`));
      const stopOnExit = () => child.kill('SIGKILL');
      process.once('exit', stopOnExit);
      resolve({
        url: m[1]!,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            process.removeListener('exit', stopOnExit);
            // Exited already (a second stop, or killed by a signal: then exitCode stays null and signalCode is set).
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(killer);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready:\n${output.slice(-2000)}`));
    });
  });
}
