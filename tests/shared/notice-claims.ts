// Each lesson's "What to notice" as checks (issue 14, item 6): every sentence
// of every scenario's notice has a check here, keyed by the sentence itself,
// run on the lesson's defaults (with a time scale). The same checks run the
// engine in Node (tests/node/notice.test.ts, both builds) and in browsers
// (tests/e2e/notice.e2e.ts and the Firefox and WebKitGTK ones): the checks
// always run in the test process; only Lesson.run, where the engine runs,
// differs. A new or changed sentence without a check fails the Node test's
// first test, so a lesson cannot contradict its own text.
//
// Claims about thread modes are checked in the threads build (the single
// build has none). What the code did (counts, answers, orders, states) is
// checked on every run. How long things took is tried up to 3 times, and
// when every core is busy (a shared 2-core machine can stretch any run) a
// miss is reported as a skip, not a failure; claims that are only about time
// are not run then at all.
import { expect } from 'vitest';
import type { BuildFlavour, RunOutput, RunRequest } from '../../web/src/engine/types';
import type { ScenarioFile } from '../node/helpers';

/** The cores the checks plan for (the engine is told so, whatever the browser reports). */
export const CORES = 2;

export type Params = Record<string, number | boolean>;
/** What a run may choose besides the parameters: threads, the GIL, and which of the scenario's data files is its input. */
export interface RunChoices {
  threads?: number;
  gil?: boolean;
  data?: number;
}

export interface Lesson {
  /** Runs a mode on the lesson's defaults, with its time scale and `params` on top. */
  run(mode: string, params?: Params, options?: RunChoices): Promise<RunOutput>;
  flavour: BuildFlavour;
  /** The lesson's scenario file. */
  scenario: ScenarioFile;
}

export interface Claim {
  /** The claim is about how long things take: checked when the machine is not busy, with tries. */
  timing?: boolean;
  /** The claim is about a mode that needs real threads: checked in the threads build. */
  threads?: boolean;
  /** Asserts (expect) what the lesson did, on every run; returns why its times do not fit the sentence, or ''. */
  check(lesson: Lesson): Promise<string | undefined>;
}

const number = (output: RunOutput, field: string): number => {
  const value = output.result[field];
  if (typeof value !== 'number') throw new Error(`${output.result.mode}: ${field} is not a number (${JSON.stringify(value)})`);
  return value;
};
const wall = (output: RunOutput) => number(output, 'wall_ms');
/** '' when every condition holds, else the first failed one's words. */
const unless = (...conditions: [boolean, string][]): string => conditions.find(([ok]) => !ok)?.[1] ?? '';
const f = (ms: number) => `${ms.toFixed(0)} ms`;

/** The time scale each lesson runs at here: its waits shortened, its story kept. */
export const SCALE: Record<string, number> = {
  sleep: 0.25,
  'io-requests': 0.25,
  'producer-consumer': 0.1,
  'cpu-bound': 0.2,
  'distance-matrix': 0.5,
  amdahl: 0.2,
  'thread-safety': 1,
};

/** The modes of the lesson this build runs: thread modes in the threads build only, and none that runs natively only. */
const modesHere = (l: Lesson) => l.scenario.modes.filter((m) => (l.flavour === 'threads' || !m.needs_threads) && !m.native_only).map((m) => m.id);

