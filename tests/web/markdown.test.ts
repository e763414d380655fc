import { describe, expect, it } from 'vitest';
import { resultsMarkdown } from '../../web/src/results/markdown';
import { extraFields, fmtSpeedup, summarise } from '../../web/src/results/summary';
import type { RunOutput } from '../../web/src/engine/types';
import { sleep } from './fixtures';

const output = (mode: string, wall_ms: number, extra: Record<string, unknown> = {}): RunOutput => ({
  result: { mode, threads: 2, gil: false, wall_ms, ...extra },
  lanes: [{ id: 0, name: 'main', kind: 'thread' }],
  spans: [{ lane: 0, state: 'running', start_us: 0, end_us: wall_ms * 500, label: '', site: '' }],
});

describe('results', () => {
  it('shows the engine’s speed-up (none when it has none) and utilisation from the spans', () => {
    const rows = summarise([output('serial', 1700), output('threads', 900, { speedup: 1.89 })], sleep);
    expect(rows[1].speedup).toBe(1.89);
    expect(rows[0].utilisation).toBeCloseTo(0.5);
    expect(summarise([output('threads', 900)], sleep)[0].speedup).toBeUndefined();
    expect(summarise([output('threads', 900, { utilisation: 0.75 })], sleep)[0].utilisation).toBe(0.75);
    // The demos report busy time per lane: the mean of their shares.
    const lanes = [
      { lane: 'worker 1', busy_ms: 810, utilisation: 0.9 },
      { lane: 'worker 2', busy_ms: 630, utilisation: 0.7 },
    ];
    expect(summarise([output('pool', 900, { lanes })], sleep)[0].utilisation).toBeCloseTo(0.8);
  });

  it('copies a comparison as a Markdown table, with latency when the demo reports it', () => {
    const pc = { ...sleep, baseline: 'sequential', modes: [{ id: 'sequential' }, { id: 'threads', needs_threads: true }] };
    const rows = summarise(
      [
        output('sequential', 20_000, { latency_ms: { p50: 10_000, p95: 19_000, max: 20_000 } }),
        output('threads', 2100, { speedup: 20_000 / 2100, latency_ms: { p50: 880, p95: 950, max: 990 } }),
      ],
      pc,
    );
    const md = resultsMarkdown(pc, rows, 'threads 2, GIL off', 'https://example.org/?scenario=x');
    expect(md).toBe(
      [
        '### Sleep: sync vs threads vs coroutines',
        '',
        'threads 2, GIL off',
        '',
        '| mode | threads | wall time | speed-up vs sequential | utilisation | latency p50 / p95 / max |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        '| sequential | 2 | 20.00 s | baseline | 50 % | 10.00 s / 19.00 s / 20.00 s |',
        '| threads | 2 | 2.10 s | 9.52× | 50 % | 880 ms / 950 ms / 990 ms |',
        '',
        '[Run it yourself](https://example.org/?scenario=x)',
        '',
      ].join('\n'),
    );
  });

  it('has a GIL column only for a lesson whose modes honour the GIL, "—" for the modes that run without it', () => {
    const rows = summarise([output('serial', 1700), output('threads', 1650, { gil: true, speedup: 1.03 })], sleep);
    const md = resultsMarkdown(sleep, rows, 'x');
    expect(md).toContain('| mode | threads | GIL | wall time |');
    expect(md).toContain('| --- | ---: | --- | ---: |');
    expect(md).toContain('| serial | 2 | — | 1.70 s | baseline |');
    expect(md).toContain('| threads | 2 | on | 1.65 s | 1.03× |');
  });

  it('measures each mode against its compared_with, naming it per row when the rows differ', () => {
    const cpu = {
      ...sleep,
      modes: [{ id: 'serial' }, { id: 'threads' }, { id: 'recursive-serial' }, { id: 'recursive-coroutines', compared_with: 'recursive-serial' }],
    };
    const rows = summarise(
      [
        output('serial', 1000),
        output('threads', 500, { speedup: 2 }),
        output('recursive-serial', 300, { speedup: 1 }),
        output('recursive-coroutines', 600, { speedup: 0.5 }),
      ],
      cpu,
    );
    expect(rows.map((r) => r.comparedWith)).toEqual(['serial', 'serial', 'serial', 'recursive-serial']);
    expect(rows[3].speedup).toBeCloseTo(0.5);
    const md = resultsMarkdown(cpu, rows, 'x');
    expect(md).toContain('| mode | threads | wall time | speed-up | utilisation |');
    expect(md).toContain('| threads | 2 | 500 ms | 2.00× vs serial | 50 % |');
    expect(md).toContain('| recursive-coroutines | 2 | 600 ms | 0.50× vs recursive-serial | 50 % |');
    // Rows that share one baseline name it once, in the header.
    expect(resultsMarkdown(cpu, rows.slice(0, 2), 'x')).toContain('| speed-up vs serial |');
  });

  it('lists the demo’s own fields as text, leaving out those in columns', () => {
    expect(
      extraFields({
        mode: 'coroutines',
        threads: 1,
        gil: false,
        wall_ms: 5,
        actions: 500000,
        actions_per_s: 12345678.9,
        completion_order: [2, 0, 1],
        lanes: [{}],
      }),
    ).toBe('actions 500000 · actions per second 12.3 M/s · requests answered in the order [2, 0, 1]');
  });

  it('says a sleep’s cancel, a deadlock and a pipeline’s queues in words, not field names', () => {
    const base = { mode: 'x', threads: 2, gil: false, wall_ms: 5 };
    expect(extraFields({ ...base, first: 'finished', second: 'cancelled', finished: 'first', cancelled: 'second' })).toBe(
      'first wait finished · second wait cancelled',
    );
    const cycle = 'thread 1 holds account A and waits for account B; thread 2 holds account B and waits for account A';
    expect(extraFields({ ...base, deadlock: { detected: true, after_ms: 55.7, formed_after_ms: 2.8, cycle }, transfers_completed: 0 })).toBe(
      `deadlock detected after 55.7 ms: ${cycle} · transfers done 0`,
    );
    expect(extraFields({ ...base, deadlock: { detected: false }, lost_updates: 0, retries: 3 })).toBe(
      'no deadlock · updates lost 0 · backed off and retried 3 times',
    );
    expect(
      extraFields({ ...base, peak_queue_depth: { rows_read: 2, rows_computed: 1 }, thread_per_task: { threads_started: 40, peak_live: 4, note: '' } }),
    ).toBe('most rows waiting: 2 read and not yet computed, 1 computed and not yet written · 40 threads started, at most 4 alive at once');
  });

  it('names the fields the lesson talks about with their units and leaves out the engine’s internals', () => {
    expect(
      extraFields(
        {
          mode: 'serial',
          threads: 1,
          gil: false,
          wall_ms: 1000,
          jobs: 4,
          work_ms: 250,
          steps_per_job: 123456789,
          checksum: '987654321',
          per_job: [{ job: 1 }],
          achieved_ms_per_job: 251.37,
        },
        ['jobs', 'work_ms'],
      ),
    ).toBe('each job took 251.4 ms');
    expect(extraFields({ mode: 'coroutines', threads: 1, gil: false, wall_ms: 5, rounds: 5, actions_per_s_range: [90e6, 110e6], us_per_action: 0.0101 })).toBe(
      'median of 5 rounds · rounds ranged 90.0 M/s–110.0 M/s · per action 0.0101 µs',
    );
    expect(extraFields({ mode: 'pool', threads: 4, gil: false, wall_ms: 5, parallelism: 2, predicted_speedup: 1.818, cores: 2 })).toBe(
      'threads running at once (threads, at most the cores) 2 · Amdahl predicts 1.82×',
    );
    // The server: counts, the backlog's share and the model in a phrase each; the rest stays in the JSON.
    const server = {
      mode: 'sync',
      threads: 1,
      gil: false,
      wall_ms: 4750,
      arrived: 88,
      completed: 86,
      rejected: 2,
      cpu_ms_per_request: 4.4,
      cap_waits: 3,
      cap_note: 'Live threads were capped at 4.',
      queue_ms: { p50: 1420, p95: 2610, max: 2740, mean: 1420 },
      service_ms: { p50: 55, p95: 56, max: 60, mean: 55 },
    };
    expect(
      extraFields({
        ...server,
        model: { bottleneck: 'server', servers: 1, service_ms: 55, capacity_per_s: 18.17, utilisation: 2.42, stable: false, response_ms: null },
      }),
    ).toBe(
      'arrived 88 · completed 86 · rejected (503) 2 · Live threads were capped at 4. · waited in the backlog: p95 2.61 s · M/M/c for 1 × server, capacity 18.17/s: overloaded (offered 242 % of it), the backlog grows',
    );
    expect(extraFields({ model: { bottleneck: 'workers', servers: 4, capacity_per_s: 72.4, utilisation: 0.61, stable: true, response_ms: 65.71 } })).toBe(
      'M/M/c for 4 × workers, capacity 72.4/s: predicts a mean response of 65.71 ms',
    );
  });

  it('writes a tiny speed-up with its digits, not as 0.00×', () => {
    expect(fmtSpeedup(0.0033557)).toBe('0.0034×');
    expect(fmtSpeedup(0.5)).toBe('0.50×');
    expect(fmtSpeedup(2.345)).toBe('2.35×');
  });

  it('adds the scenario’s references as rows marked as quoted, with what they were measured with', () => {
    const loop = {
      ...sleep,
      baseline: 'coroutines',
      modes: [{ id: 'coroutines' }],
      references: [{ label: 'asyncio', wall_ms: 16_200, params: { actions: 500_000 }, source: 'the course' }],
    };
    const md = resultsMarkdown(loop, summarise([output('coroutines', 5)], loop), 'x');
    expect(md).toContain('| coroutines | 2 | 5.00 ms | baseline | 50 % |');
    expect(md).toContain('| asyncio (reference: the course; actions=500000) | — | 16.20 s | — | — |');
    expect(resultsMarkdown(sleep, summarise([output('serial', 5)], sleep), 'x')).not.toContain('reference');
  });

  it('says the deadlock report in words and lists other objects’ fields one level deep', () => {
    const cycle = 'thread 1 holds account A and waits for account B; thread 2 holds account B and waits for account A';
    expect(extraFields({ mode: 'deadlock', threads: 2, gil: false, wall_ms: 100, deadlock: { detected: true, after_ms: 101.5, cycle, graph: {} } })).toBe(
      `deadlock detected after 101.5 ms: ${cycle}`,
    );
    expect(
      extraFields({ mode: 'ordered', threads: 2, gil: false, wall_ms: 500, deadlock: { detected: false }, balances: { 'account A': 1000, 'account B': 1000 } }),
    ).toBe('no deadlock · balances: account A 1000, account B 1000');
    // The distance matrix's executor and pipeline, in words; an empty note says nothing.
    expect(
      extraFields({
        mode: 'threads',
        threads: 4,
        gil: false,
        wall_ms: 1,
        kernel_ms: 0.02,
        thread_per_task: { max_live_threads: 4, threads_started: 10, peak_live: 4, cap_waits: 6, note: '' },
        peak_queue_depth: { rows_read: 0, rows_computed: 1 },
        queue_capacity: 8,
      }),
    ).toBe(
      'computing the distances 0.02 ms · 10 threads started, at most 4 alive at once · most rows waiting: 0 read and not yet computed, 1 computed and not yet written · queues hold up to 8 rows',
    );
    // The counter's fields in the lesson's words, with units.
    expect(
      extraFields({ mode: 'lock', threads: 2, gil: false, wall_ms: 1, actual: 10000, expected: 10000, lock_wait_ms: 52.14, lock_waits: 16, lost_updates: 0 }),
    ).toBe('counter reached 10000 · expected 10000 · time waiting for locks 52.14 ms · lock waits 16 · updates lost 0');
    expect(extraFields({ mode: 'x', threads: 1, gil: false, wall_ms: 1, nested: { deeper: { a: 1 } } })).toBe('');
  });

  it('has no speed-up column when the scenario compares no mode (a server runs as long as its requests arrive)', () => {
    const server = { ...sleep, not_compared: 'a server runs as long as its requests keep arriving' };
    const rows = summarise([output('serial', 5), output('threads', 4)], server);
    expect(rows.map((r) => r.notCompared)).toEqual([server.not_compared, server.not_compared]);
    const md = resultsMarkdown(server, rows, 'x');
    expect(md).toContain('| mode | threads | GIL | wall time | utilisation |');
    expect(md).not.toContain('speed-up');
    // A mode with its own compared_with is still compared.
    const one = { ...server, modes: server.modes.map((m) => (m.id === 'threads' ? { ...m, compared_with: 'serial' } : m)) };
    expect(summarise([output('threads', 4)], one)[0].notCompared).toBeUndefined();
  });

  it('escapes pipes so a cell cannot break the table', () => {
    const md = resultsMarkdown({ ...sleep, title: 'a | b' }, summarise([output('serial', 5)], sleep), 'x');
    expect(md).toContain('### a \\| b');
  });
});
