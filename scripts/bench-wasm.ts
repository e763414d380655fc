// The distance matrix on 1 000 random (seeded) locations, serial and with the
// thread pool, native CLI vs the WebAssembly engine in Node, in one run:
//
//   node_modules/.bin/tsx scripts/bench-wasm.ts [--locations N] [--repeat R] [--threads T]
//
// Needs the native CLI (cmake --preset native && cmake --build --preset native
// --target playground) and the engine files (npm run build:wasm). Prints the
// best of R runs of each, the wasm/native ratio for serial (target ≤ 1.3×)
// and each build's pool speed-up over its serial run (target ≥ 1.8× on 2 cores).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { createEngine } from '../web/src/engine/index';
import { randomLocationsCsv } from './lib/random-locations';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    locations: { type: 'string', default: '1000' },
    repeat: { type: 'string', default: '3' },
    threads: { type: 'string', default: String(availableParallelism()) },
  },
});
const locations = Number(values.locations);
const repeat = Number(values.repeat);
const threads = Number(values.threads);

const csv = randomLocationsCsv(locations, 20240601); // the same locations every time
const dir = mkdtempSync(join(tmpdir(), 'bench-wasm-'));
const input = join(dir, 'locations.csv');
writeFileSync(input, csv);

const native = join(root, 'build/native/wasm/cli/playground');
if (!existsSync(native)) {
  console.error(`bench-wasm: the native CLI is missing (${native}): cmake --preset native && cmake --build --preset native --target playground`);
  process.exit(2);
}
const params = { read_delay_ms: 0, write_delay_ms: 0 };

async function nativeRun(mode: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    native,
    ['run', 'distance-matrix', '--mode', mode, '--threads', String(threads), '--input', input,
      '--set', 'read_delay_ms=0', '--set', 'write_delay_ms=0', '--json'],
    { maxBuffer: 1 << 26 },
  );
  return JSON.parse(stdout).runs[0].wall_ms;
}

const engine = await createEngine('threads');
async function wasmRun(mode: string): Promise<number> {
  const output = await engine.run({ scenario: 'distance-matrix', mode, threads, gil: false, params, inputCsv: csv });
  return output.result.wall_ms;
}

async function best(run: () => Promise<number>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < repeat; i++) fastest = Math.min(fastest, await run());
  return fastest;
}

try {
  const results = {
    native: { serial: await best(() => nativeRun('serial')), pool: await best(() => nativeRun('pool')) },
    wasm: { serial: await best(() => wasmRun('serial')), pool: await best(() => wasmRun('pool')) },
  };
  const pairs = (locations * (locations - 1)) / 2;
  console.log(`distance matrix: ${locations} locations, ${pairs} pairs, pool of ${threads} threads, best of ${repeat}`);
  console.log(`${'build'.padEnd(8)} ${'serial ms'.padStart(10)} ${'pool ms'.padStart(10)} ${'pool speed-up'.padStart(14)}`);
  for (const [build, r] of Object.entries(results)) {
    console.log(
      `${build.padEnd(8)} ${r.serial.toFixed(1).padStart(10)} ${r.pool.toFixed(1).padStart(10)} ${`${(r.serial / r.pool).toFixed(2)}x`.padStart(14)}`,
    );
  }
  console.log(`wasm serial / native serial: ${(results.wasm.serial / results.native.serial).toFixed(2)}x (target <= 1.3x)`);
  console.log(`wasm pool speed-up: ${(results.wasm.serial / results.wasm.pool).toFixed(2)}x (target >= 1.8x on 2 cores)`);
} finally {
  engine.dispose();
  rmSync(dir, { recursive: true, force: true });
}