export const CLAIMS: Record<string, Record<string, Claim>> = {
  sleep: {
    'serial takes the sum of the waits (about 1.7 s); threads and coroutines take the longest wait (about 0.9 s).': {
      timing: true,
      threads: true,
      async check(l) {
        const [serial, threads, coroutines] = [await l.run('serial'), await l.run('threads'), await l.run('coroutines')];
        const sum = number(serial, 'first_ms') + number(serial, 'second_ms');
        const longest = Math.max(number(serial, 'first_ms'), number(serial, 'second_ms'));
        return unless(
          [wall(serial) >= sum && wall(serial) < sum * 1.25, `serial ${f(wall(serial))}, the sum of the waits ${f(sum)}`],
          ...[threads, coroutines].map((o): [boolean, string] => [
            wall(o) >= longest && wall(o) < longest * 1.25,
            `${o.result.mode} ${f(wall(o))}, the longest wait ${f(longest)}`,
          ]),
        );
      },
    },
    'Coroutines overlap the waits on one thread: waiting needs no extra thread.': {
      async check(l) {
        const output = await l.run('coroutines');
        expect(output.lanes.filter((lane) => lane.kind === 'thread').length).toBeLessThanOrEqual(1);
        expect(output.lanes.filter((lane) => lane.kind === 'task').length).toBeGreaterThanOrEqual(2);
        // Overlapped: the run ends well before the sum of the waits.
        const sum = number(output, 'first_ms') + number(output, 'second_ms');
        return unless([wall(output) < sum * 0.9, `coroutines ${f(wall(output))}, the sum of the waits ${f(sum)}`]);
      },
    },
    'first-completed returns after the shorter wait (about 0.8 s) and the other task is cancelled, not left running.': {
      async check(l) {
        const output = await l.run('first-completed');
        expect(output.result.finished).toBe('first');
        expect(output.result.second).toBe('cancelled');
        expect(wall(output)).toBeGreaterThanOrEqual(number(output, 'first_ms'));
        return unless([wall(output) < number(output, 'second_ms'), `first-completed ${f(wall(output))}, the longer wait ${f(number(output, 'second_ms'))}`]);
      },
    },
  },
  'io-requests': {
    'serial takes about the sum of the latencies; threads and coroutines about the largest one.': {
      timing: true,
      threads: true,
      async check(l) {
        const [serial, threads, coroutines] = [await l.run('serial'), await l.run('threads'), await l.run('coroutines')];
        const sum = number(serial, 'sum_latency_ms');
        const largest = number(serial, 'max_latency_ms');
        return unless(
          [wall(serial) >= sum && wall(serial) < sum * 1.25, `serial ${f(wall(serial))}, the sum ${f(sum)}`],
          ...[threads, coroutines].map((o): [boolean, string] => [
            wall(o) >= largest && wall(o) < largest * 1.4,
            `${o.result.mode} ${f(wall(o))}, the largest ${f(largest)}`,
          ]),
        );
      },
    },
    'With threads and coroutines the requests finish out of order: whichever reply comes back first is handled first.': {
      async check(l) {
        expect((await l.run('serial')).result.out_of_order).toBe(false);
        for (const mode of l.flavour === 'threads' ? ['threads', 'coroutines'] : ['coroutines']) {
          const output = await l.run(mode);
          expect(output.result.out_of_order, mode).toBe(true);
          // Handled in the order the replies came back: by end time.
          const requests = output.result.requests as { id: number; end_ms: number }[];
          const byEnd = [...requests].sort((a, b) => a.end_ms - b.end_ms).map((r) => r.id);
          expect(output.result.completion_order, mode).toEqual(byEnd);
        }
        return '';
      },
    },
    'Threads help here even with the GIL, because a thread waiting on I/O releases it.': {
      timing: true,
      threads: true,
      async check(l) {
        const serial = await l.run('serial');
        const threads = await l.run('threads', {}, { gil: true });
        expect(threads.result.gil).toBe(true);
        return unless([wall(threads) < wall(serial) * 0.6, `threads with the GIL ${f(wall(threads))}, serial ${f(wall(serial))}`]);
      },
    },
  },
  'thread-safety': {
    'With two or more threads, unsafe and gil lose updates: actual is less than expected, on every run.': {
      threads: true,
      async check(l) {
        // The threads must overlap in time to lose an update: a thread that
        // starts only after the other has finished (a machine with no core to
        // spare) loses none, so a miss is about time.
        const misses: string[] = [];
        for (const mode of ['unsafe', 'gil']) {
          for (let i = 0; i < 3; i++) {
            const output = await l.run(mode);
            expect(number(output, 'actual'), mode).toBeLessThanOrEqual(number(output, 'expected'));
            if (number(output, 'actual') === number(output, 'expected')) misses.push(`${mode}, run ${i + 1}: no update lost`);
          }
        }
        return misses.join('; ');
      },
    },
    'The GIL does not make += atomic: it changes hands between the read and the write.': {
      threads: true,
      async check(l) {
        const output = await l.run('gil');
        expect(output.result.gil).toBe(true);
        expect(number(output, 'gil_switches')).toBeGreaterThan(0);
        expect(number(output, 'lost_updates')).toBeGreaterThan(0);
        return '';
      },
    },
    'lock, atomic and local-then-merge never lose an update.': {
      threads: true,
      async check(l) {
        for (const mode of ['lock', 'atomic', 'local-then-merge']) {
          for (let i = 0; i < 3; i++) {
            const output = await l.run(mode);
            expect(number(output, 'actual'), `${mode}, run ${i + 1}`).toBe(number(output, 'expected'));
            expect(number(output, 'lost_updates'), mode).toBe(0);
          }
        }
        return '';
      },
    },
    'On a machine with a free core for each thread, lock is the slowest of the three: its threads take turns instead of working at the same time.': {
      timing: true,
      threads: true,
      async check(l) {
        const [lock, atomic, local] = [await l.run('lock'), await l.run('atomic'), await l.run('local-then-merge')];
        return unless([
          wall(lock) > wall(atomic) && wall(lock) > wall(local),
          `lock ${f(wall(lock))}, atomic ${f(wall(atomic))}, local-then-merge ${f(wall(local))}`,
        ]);
      },
    },
    'coroutines lose updates only when they await between the read and the write.': {
      async check(l) {
        const awaiting = await l.run('coroutines', { await_between: true });
        expect(number(awaiting, 'lost_updates')).toBeGreaterThan(0);
        const straight = await l.run('coroutines', { await_between: false });
        expect(number(straight, 'lost_updates')).toBe(0);
        expect(number(straight, 'actual')).toBe(number(straight, 'expected'));
        return '';
      },
    },
    'deadlock: the engine detects the cycle within about 100 ms, names it, and ends the run; the next run works.': {
      threads: true,
      async check(l) {
        const output = await l.run('deadlock');
        const deadlock = output.result.deadlock as { detected: boolean; after_ms: number; formed_after_ms: number; cycle: string };
        expect(deadlock.detected).toBe(true);
        expect(deadlock.after_ms - deadlock.formed_after_ms).toBeLessThanOrEqual(150);
        expect(deadlock.cycle).toMatch(/thread \d holds account [AB] and waits for account [AB]; thread \d holds account [AB] and waits for account [AB]/);
        const next = await l.run('ordered');
        expect(next.result.transfers_completed).toBeGreaterThan(0);
        return '';
      },
    },
    'ordered and try-lock finish every transfer, and the total in the two accounts stays the same.': {
      threads: true,
      async check(l) {
        for (const mode of ['ordered', 'try-lock']) {
          const output = await l.run(mode);
          expect(number(output, 'transfers_completed'), mode).toBe(number(output, 'threads') * 5); // each thread's default 5 transfers
          expect(number(output, 'total_after'), mode).toBe(number(output, 'total_before'));
        }
        return '';
      },
    },
  },
  'producer-consumer': {
    'sequential: items wait until every item has been made, so the latency of the first items is about the whole production time.': {
      async check(l) {
        const output = await l.run('sequential');
        const items = output.result.per_item as { produced_at_ms: number; latency_ms: number; id: number }[];
        const production = Math.max(...items.map((i) => i.produced_at_ms)) - Math.min(...items.map((i) => i.produced_at_ms));
        const first = items.reduce((a, b) => (a.produced_at_ms <= b.produced_at_ms ? a : b));
        expect(first.latency_ms).toBeGreaterThanOrEqual(production);
        return '';
      },
    },
    'threads and coroutines: each item is processed within about one processing time of being made.': {
      timing: true,
      async check(l) {
        const why: string[] = [];
        const process = 100 * SCALE['producer-consumer'];
        for (const mode of l.flavour === 'threads' ? ['threads', 'coroutines'] : ['coroutines']) {
          const items = (await l.run(mode)).result.per_item as { latency_ms: number }[];
          const worst = Math.max(...items.map((i) => i.latency_ms));
          if (worst > 2.5 * process + 10) why.push(`${mode}: the slowest item took ${f(worst)}, processing ${f(process)}`);
        }
        return why.join('; ');
      },
    },
    'Every item is consumed exactly once, whatever the mode.': {
      async check(l) {
        for (const mode of l.flavour === 'threads' ? ['sequential', 'threads', 'coroutines'] : ['sequential', 'coroutines']) {
          const output = await l.run(mode, { producers: 3, consumers: 2 });
          const items = output.result.per_item as { producer: number; value: number; id: number }[];
          expect(number(output, 'items_consumed'), mode).toBe(30);
          expect(new Set(items.map((i) => i.id)).size, mode).toBe(30);
        }
        return '';
      },
    },
    'Make the queue small and the consumers slow: the peak queue depth stays at the queue size and producers block.': {
      async check(l) {
        for (const mode of l.flavour === 'threads' ? ['threads', 'coroutines'] : ['coroutines']) {
          const output = await l.run(mode, { queue_size: 2, process_ms: 1000 });
          expect(number(output, 'peak_queue_depth'), mode).toBe(2);
          const producerLanes = new Set(output.lanes.filter((lane) => /producer/.test(lane.name)).map((lane) => lane.id));
          const blocked = output.spans.filter((s) => producerLanes.has(s.lane) && s.state === 'blocked_on_queue');
          expect(blocked.length, `${mode}: producers blocked on the full queue`).toBeGreaterThan(0);
        }
        return '';
      },
    },
  },
  'cpu-bound': {
    'threads with the GIL on take about as long as serial (at least 0.85 of it): only one thread computes at a time.': {
      timing: true,
      threads: true,
      async check(l) {
        const serial = await l.run('serial');
        const threads = await l.run('threads', {}, { gil: true });
        return unless([wall(threads) >= 0.85 * wall(serial), `threads with the GIL ${f(wall(threads))}, serial ${f(wall(serial))}`]);
      },
    },
    'Turn the GIL off (real C++ threads) and threads take about serial / cores.': {
      timing: true,
      threads: true,
      async check(l) {
        const serial = await l.run('serial');
        const threads = await l.run('threads', {}, { gil: false });
        return unless([wall(threads) <= (wall(serial) / CORES) * 1.3, `threads ${f(wall(threads))}, serial / ${CORES} cores ${f(wall(serial) / CORES)}`]);
      },
    },
    'coroutines take as long as serial: they interleave, they do not compute in parallel.': {
      timing: true,
      async check(l) {
        const serial = await l.run('serial');
        const coroutines = await l.run('coroutines');
        return unless([
          wall(coroutines) >= 0.85 * wall(serial) && wall(coroutines) <= 1.3 * wall(serial),
          `coroutines ${f(wall(coroutines))}, serial ${f(wall(serial))}`,
        ]);
      },
    },
    'processes scale with the cores: their workers are started before the run (the result says how long that took), and copying each its jobs shows at the start of its lane.':
      {
        async check(l) {
          const output = await l.run('processes');
          // Started before the run (a pool kept by the engine), or for it, before its timing: said either way.
          const before = output.result.workers_started_before_ms ?? output.result.workers_started_for_run_ms;
          expect(typeof before, 'how long starting the workers took').toBe('number');
          expect(typeof output.result.copy_in_ms).toBe('number');
          const processLanes = output.lanes.filter((lane) => lane.kind === 'process').map((lane) => lane.id);
          expect(processLanes.length).toBeGreaterThan(1);
          // Each process's lane opens with receiving its jobs, then computes them.
          for (const lane of processLanes) {
            const spans = output.spans.filter((s) => s.lane === lane).sort((a, b) => a.start_us - b.start_us);
            expect(spans[0]?.state, `process lane ${lane}`).toBe('starting');
            expect(
              spans.some((s) => s.state === 'running'),
              `process lane ${lane}`,
            ).toBe(true);
          }
          const serial = await l.run('serial');
          expect(output.result.checksum, 'the same work as serial').toBe(serial.result.checksum);
          return unless([wall(output) < wall(serial) * 0.8, `processes ${f(wall(output))}, serial ${f(wall(serial))}`]);
        },
      },
    'recursive-coroutines is much slower than recursive-serial, the same recursion with plain calls, for the same answer: each call is a task switch.': {
      async check(l) {
        const serial = await l.run('recursive-serial');
        const coroutines = await l.run('recursive-coroutines');
        expect(coroutines.result.value).toBe(serial.result.value);
        expect(coroutines.result.calls).toBe(serial.result.calls);
        expect(number(coroutines, 'resumes')).toBeGreaterThanOrEqual(number(coroutines, 'calls') - 1);
        expect(wall(coroutines)).toBeGreaterThan(3 * wall(serial));
        return '';
      },
    },
    'iterative-coroutines runs the same loop as iterative-serial inside one coroutine: the same calls and answer, and no task switches.': {
      async check(l) {
        const serial = await l.run('iterative-serial');
        const coroutines = await l.run('iterative-coroutines');
        expect(coroutines.result.value).toBe(serial.result.value);
        expect(coroutines.result.calls).toBe(serial.result.calls);
        expect(number(coroutines, 'resumes')).toBeLessThanOrEqual(1);
        return '';
      },
    },
  },
  'distance-matrix': {
    'With the read and write delays, the coroutine pipeline finishes well before serial (about 0.7 s against 1 s with five locations): it computes and writes while the next rows are still being read.':
      {
        async check(l) {
          const serial = await l.run('serial');
          const coroutines = await l.run('coroutines');
          expect(wall(coroutines)).toBeLessThan(0.85 * wall(serial));
          return '';
        },
      },
    'threads (one per task) is slower than pool: starting a thread costs more than one distance.': {
      timing: true,
      threads: true,
      async check(l) {
        const quick = { read_delay_ms: 0, write_delay_ms: 0 };
        const threads = await l.run('threads', quick, { data: 1 });
        const pool = await l.run('pool', quick, { data: 1 });
        return unless([wall(threads) > wall(pool), `threads ${f(wall(threads))}, pool ${f(wall(pool))}`]);
      },
    },
    'optimised, on one thread, can beat more threads: a better algorithm first.': {
      timing: true,
      threads: true,
      async check(l) {
        const quick = { read_delay_ms: 0, write_delay_ms: 0 };
        const optimised = await l.run('optimised', quick, { data: 1, threads: 1 });
        const pool = await l.run('pool', quick, { data: 1, threads: CORES });
        return unless([wall(optimised) < wall(pool), `optimised on one thread ${f(wall(optimised))}, pool on ${CORES} ${f(wall(pool))}`]);
      },
    },
    'Every mode writes the same distances in the same order; only the time differs.': {
      async check(l) {
        const modes = modesHere(l);
        const outputs: RunOutput[] = [];
        for (const mode of modes) outputs.push(await l.run(mode, { read_delay_ms: 0, write_delay_ms: 0 })); // one at a time: the single build runs one
        for (const output of outputs.slice(1)) expect(output.outputCsv, output.result.mode).toBe(outputs[0].outputCsv);
        expect(outputs[0].outputCsv?.trim().split('\n').length).toBeGreaterThan(1);
        return '';
      },
    },
  },
  'event-loop': {
    'actions_per_s is how many task switches the loop makes per second (the median of 5 rounds, after a warm-up).': {
      async check(l) {
        const output = await l.run('coroutines', { actions: 200_000 });
        expect(number(output, 'rounds')).toBe(5);
        const [low, high] = output.result.actions_per_s_range as [number, number];
        expect(low).toBeLessThanOrEqual(number(output, 'actions_per_s'));
        expect(high).toBeGreaterThanOrEqual(number(output, 'actions_per_s'));
        return '';
      },
    },
    "direct-resume makes the same switches without the loop's ready queue: the difference between its rate and coroutines' is what the loop itself costs.": {
      async check(l) {
        const loop = await l.run('coroutines', { actions: 200_000 });
        const direct = await l.run('direct-resume', { actions: 200_000 });
        expect(direct.result.actions).toBe(loop.result.actions);
        expect(number(direct, 'actions_per_s')).toBeGreaterThan(number(loop, 'actions_per_s'));
        return '';
      },
    },
    "Compare with the course's figures for asyncio and uvloop: the cost per switch is what makes very fine-grained coroutines slow.": {
      async check(l) {
        const scenario = l.scenario as unknown as {
          references: { label: string; wall_ms: number; params: { actions: number } }[];
        };
        expect(scenario.references.map((r) => r.label)).toEqual(['asyncio', 'uvloop']);
        // A switch costs microseconds in the course's Python, less here; both are far above a plain call.
        const loop = await l.run('coroutines', { actions: 200_000 });
        for (const r of scenario.references) expect(number(loop, 'us_per_action'), r.label).toBeLessThan((r.wall_ms * 1000) / r.params.actions);
        return '';
      },
    },
  },
  'server-load': {
    "Below every server's capacity all modes answer in about cpu_ms + io_ms.": {
      timing: true,
      async check(l) {
        const why: string[] = [];
        for (const mode of modesHere(l)) {
          const output = await l.run(mode, { rate_per_s: 4, duration_s: 1.5 });
          expect(number(output, 'rejected'), mode).toBe(0);
          const p50 = (output.result.latency_ms as { p50: number }).p50;
          if (p50 < 55 || p50 > 55 * 1.5 + 10) why.push(`${mode}: p50 ${f(p50)} for 5 ms of CPU and 50 ms of database`);
        }
        return why.join('; ');
      },
    },
    'sync serves one request at a time: past 1 / (cpu_ms + io_ms) requests a second its response time grows and it rejects requests, while coroutines, overlapping the database waits, still answer in about cpu_ms + io_ms.':
      {
        timing: true,
        async check(l) {
          // The lesson's defaults: 40 requests a second against sync's 1 / 55 ms = 18.
          const sync = await l.run('sync');
          const coroutines = await l.run('coroutines');
          const p95 = (o: RunOutput) => (o.result.latency_ms as { p95: number }).p95;
          return unless(
            [number(sync, 'rejected') > 0 && p95(sync) > 3 * 55, `sync rejected ${number(sync, 'rejected')}, p95 ${f(p95(sync))}`],
            [
              number(coroutines, 'rejected') === 0 && p95(coroutines) < 55 * 1.5 + 10,
              `coroutines rejected ${number(coroutines, 'rejected')}, p95 ${f(p95(coroutines))}`,
            ],
          );
        },
      },
    'With CPU-heavy requests one event loop saturates near 1 / cpu_ms requests a second; a thread pool without the GIL and worker processes (each with its own loop) scale with the cores, and with the GIL the pool does no better than the loop.':
      {
        timing: true,
        threads: true,
        async check(l) {
          // 20 ms of CPU and no database: one loop serves at most 50 a second; 150 are offered.
          const params = { cpu_ms: 20, io_ms: 0, rate_per_s: 150, duration_s: 2, backlog: 1000 };
          const loop = number(await l.run('coroutines', params), 'throughput_per_s');
          const pool = number(await l.run('threads', params, { threads: CORES, gil: false }), 'throughput_per_s');
          const gil = number(await l.run('threads', params, { threads: CORES, gil: true }), 'throughput_per_s');
          return unless(
            [loop <= 50 * 1.15, `the loop served ${loop.toFixed(1)}/s, at most 50 expected`],
            [pool >= 1.5 * loop, `the pool without the GIL served ${pool.toFixed(1)}/s, the loop ${loop.toFixed(1)}/s`],
            [gil <= 1.2 * loop, `the pool with the GIL served ${gil.toFixed(1)}/s, the loop ${loop.toFixed(1)}/s`],
          );
        },
      },
    'Every request that arrived was either completed once or rejected: arrived = completed + rejected.': {
      async check(l) {
        for (const mode of modesHere(l)) {
          const output = await l.run(mode); // the defaults: sync rejects about half
          expect(number(output, 'arrived'), mode).toBeGreaterThan(0);
          expect(number(output, 'completed') + number(output, 'rejected'), mode).toBe(number(output, 'arrived'));
        }
        return '';
      },
    },
  },
  amdahl: {
    'The measured speed-up follows the predicted curve and flattens out: with a serial fraction of 0.1 it can never reach 10.': {
      timing: true,
      threads: true,
      async check(l) {
        const why: string[] = [];
        for (const threads of [1, 2, 4]) {
          const output = await l.run('pool', {}, { threads });
          expect(number(output, 'speedup_limit')).toBe(10);
          const measured = number(output, 'measured_speedup');
          const predicted = number(output, 'predicted_speedup');
          if (measured >= 10 || Math.abs(measured - predicted) > 0.25 * predicted)
            why.push(`${threads} threads: measured ${measured.toFixed(2)}×, predicted ${predicted.toFixed(2)}×`);
        }
        return why.join('; ');
      },
    },
    'Past the number of cores, more threads add no speed-up at all.': {
      timing: true,
      threads: true,
      async check(l) {
        const atCores = await l.run('pool', {}, { threads: CORES });
        const past = await l.run('pool', {}, { threads: 2 * CORES });
        expect(number(past, 'predicted_speedup')).toBeCloseTo(number(atCores, 'predicted_speedup'), 6);
        return unless([
          number(past, 'measured_speedup') <= number(atCores, 'measured_speedup') * 1.15,
          `${2 * CORES} threads ${number(past, 'measured_speedup').toFixed(2)}×, ${CORES} threads ${number(atCores, 'measured_speedup').toFixed(2)}×`,
        ]);
      },
    },
  },
};

