// A test double of the Engine interface for component tests: it "runs" by returning
// spans the test constructs, through the same onProgress / signal contract.
import type { Engine, Lane, RunOutput, RunOptions, RunRequest, Span } from '../../web/src/engine/types';
import { comparedWith } from '../../web/src/state/modes';

export interface TestEngine extends Engine {
  requests: RunRequest[];
}

/** Each mode waits for `wall_ms[mode]` (virtually): one lane per thread, one span each. */
export function testEngine(
  wall_ms: Record<string, number>,
  options: { fail?: Record<string, string>; flavour?: 'threads' | 'single'; spreadNote?: string } = {},
): TestEngine {
  const requests: RunRequest[] = [];
  return {
    flavour: options.flavour ?? 'threads',
    cores: 2,
    requests,
    async run(request: RunRequest, opts: RunOptions = {}): Promise<RunOutput> {
      requests.push(request);
      if (opts.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
      const message = options.fail?.[request.mode];
      if (message) throw new Error(message);
      const wall = wall_ms[request.mode] ?? 100;
      const lanes: Lane[] = Array.from({ length: request.threads }, (_, i) => ({ id: i, name: `worker ${i}`, kind: 'thread' }));
      const spans: Span[] = lanes.map((l) => ({ lane: l.id, state: 'waiting_on_io', start_us: 0, end_us: wall * 1000, label: `wait ${l.id}`, site: '' }));
      opts.onProgress?.({ fraction: 0.5, newSpans: spans.slice(0, 1), lanes });
      await Promise.resolve();
      return {
        result: { mode: request.mode, threads: request.threads, gil: request.gil, wall_ms: wall },
        lanes,
        spans,
        outputCsv: request.inputCsv ? 'origin,destination,distance_km\n' : undefined,
      };
    },
    exportTrace: (output) => JSON.stringify({ traceEvents: output.spans }),
    // A stand-in for the engine's numbers (wasm/run/rounds.cpp, tested natively and in
    // tests/node): each mode's first round, its speed-up against the mode it is compared with (none for a baseline),
    // and `options.spreadNote` as the comparison's note on rounds too far apart.
    roundsSummary(scenario, runs) {
      const first = (mode: string) => runs.find((r) => r.mode === mode);
      const modes = [...new Set(runs.map((r) => r.mode))].map((mode) => {
        const own = runs.filter((r) => r.mode === mode).map((r) => r.wall_ms);
        const against = comparedWith(scenario, mode);
        const base = against === undefined || against === mode ? undefined : first(against);
        const speedup = base ? base.wall_ms / own[0] : undefined;
        const rounds =
          own.length > 1 ? { rounds: own.length, shown_round: 1, median_ms: own[0], range_ms: [Math.min(...own), Math.max(...own)] as [number, number] } : {};
        return { mode, shown_round: 1, fields: { speedup, ...rounds } };
      });
      return { modes, spread_note: options.spreadNote };
    },
    ceilingRequest: () => undefined,
    dispose() {},
  };
}
