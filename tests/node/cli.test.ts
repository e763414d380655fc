// `npm run cli:wasm` takes the native CLI's flags and prints what it prints.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { distanceRows, ensureNativeCli, root, run } from './helpers';

// Runs take a while on a busy 2-core machine (whichever config runs this file).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

let native: string;
let dir: string;
const wasmCli = `${root}/scripts/cli-wasm.sh`;

beforeAll(async () => {
  native = await ensureNativeCli();
  dir = mkdtempSync(join(tmpdir(), 'cli-wasm-'));
}, 600_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function both(args: string[]) {
  const settle = (p: Promise<{ stdout: string; stderr: string }>) =>
    p.then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  const [wasm, reference] = await Promise.all([
    settle(run('bash', [wasmCli, ...args], { maxBuffer: 1 << 26 })),
    settle(run(native, args, { maxBuffer: 1 << 26 })),
  ]);
  return { wasm, native: reference };
}

describe('the wasm CLI', () => {
  test('run SCENARIO --json prints {scenario, runs} with every mode, like the native CLI', async () => {
    const { wasm, native: reference } = await both(['run', 'sleep', '--set', 'time_scale=0.05', '--json']);
    expect(wasm.code).toBe(0);
    const ours = JSON.parse(wasm.stdout);
    const theirs = JSON.parse(reference.stdout);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(ours.scenario).toBe('sleep');
    expect(ours.runs.map((r: { mode: string }) => r.mode)).toEqual(theirs.runs.map((r: { mode: string }) => r.mode));
    for (const [i, result] of ours.runs.entries()) {
      expect(Object.keys(result).sort()).toEqual(Object.keys(theirs.runs[i]).sort());
      expect(result.wall_ms).toBeGreaterThan(0);
    }
  }, 120_000);

  test('--mode, --threads and --gil reach the run', async () => {
    const { wasm } = await both(['run', 'cpu-bound', '--mode', 'threads', '--threads', '3', '--gil', '--set', 'jobs=3', '--set', 'work_ms=20', '--json']);
    expect(wasm.code).toBe(0);
    const [result] = JSON.parse(wasm.stdout).runs;
    expect(result).toMatchObject({ mode: 'threads', threads: 3, gil: true, jobs: 3 });
  }, 120_000);

  test('the table has the native header and rows', async () => {
    const { wasm, native: reference } = await both(['run', 'sleep', '--set', 'time_scale=0.02']);
    expect(wasm.code).toBe(0);
    const header = (text: string) => text.split('\n').find((line) => line.startsWith('mode'));
    expect(header(wasm.stdout)).toBe(header(reference.stdout));
    expect(wasm.stdout.split('\n')[0]).toBe(reference.stdout.split('\n')[0]);
  }, 120_000);

  test("server-load's table shows response time p50, p95, p99 and max, like the native CLI", async () => {
    const args = ['run', 'server-load', '--mode', 'coroutines', '--set', 'burst=20', '--set', 'cpu_ms=1', '--set', 'io_ms=10', '--set', 'backlog=20'];
    const { wasm, native: reference } = await both(args);
    expect(wasm.code, wasm.stderr).toBe(0);
    const latency = /latency_ms=\{p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) max=([\d.]+)[ }]/;
    for (const text of [wasm.stdout, reference.stdout]) {
      const [p50, p95, p99, max] = (latency.exec(text) ?? []).slice(1).map(Number);
      expect(p50, text).toBeGreaterThan(0);
      expect([p50 <= p95, p95 <= p99, p99 <= max]).toEqual([true, true, true]);
    }
  });

  test('--output writes the same distance CSV and --trace a Chrome trace', async () => {
    const out = (name: string) => join(dir, name);
    const args = (prefix: string) => [
      'run',
      'distance-matrix',
      '--mode',
      'serial',
      '--set',
      'read_delay_ms=0',
      '--set',
      'write_delay_ms=0',
      '--output',
      out(`${prefix}.csv`),
      '--trace',
      out(`${prefix}.json`),
    ];
    const [wasm, reference] = await Promise.all([run('bash', [wasmCli, ...args('wasm')]), run(native, args('native'))]);
    expect(wasm.stdout).toContain('distance');
    expect(reference.stdout).toContain('distance');
    const ours = distanceRows(readFileSync(out('wasm.csv'), 'utf8'));
    const theirs = distanceRows(readFileSync(out('native.csv'), 'utf8'));
    expect(ours.map(([a, b]) => `${a}|${b}`)).toEqual(theirs.map(([a, b]) => `${a}|${b}`));
    ours.forEach(([, , d], i) => {
      expect(Math.abs(d - theirs[i][2]) / theirs[i][2]).toBeLessThanOrEqual(1e-12);
    });
    const trace = JSON.parse(readFileSync(out('wasm.json'), 'utf8'));
    expect(trace.traceEvents.some((e: { ph: string }) => e.ph === 'X')).toBe(true);
  }, 120_000);

  test.each([
    [['run', 'sleep', '--set', 'nonsense=1']],
    [['run', 'sleep', '--set', 'first_ms=abc']],
    [['run', 'sleep', '--threads', 'many']],
    [['run', 'no-such-scenario']],
    [['run', 'sleep', '--mode', 'teleport']],
  ])(
    'bad input %j fails with status 2 and the native message',
    async (args) => {
      const { wasm, native: reference } = await both(args);
      expect(reference.code).toBe(2);
      expect(wasm.code).toBe(2);
      expect(wasm.stderr.trim()).toBe(reference.stderr.trim());
    },
    120_000,
  );
});