/** The request a lesson's run makes: its defaults, its time scale, `params` on top; `data` reads a data file of the scenario. */
export function lessonRequest(
  scenario: ScenarioFile,
  mode: string,
  params: Params,
  options: RunChoices,
  data: (scenario: ScenarioFile, index: number) => string | undefined,
): RunRequest {
  return {
    scenario: scenario.id,
    mode,
    threads: options.threads ?? scenario.threads.default,
    gil: options.gil ?? scenario.gil,
    params: { ...(SCALE[scenario.id] !== undefined ? { time_scale: SCALE[scenario.id] } : {}), ...params },
    inputCsv: data(scenario, options.data ?? 0),
  };
}

/** Every claim of these scenarios, as test cases: [scenario id, sentence, claim, scenario]. */
export const claimCases = (scenarios: ScenarioFile[]) =>
  scenarios.flatMap((scenario) => Object.entries(CLAIMS[scenario.id] ?? {}).map(([sentence, claim]) => [scenario.id, sentence, claim, scenario] as const));

/** The sentences of these scenarios' notices without a check, and the checks whose sentence is gone. */
export function uncheckedSentences(scenarios: ScenarioFile[]): string[] {
  const missing: string[] = [];
  for (const scenario of scenarios) {
    const notice = (scenario as unknown as { notice?: string[] }).notice ?? [];
    for (const sentence of notice) if (!CLAIMS[scenario.id]?.[sentence]) missing.push(`${scenario.id}: ${sentence}`);
    for (const sentence of Object.keys(CLAIMS[scenario.id] ?? {})) if (!notice.includes(sentence)) missing.push(`${scenario.id} no longer says: ${sentence}`);
  }
  return missing;
}

/**
 * One claim's test, on `lesson`: skipped (Vitest's `skip`) where it cannot be
 * judged (a thread claim in the single build; a timing claim when `busy`, every
 * core in use). What a check asserts with expect holds on every run; what it
 * returns is about time: tried up to 3 times, and on a busy machine only reported.
 */
export async function checkClaim(claim: Claim, lesson: Lesson, busy: boolean, skip: (note: string) => never): Promise<void> {
  if (claim.threads && lesson.flavour === 'single') skip('the single build has no thread modes');
  if (claim.timing && busy) skip('a timing claim, and every core is busy');
  let why = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    why = (await claim.check(lesson)) ?? '';
    if (!why) return;
  }
  if (busy) skip(`every core is busy, and the time did not hold: ${why}`);
  expect.fail(`after 3 tries: ${why}`);
}
