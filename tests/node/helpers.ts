// Shared by the Node tests: the scenarios, small parameters that keep every
// run short, and the native CLI to compare with.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ModeSpec, RunRequest } from '../../web/src/engine/types';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const run = promisify(execFile);

export interface ScenarioFile {
  id: string;
  demo: string;
  modes: ModeSpec[];
  threads: { default: number; min: number; max: number };
  gil: boolean;
  parameters: Record<string, { default: number | boolean; min?: number; max?: number }>;
  data?: string[];
}

export function scenarios(): ScenarioFile[] {
  return readdirSync(`${root}/scenarios`)
    .filter((name) => name.endsWith('.json') && !name.includes('schema'))
    .map((name) => JSON.parse(readFileSync(`${root}/scenarios/${name}`, 'utf8')) as ScenarioFile)
    .sort((a, b) => a.id.localeCompare(b.id));
}

// Parameters that keep each lesson's shape but make it quick.
export const quickParams: Record<string, Record<string, number>> = {
  amdahl: { work_ms: 200, time_scale: 0.1 },
  'cpu-bound': { jobs: 4, work_ms: 40, fib_n: 15, time_scale: 0.25 },
  'distance-matrix': { time_scale: 0.05 },
  'event-loop': { actions: 20_000 },
  'io-requests': { time_scale: 0.05 },
  'producer-consumer': { time_scale: 0.02 },
  'server-load': { duration_s: 1, time_scale: 0.2 },
  sleep: { time_scale: 0.05 },
};

/** "scenario/mode" of the modes WebAssembly refuses with a message, as their scenario files say
 *  (a mode's native_only: why it runs natively only). */
export const NATIVE_ONLY = new Set(scenarios().flatMap((s) => s.modes.filter((m) => m.native_only).map((m) => `${s.id}/${m.id}`)));

export function dataFile(scenario: ScenarioFile, index = 0): string | undefined {
  const name = scenario.data?.[index];
  return name === undefined ? undefined : readFileSync(`${root}/scenarios/${name}`, 'utf8');
}

/** The native CLI (cmake --preset native, target playground), or undefined. */
export function nativeCli(): string | undefined {
  for (const candidate of ['build/native/wasm/cli/playground', 'build/native/playground', 'build/native/bin/playground']) {
    if (existsSync(`${root}/${candidate}`)) return `${root}/${candidate}`;
  }
  return undefined;
}

/** Builds the native CLI (incrementally: quick when it is up to date), so
 * that both sides run the same sources. */
export async function ensureNativeCli(): Promise<string> {
  await run('cmake', ['--preset', 'native'], { cwd: root });
  await run('cmake', ['--build', '--preset', 'native', '--target', 'playground', '-j', '2'], { cwd: root, maxBuffer: 1 << 26 });
  const built = nativeCli();
  if (!built) throw new Error('the native build did not produce the playground CLI');
  return built;
}

/** Parses distance CSV output: [origin, destination, distance] rows after the header. */
export function distanceRows(csv: string): Array<[string, string, number]> {
  const lines = csv.trimEnd().split('\n');
  return lines.slice(1).map((line) => {
    const cut = line.lastIndexOf(',');
    const rest = line.slice(0, cut);
    const middle = splitCsvPair(rest);
    return [middle[0], middle[1], Number(line.slice(cut + 1))];
  });
}

// origin,destination where a name may be quoted ("a, b").
function splitCsvPair(text: string): [string, string] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (quoted && text[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return [fields[0], fields[1]];
}

export { randomLocationsCsv, seeded } from '../../scripts/lib/random-locations';

/** A distance-matrix run of `mode` on `inputCsv` with no simulated I/O, on 2 threads. */
export const distanceMatrixRequest = (mode: string, inputCsv: string): RunRequest => ({
  scenario: 'distance-matrix',
  mode,
  threads: 2,
  gil: false,
  params: { read_delay_ms: 0, write_delay_ms: 0 },
  inputCsv,
});
