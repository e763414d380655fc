// Issue 17: both WebAssembly builds hand the page the run's causal edges, and
// their trace export carries them as flow events bound to slices.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine } from '../../web/src/engine/index';
import type { Edge } from '../../web/src/engine/types';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

interface TraceEvent {
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: number;
}

describe.each(['threads', 'single'] as const)('the %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour);
  }, 120_000);
  afterAll(() => engine?.dispose());

  test('a producer/consumer run has one queue edge per item, from its producer to its consumer', async () => {
    const output = await engine.run({
      scenario: 'producer-consumer',
      mode: 'coroutines',
      threads: 1,
      gil: false,
      params: { producers: 2, consumers: 2, items: 15, queue_size: 2, min_delay_ms: 0, max_delay_ms: 5, process_ms: 2, time_scale: 0.1 },
    });
    const name = new Map(output.lanes.map((l) => [l.id, l.name]));
    const fromEdges = (output.edges ?? [])
      .filter((e) => e.kind === 'queue')
      .map((e) => `${e.label} ${name.get(e.from_lane)} → ${name.get(e.to_lane)}`)
      .sort();
    const items = (output.result.per_item as { value: number; producer: number; consumer: number }[])
      .map((i) => `value ${i.value} producer ${i.producer} → consumer ${i.consumer}`)
      .sort();
    expect(items).toHaveLength(30);
    expect(fromEdges).toEqual(items);
    for (const e of output.edges ?? []) expect(e.to_us).toBeGreaterThanOrEqual(e.from_us);

    const events = JSON.parse(engine.exportTrace(output)).traceEvents as TraceEvent[];
    const slices = events.filter((e) => e.ph === 'X');
    const flows = events.filter((e) => e.ph === 's' || e.ph === 'f');
    expect(flows).toHaveLength(2 * (output.edges ?? []).length);
    for (const flow of flows) {
      const inside = slices.some((s) => s.pid === flow.pid && s.tid === flow.tid && s.ts <= flow.ts && flow.ts < s.ts + (s.dur ?? 0));
      expect(inside, JSON.stringify(flow)).toBe(true);
    }
  });

  test('the edges arrive with the progress reports while the run goes on, not only at its end', async () => {
    // Producers that take 50-100 ms per item: about a second, polled many times meanwhile.
    const streamed: Edge[] = [];
    /** Edges streamed so far, at each report made while the run was still going (fraction < 1). */
    const whileRunning: number[] = [];
    const output = await engine.run(
      {
        scenario: 'producer-consumer',
        mode: 'coroutines',
        threads: 1,
        gil: false,
        params: { producers: 2, consumers: 2, items: 8, queue_size: 2, min_delay_ms: 50, max_delay_ms: 100, process_ms: 5, time_scale: 1 },
      },
      {
        onProgress: (p) => {
          streamed.push(...(p.newEdges ?? []));
          if (p.fraction < 1) whileRunning.push(streamed.length);
        },
      },
    );
    const growth = [...new Set(whileRunning.filter((n) => n > 0))];
    expect(growth.length, `edges streamed at each report while running: ${whileRunning.join(' ')}`).toBeGreaterThanOrEqual(2);
    // What was streamed is the run's edges (the last ones may come only with the output).
    const all = new Set((output.edges ?? []).map((e) => JSON.stringify(e)));
    expect((output.edges ?? []).filter((e) => e.kind === 'queue')).toHaveLength(16); // one per item
    for (const e of streamed) expect(all.has(JSON.stringify(e)), JSON.stringify(e)).toBe(true);
  });

  test("processes mode's messages reach the page as edges between the lanes of its spans", async () => {
    const streamed: Edge[] = [];
    const output = await engine.run(
      { scenario: 'cpu-bound', mode: 'processes', threads: 2, gil: false, params: { jobs: 4, work_ms: 100 } },
      { onProgress: (p) => streamed.push(...(p.newEdges ?? [])) },
    );
    const name = new Map(output.lanes.map((l) => [l.id, l.name]));
    const children = output.lanes.filter((l) => l.kind === 'process');
    expect(children.map((l) => l.name)).toEqual(['process 1', 'process 2']);
    const messages = (output.edges ?? []).filter((e) => e.kind === 'message');
    // To each child its share, from each its answer: between main's lane and the child's.
    expect(messages.map((e) => `${name.get(e.from_lane)} → ${name.get(e.to_lane)}: ${e.label.replace(/\d+ bytes/, 'N bytes')}`).sort()).toEqual([
      'main → process 1: its share (N bytes)',
      'main → process 2: its share (N bytes)',
      'process 1 → main: its answer (N bytes)',
      'process 2 → main: its answer (N bytes)',
    ]);
    for (const e of messages) {
      expect(e.to_us).toBeGreaterThanOrEqual(e.from_us);
      // Each end lies on a lane that has spans around it.
      for (const [lane, at] of [
        [e.from_lane, e.from_us],
        [e.to_lane, e.to_us],
      ]) {
        expect(
          output.spans.some((s) => s.lane === lane && s.start_us <= at),
          `${name.get(lane)} at ${at}`,
        ).toBe(true);
      }
    }
    // Those recorded while it ran came with its progress reports, as its spans do (the rest with its output).
    const all = new Set((output.edges ?? []).map((e) => JSON.stringify(e)));
    for (const e of streamed) expect(all.has(JSON.stringify(e)), JSON.stringify(e)).toBe(true);
    // The shares were copied ~200 ms before the children answered: a report came between.
    expect(streamed.filter((e) => e.label.startsWith('its share'))).toHaveLength(2);
    const flows = (JSON.parse(engine.exportTrace(output)).traceEvents as TraceEvent[]).filter((e) => e.ph === 's' || e.ph === 'f');
    expect(flows).toHaveLength(2 * (output.edges ?? []).length);
  });

  test('the export makes processes mode a process of the trace, and each of its children one too, named as the CLI names them', async () => {
    const output = await engine.run({ scenario: 'cpu-bound', mode: 'processes', threads: 2, gil: false, params: { jobs: 2, work_ms: 5 } });
    const events = JSON.parse(engine.exportTrace(output)).traceEvents as (TraceEvent & { name: string; args?: { name?: string } })[];
    const processes = events.filter((e) => e.ph === 'M' && e.name === 'process_name');
    expect(processes.map((e) => e.args?.name).sort()).toEqual(['processes', 'processes: process 1', 'processes: process 2']);
    const pidOf = (lane: string) => events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === lane)?.pid;
    expect(new Set(['main', 'process 1', 'process 2'].map(pidOf)).size).toBe(3);
    // Each lane's slices are in its own process.
    for (const lane of output.lanes) {
      const pid = pidOf(lane.name);
      const slices = events.filter((e) => e.ph === 'X' && e.tid === lane.id);
      expect(slices.length, lane.name).toBeGreaterThan(0);
      for (const slice of slices) expect(slice.pid, lane.name).toBe(pid);
    }
  });
});
