// `npm run cli:wasm -- run SCENARIO ...`: the native CLI's command line
// (wasm/cli/main.cpp), run on the WebAssembly engine in Node through the same
// API the web app uses: the threads build by default (PLAYGROUND_WASM_FLAVOUR=single
// for the other), processes mode as worker_threads.
//
//   run SCENARIO [--mode M] [--threads N] [--gil | --no-gil] [--set NAME=VALUE]...
//                [--input F.csv] [--output OUT.csv] [--trace T.json] [--json]
//   list [--json]
//
// The checks, the runs and the report are the engine's own: parameters are
// validated by the engine, and the JSON object, the table and the merged
// trace come from the native CLI's report code compiled into the module
// (wasm/bindings/cli_report.cpp). What is left here is reading files and
// flags. Exit status as the native CLI: 0, 2 for a usage or input error, 1
// for anything unexpected.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CliReportAnswer, EngineModule } from '../../web/src/engine/embind';
import type { BuildFlavour, Engine, RunOutput, RunRequest, Scenario } from '../../web/src/engine/types';
import { roundsOf, runRounds } from '../../web/src/run/rounds';
import { createEngine } from '../../web/src/engine/index';
import { EngineError, parseEngineAnswer } from '../../web/src/engine/session.js';

const USAGE_ERROR = 2;

class UsageError extends Error {}

const repoScenarios = fileURLToPath(new URL('../../scenarios', import.meta.url));
const scenariosDir = () => process.env.PLAYGROUND_SCENARIOS || repoScenarios;

type ScenarioFile = Pick<Scenario, 'id' | 'title' | 'modes' | 'data' | 'threads' | 'parameters'>;

function scenarioIds(): string[] {
  if (!existsSync(scenariosDir())) return [];
  return readdirSync(scenariosDir())
    .filter((name) => name.endsWith('.json') && name !== 'scenario.schema.json')
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

// As wasm/cli/scenario_lookup.cpp: a path (has a '/' or ends in .json) or an id.
function findScenario(idOrPath: string): { path: string; document: ScenarioFile } {
  let path: string;
  if (idOrPath.includes('/') || idOrPath.endsWith('.json')) {
    path = idOrPath;
  } else {
    const ids = scenarioIds();
    if (!ids.includes(idOrPath)) {
      throw new UsageError(`unknown scenario "${idOrPath}" (scenarios in ${scenariosDir()}: ${ids.length ? ids.join(', ') : 'none'})`);
    }
    path = join(scenariosDir(), `${idOrPath}.json`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return { path, document: JSON.parse(text) };
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${what}: cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

function report(module: EngineModule, request: object): string {
  return parseEngineAnswer<CliReportAnswer>(module.cliReport(JSON.stringify(request))).text;
}

async function runCommand(engine: Engine & { readonly module: EngineModule }, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      mode: { type: 'string' },
      threads: { type: 'string' },
      gil: { type: 'boolean' },
      'no-gil': { type: 'boolean' },
      set: { type: 'string', multiple: true },
      input: { type: 'string' },
      output: { type: 'string' },
      trace: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('run needs exactly one SCENARIO (an id or a path)');
  if (values.gil && values['no-gil']) throw new UsageError('--gil excludes --no-gil');
  const { path, document } = findScenario(positionals[0]);

  const params: Record<string, string> = {};
  for (const assignment of values.set ?? []) {
    const cut = assignment.indexOf('=');
    if (cut <= 0) throw new UsageError(`--set "${assignment}": expected NAME=VALUE`);
    const name = assignment.slice(0, cut);
    if (name in params) throw new UsageError(`parameter "${name}" is set twice`);
    params[name] = assignment.slice(cut + 1);
  }
  const data = document.data ?? [];
  if (values.input && data.length === 0) throw new UsageError(`--input: scenario "${document.id}" reads no input file`);
  if (values.output && data.length === 0) throw new UsageError(`--output: scenario "${document.id}" writes no output CSV`);
  const inputCsv = data.length ? readText(values.input ?? resolve(dirname(path), data[0]), '--input') : undefined;

  const modes = values.mode ? [values.mode] : document.modes.map((m) => m.id);
  const requests = modes.map((mode) => ({
    scenario: document.id,
    scenarioJson: document,
    mode,
    // As typed: the engine checks it against the scenario's range.
    threads: values.threads as unknown as number,
    gil: values.gil ? true : values['no-gil'] ? false : (undefined as unknown as boolean),
    // Text as typed: the engine parses each value strictly for its type.
    params: params as unknown as RunRequest['params'],
    inputCsv,
  }));
  // Rounds, interleaved, with the machine's ceiling after each where a parallel speed-up is claimed.
  const runs: Array<{ request: RunRequest; output: RunOutput; round: number }> = [];
  const threads = Number(values.threads ?? document.threads?.default ?? 1); // a bad value fails the first run
  const ceiling = Number.isInteger(threads) ? engine.ceilingRequest(document as Scenario, modes, threads) : undefined;
  const ceilings = await runRounds(
    requests,
    roundsOf(document as Scenario, params),
    async (request, round) => void runs.push({ request, output: await engine.run(request), round }),
    ceiling && (async () => (await engine.run(ceiling)).result.measured_speedup as number),
  );

  const reportRequest = (format: string) => ({
    scenario_json: document,
    scenario_source: path,
    format,
    ceilings,
    runs: runs.map(({ request, output, round }) => ({
      mode: request.mode,
      round,
      threads: output.result.threads,
      gil: output.result.gil,
      params: request.params,
      result: output.result,
      lanes: output.lanes,
      spans: output.spans,
    })),
  });
  if (values.output) {
    const withOutput = runs.filter((run) => run.output.outputCsv).at(-1);
    if (!withOutput) throw new UsageError(`--output: no mode of "${document.id}" produced an output CSV`);
    writeFileSync(values.output, withOutput.output.outputCsv!);
  }
  if (values.trace) writeFileSync(values.trace, report(engine.module, reportRequest('trace')));
  process.stdout.write(report(engine.module, reportRequest(values.json ? 'json' : 'table')));
}

function listCommand(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  const scenarios = scenarioIds().map((id) => findScenario(id).document);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(scenarios.map(({ id, title, modes }) => ({ id, title, modes: modes.map((m) => m.id) })))}\n`);
  } else {
    for (const scenario of scenarios) process.stdout.write(`${scenario.id.padEnd(20)} ${scenario.modes.map((m) => m.id).join(', ')}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'list') {
    listCommand(rest);
    return 0;
  }
  if (command !== 'run') {
    throw new UsageError(command ? `unknown command "${command}"` : 'a command is required: run or list');
  }
  const flavour = (process.env.PLAYGROUND_WASM_FLAVOUR as BuildFlavour | undefined) ?? 'threads';
  const engine = await createEngine(flavour);
  // Tests only: the first run's thread aborts, to test how a fault ends the CLI (tests/node/fault.test.ts).
  if (process.env.PLAYGROUND_TEST_FAULT === 'abort') (globalThis as { playgroundTestFault?: 'abort' }).playgroundTestFault = 'abort';
  try {
    await runCommand(engine, rest);
  } finally {
    engine.dispose();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    const usage =
      error instanceof UsageError ||
      (error instanceof EngineError && error.kind !== 'fault') ||
      ((error as Error)?.name === 'TypeError' && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`playground: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(usage ? USAGE_ERROR : 1);
  },
);
