import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { recordStoreOwner, removeAbandonedStores } from '../../../tools/neo4j-local/throwaway-neo4j.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('removes the stores of runs whose owner process is gone, and only those', () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-stores-'));
  // A pid that surely is not running any more: a process that has exited.
  const exited = spawnSync(process.execPath, ['-e', '0']).pid!;
  const store = (name: string, owner?: number) => {
    mkdirSync(join(dir, name));
    if (owner !== undefined) recordStoreOwner(join(dir, name), owner);
  };
  store('test-7701', exited); // interrupted run
  store('test-7702', process.pid); // a run in progress
  store('test-7703'); // being created, owner not yet recorded
  store('e2e-7704', exited); // another kind: not this sweep's business
  store('dev', exited); // the developer's store: never a throwaway
  const lines: string[] = [];
  expect(removeAbandonedStores(dir, 'test', (l) => lines.push(l))).toEqual(['test-7701']);
  expect(readdirSync(dir).sort()).toEqual(['dev', 'e2e-7704', 'test-7702', 'test-7703']);
  expect(lines).toEqual(['Removed 1 store(s) left by interrupted runs: test-7701.']);
  expect(removeAbandonedStores(join(dir, 'missing'), 'test', () => {})).toEqual([]);
  expect(existsSync(join(dir, 'test-7702'))).toBe(true);
});
