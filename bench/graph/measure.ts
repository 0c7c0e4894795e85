/**
 * Latency measurement shared by the graph benchmarks: warm-up first (JIT, query plans, page cache, connection
 * pools), then rounds in which every contender runs the same calls, the order of the contenders rotating per round
 * so drift (GC, other load on the machine) hits all of them. Medians and p99 over every measured call.
 */

export interface Stats {
  n: number;
  median: number;
  p99: number;
  mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, median: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean };
}

export interface Contender {
  name: string;
  /** One call; i counts calls so a contender can walk a list of inputs. */
  call(i: number): Promise<unknown>;
}

export interface RoundOptions {
  warmup: number;
  rounds: number;
  perRound: number;
  log?: (line: string) => void;
}

export async function compareLatency(contenders: readonly Contender[], options: RoundOptions): Promise<Map<string, Stats>> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) for (let i = 0; i < options.warmup; i++) await c.call(i);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(round + k) % contenders.length]!;
      const list = samples.get(c.name)!;
      for (let j = 0; j < options.perRound; j++) {
        const i = round * options.perRound + j;
        const t0 = performance.now();
        await c.call(i);
        list.push(performance.now() - t0);
      }
    }
    options.log?.(
      `    round ${round + 1}/${options.rounds}: ` +
        contenders.map((c) => `${c.name} ${stats(samples.get(c.name)!.slice(-options.perRound)).median.toFixed(2)} ms`).join(', '),
    );
  }
  return new Map([...samples].map(([name, list]) => [name, stats(list)]));
}

export const ms = (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)} ms` : 'n/a');
export const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a');
