// The WebAssembly engine agrees with the native CLI: the same distances (to
// 1e-12 relative) in the same pair order, the same item counts, the same
// result fields.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine } from '../../web/src/engine/index';
import { NATIVE_ONLY, distanceMatrixRequest, distanceRows, ensureNativeCli, quickParams, randomLocationsCsv, root, run, scenarios } from './helpers';

// Runs take a while on a busy 2-core machine (whichever config runs this file).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

let native: string;
let engine: Engine;
let dir: string;

beforeAll(async () => {
  native = await ensureNativeCli();
  engine = await createEngine('threads');
  dir = mkdtempSync(join(tmpdir(), 'wasm-native-'));
}, 600_000);
afterAll(() => {
  engine?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function nativeJson(args: string[]) {
  const { stdout } = await run(native, [...args, '--json'], { maxBuffer: 1 << 26 });
  return JSON.parse(stdout);
}

function expectSameDistances(wasmCsv: string, nativeCsv: string) {
  const wasm = distanceRows(wasmCsv);
  const reference = distanceRows(nativeCsv);
  expect(wasm.length).toBe(reference.length);
  for (let i = 0; i < reference.length; i++) {
    const [origin, destination, distance] = reference[i];
    expect(wasm[i][0]).toBe(origin);
    expect(wasm[i][1]).toBe(destination);
    const scale = Math.max(Math.abs(distance), 1e-300);
    expect(Math.abs(wasm[i][2] - distance) / scale).toBeLessThanOrEqual(1e-12);
  }
}

const inputs = {
  'five_locations.csv': () => readFileSync(`${root}/scenarios/data/five_locations.csv`, 'utf8'),
  'many_locations.csv': () => readFileSync(`${root}/scenarios/data/many_locations.csv`, 'utf8'),
  '300 random locations': () => randomLocationsCsv(300, 7),
};

describe.each(Object.entries(inputs))('distance matrix on %s', (_name, makeCsv) => {
  let csv: string;
  let nativeCsv: string;
  beforeAll(async () => {
    csv = makeCsv();
    const input = join(dir, `input-${Math.random().toString(36).slice(2)}.csv`);
    const output = `${input}.out`;
    writeFileSync(input, csv);
    await run(
      native,
      ['run', 'distance-matrix', '--mode', 'serial', '--input', input, '--output', output, '--set', 'read_delay_ms=0', '--set', 'write_delay_ms=0'],
      { maxBuffer: 1 << 26 },
    );
    nativeCsv = readFileSync(output, 'utf8');
  }, 120_000);

  test.each(['serial', 'pool', 'threads', 'coroutines', 'processes', 'optimised'])(
    'wasm mode %s writes the native serial distances in the same order',
    async (mode) => {
      const output = await engine.run(distanceMatrixRequest(mode, csv));
      expectSameDistances(output.outputCsv ?? '', nativeCsv);
    },
    120_000,
  );
});

describe('every scenario and mode', () => {
  for (const scenario of scenarios()) {
    test(`${scenario.id}: wasm results have the native CLI's fields and counts`, async () => {
      const set = Object.entries(quickParams[scenario.id] ?? {}).flatMap(([name, value]) => ['--set', `${name}=${value}`]);
      const threads = Math.min(2, scenario.threads.max);
      const reference = await nativeJson(['run', scenario.id, '--threads', String(threads), ...set]);
      for (const nativeRun of reference.runs) {
        if (NATIVE_ONLY.has(`${scenario.id}/${nativeRun.mode}`)) continue; // engine.test.ts checks the refusal
        const output = await engine.run({
          scenario: scenario.id,
          mode: nativeRun.mode,
          threads,
          gil: nativeRun.gil,
          params: quickParams[scenario.id] ?? {},
        });
        const wasm = output.result;
        // The same fields, but for those the CLI adds over a comparison's rounds
        // (wasm/run/rounds.cpp ModeRounds::fields), of which a lesson's own "rounds" (the event loop's) is not one,
        // and how long the engine's processes pool took to start (natively they start inside the run: startup_ms).
        const added = ['speedup', 'shown_round', 'median_ms', 'range_ms', 'speedup_range', 'ceiling', 'ceiling_range', 'spread_note'];
        const fields = Object.keys(nativeRun)
          .filter((field) => !added.includes(field) && (field !== 'rounds' || 'rounds' in wasm))
          .sort();
        const pool = ['workers_started_before_ms', 'workers_started_for_run_ms'];
        expect(
          Object.keys(wasm)
            .filter((field) => !pool.includes(field))
            .sort(),
        ).toEqual(fields);
        for (const count of ['items_consumed', 'pairs', 'locations', 'jobs', 'requests', 'arrived', 'actions', 'threads', 'fib_n', 'value', 'calls']) {
          const expected = nativeRun[count];
          if (typeof expected === 'number') expect([count, wasm[count]]).toEqual([count, expected]);
          else if (Array.isArray(expected)) expect([count, (wasm[count] as unknown[]).length]).toEqual([count, expected.length]);
        }
      }
    }, 120_000);
  }
});
