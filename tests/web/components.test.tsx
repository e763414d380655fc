import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Controls } from '../../web/src/components/Controls';
import { DataPanel } from '../../web/src/components/DataPanel';
import { ReplayPanel } from '../../web/src/timeline/ReplayPanel';
import { SweepChart } from '../../web/src/components/Sweep';
import { App } from '../../web/src/components/App';
import { threadRange } from '../../web/src/state/params';
import { defaultExperiment } from '../../web/src/state/url';
import { SpanStore } from '../../web/src/timeline/store';
import type { Environment } from '../../web/src/env/isolation';
import { distance, sleep } from './fixtures';
import { testEngine } from './test-engine';
import { modeIds } from '../../web/src/state/modes';
import { findScenario } from '../../web/src/scenarios';
import type { RunOutput, Scenario } from '../../web/src/engine/types';

const HOSTILE = '<img src=x onerror=alert(1)>';
// The machine may be busy (engine builds run beside the tests): wait generously.
configure({ asyncUtilTimeout: 8000 });
const isolated: Environment = { isolated: true, inIframe: false, cores: 2, serviceWorker: false, secure: true };
const plain: Environment = { ...isolated, isolated: false };

beforeEach(() => {
  // jsdom has no canvas; the timeline draws nothing but must not fail.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  history.replaceState(null, '', '/');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('parameter controls', () => {
  it('are generated from the scenario’s parameter specs, labelled, with their ranges', () => {
    const onChange = vi.fn();
    render(<Controls scenario={sleep} experiment={defaultExperiment(sleep, 2)} threadRange={threadRange(sleep, 2)} onChange={onChange} />);
    const first = screen.getByLabelText('First wait (ms)') as HTMLInputElement;
    expect(first.type).toBe('number');
    expect(first.min).toBe('0');
    expect(first.max).toBe('10000');
    expect(first.value).toBe('800');
    const threads = screen.getByLabelText('Threads (workers)') as HTMLInputElement;
    expect(threads.max).toBe('8'); // 4 × 2 cores
    expect((screen.getByLabelText('Cancel the rest') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Simulated Python GIL') as HTMLInputElement).checked).toBe(false);
    for (const mode of modeIds(sleep)) expect(screen.getByRole('checkbox', { name: new RegExp(`^${mode}`) })).toBeTruthy();

    fireEvent.change(first, { target: { value: '300' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ params: expect.objectContaining({ first_ms: 300, second_ms: 900 }) }));
    // Out of range snaps to the limit; a fractional integer is rounded.
    fireEvent.change(first, { target: { value: '99999' } });
    expect(onChange.mock.lastCall![0].params.first_ms).toBe(10000);
    fireEvent.change(threads, { target: { value: '2.6' } });
    expect(onChange.mock.lastCall![0].threads).toBe(3);
    fireEvent.click(screen.getByRole('checkbox', { name: /^threads/ }));
    expect(onChange.mock.lastCall![0].modes).toEqual(['serial', 'coroutines', 'first-completed']);
  });

  it('offer the GIL only for a lesson whose modes honour it, naming them (its scenario says so)', () => {
    const shown = (id: string) => {
      const s = findScenario(id)!;
      const { container } = render(<Controls scenario={s} experiment={defaultExperiment(s, 2)} threadRange={threadRange(s, 2)} onChange={() => {}} />);
      const hint = container.querySelector('input[name="gil"]')?.closest('.control')?.querySelector('.hint')?.textContent;
      cleanup();
      return hint;
    };
    expect(shown('thread-safety')).toBeUndefined(); // its own gil mode; the switch would be ignored
    expect(shown('producer-consumer')).toBeUndefined();
    expect(shown('cpu-bound')).toMatch(/^threads: its threads hold one global lock/);
    expect(shown('distance-matrix')).toMatch(/^threads, pool: their threads hold/);
  });

  it('say how many threads this page runs at once, for this machine’s cores', () => {
    for (const [cores, limit] of [
      [2, 8],
      [1, 4],
      [8, 16],
    ]) {
      render(<Controls scenario={sleep} experiment={defaultExperiment(sleep, cores)} threadRange={threadRange(sleep, cores)} onChange={vi.fn()} />);
      expect(screen.getByText(new RegExp(`runs at most ${limit} threads at once`))).toBeTruthy();
      cleanup();
    }
  });

  it("disable a mode that runs natively only, with the scenario's reason", () => {
    const withNative = { ...sleep, modes: [...sleep.modes, { id: 'processes', native_only: 'children cannot wait here' }] };
    render(<Controls scenario={withNative} experiment={defaultExperiment(withNative, 2)} threadRange={threadRange(withNative, 2)} onChange={() => {}} />);
    const processes = screen.getByRole('checkbox', { name: /^processes/ }) as HTMLInputElement;
    expect(processes.disabled).toBe(true);
    expect(processes.closest('label')!.title).toBe('runs natively only (npm run cli): children cannot wait here');
    expect(processes.closest('label')!.textContent).toContain('native CLI only');
    expect((screen.getByRole('checkbox', { name: /^threads/ }) as HTMLInputElement).disabled).toBe(false);
  });

  it('disable thread modes with the reason when threads are unavailable', () => {
    render(
      <Controls
        scenario={sleep}
        experiment={defaultExperiment(sleep, 2)}
        threadRange={threadRange(sleep, 2)}
        threadsUnavailable="no isolation"
        onChange={() => {}}
      />,
    );
    const threads = screen.getByRole('checkbox', { name: /^threads/ }) as HTMLInputElement;
    expect(threads.disabled).toBe(true);
    expect(threads.closest('label')!.title).toBe('no isolation');
    expect((screen.getByRole('checkbox', { name: /^coroutines/ }) as HTMLInputElement).disabled).toBe(false);
  });
});

describe('user text is rendered as text', () => {
  it('shows an uploaded CSV’s name and the engine’s message about it without making HTML', () => {
    const { container } = render(
      <DataPanel
        scenario={distance}
        selected="five_locations.csv"
        upload={{ name: HOSTILE, text: 'a,1,2' }}
        error={`line 1: ${HOSTILE}`}
        onSelect={() => {}}
        onUpload={() => {}}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.data-name')!.textContent).toBe(HOSTILE);
    expect(screen.getByRole('alert').textContent).toBe(`line 1: ${HOSTILE}`);
  });

  it('shows URL values in the fallback notes as text', async () => {
    history.replaceState(null, '', `/?scenario=${encodeURIComponent(HOSTILE)}&first_ms=${encodeURIComponent(HOSTILE)}`);
    const { container } = render(<App loadEngine={async () => testEngine({})} scenarios={[sleep, distance]} defaultScenarioId="sleep" env={isolated} />);
    const note = screen.getByText(/Some settings in the link were not used/).closest('.note')!;
    expect(note.textContent).toContain(HOSTILE);
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('the playground page', () => {
  it('runs the chosen modes on the engine, shows results against the baseline, and keeps the URL in step', async () => {
    history.replaceState(null, '', '/?scenario=sleep&threads=2&modes=serial,threads&first_ms=800');
    const engine = testEngine({ serial: 1700, threads: 900 });
    render(<App loadEngine={async () => engine} scenarios={[sleep, distance]} defaultScenarioId="sleep" env={isolated} />);
    const run = await screen.findByRole('button', { name: 'Run all 2 modes' });
    await waitFor(() => expect((run as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(run);
    const row = await screen.findByRole('row', { name: /^threads/ });
    await screen.findByText('2 of 2 runs finished.');
    expect(row.textContent).toContain('900 ms');
    expect(row.textContent).toContain('1.89×');
    expect(engine.requests.map((r) => [r.mode, r.threads, r.params.first_ms])).toEqual([
      ['serial', 2, 800],
      ['threads', 2, 800],
    ]);
    expect(location.search).toBe('?scenario=sleep&threads=2&gil=0&modes=serial,threads&first_ms=800&second_ms=900&scale=1&cancel_rest=1');

    fireEvent.change(screen.getByLabelText('Second wait (ms)'), { target: { value: '1200' } });
    expect(new URLSearchParams(location.search).get('second_ms')).toBe('1200');
  });

  it('offers the Amdahl sweep only for a lesson whose work divides over threads (its scenario says so)', async () => {
    for (const [scenario, offered] of [
      [sleep, false],
      [distance, true],
    ] as const) {
      history.replaceState(null, '', `/?scenario=${scenario.id}`);
      render(<App loadEngine={async () => testEngine({})} scenarios={[sleep, distance]} defaultScenarioId="sleep" env={isolated} />);
      await screen.findByRole('button', { name: /^Run all/ });
      expect(screen.queryByText(/Sweep: speed-up against Amdahl/) !== null, scenario.id).toBe(offered);
      cleanup();
    }
  });

  it('copies the results as Markdown', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    history.replaceState(null, '', '/?scenario=sleep&modes=serial,coroutines&autorun=1');
    render(<App loadEngine={async () => testEngine({ serial: 1700, coroutines: 900 })} scenarios={[sleep]} defaultScenarioId="sleep" env={isolated} />);
    await screen.findByText('2 of 2 runs finished.');
    fireEvent.click(await screen.findByRole('button', { name: 'Copy results as Markdown' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledOnce());
    const md: string = writeText.mock.calls[0][0];
    expect(md).toContain('| coroutines | 2 | — | 900 ms | 1.89× |'); // coroutines run no threads that hold the GIL
    expect(md).toContain('autorun=1');
  });

  it('runs only the single-build modes without isolation and says why', async () => {
    history.replaceState(null, '', '/?scenario=sleep&autorun=1');
    const engine = testEngine({}, { flavour: 'single' });
    render(<App loadEngine={async () => engine} scenarios={[sleep]} defaultScenarioId="sleep" env={plain} />);
    await screen.findByRole('row', { name: /^first-completed/ });
    expect(engine.requests.map((r) => r.mode)).toEqual(['serial', 'coroutines', 'first-completed']);
    expect(screen.getByText(/Threads need SharedArrayBuffer/)).toBeTruthy();
    expect(screen.getByText(/Mode threads needs real threads \(WebAssembly pthreads\), which this page cannot use here; it is skipped/)).toBeTruthy();
  });

  it('shows an engine error next to the input file and offers the output CSV of a good run', async () => {
    history.replaceState(null, '', '/?scenario=distance-matrix&modes=serial,pool');
    const engine = testEngine({ serial: 5 }, { fail: { pool: `line 3, field latitude: ${HOSTILE} is not a number` } });
    const { container } = render(<App loadEngine={async () => engine} scenarios={[sleep, distance]} defaultScenarioId="sleep" env={isolated} />);
    const file = new File(['name,latitude,longitude\nA,1,2\n'], HOSTILE, { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText(/your own CSV/), { target: { files: [file] } });
    await waitFor(() => expect(container.querySelector('.data-name')!.textContent).toBe(HOSTILE));
    const run = screen.getByRole('button', { name: 'Run all 2 modes' });
    await waitFor(() => expect((run as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(run);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(`line 3, field latitude: ${HOSTILE} is not a number`);
    expect(engine.requests[0].inputCsv).toBe('name,latitude,longitude\nA,1,2\n');
    expect(screen.getByRole('button', { name: 'Download output CSV' })).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('results', () => {
  it('list the demo’s per-item latencies as text', async () => {
    const { Results } = await import('../../web/src/components/Results');
    const { newComparison } = await import('../../web/src/run/comparison');
    const c = newComparison(defaultExperiment(sleep, 2), ['threads']);
    c.runs[0].status = 'done';
    c.runs[0].output = {
      result: {
        mode: 'threads',
        threads: 2,
        gil: false,
        wall_ms: 900,
        per_item: [{ value: 225, text: 'processed value 225 after 0.88 s' }, { text: HOSTILE }],
      },
      lanes: [],
      spans: [],
    };
    const { container } = render(<Results scenario={sleep} comparison={c} settings="s" link="l" />);
    // Made only once opened: a list of 2 000 items rendered with the results was a long task.
    expect(container.querySelectorAll('details li')).toHaveLength(0);
    const details = container.querySelector('details')!;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    await waitFor(() => expect(container.querySelectorAll('details li')).toHaveLength(2));
    const items = [...container.querySelectorAll('details li')].map((li) => li.textContent);
    expect(items).toEqual(['processed value 225 after 0.88 s', HOSTILE]);
    expect(container.querySelector('img')).toBeNull();
  });
});

/** A finished comparison of `scenario` whose runs gave these results (the engine's fields included). */
async function finished(scenario: Scenario, results: Record<string, unknown>[]) {
  const { newComparison } = await import('../../web/src/run/comparison');
  const c = newComparison(
    defaultExperiment(scenario, 2),
    results.map((r) => String(r.mode)),
  );
  c.runs.forEach((run, i) => {
    run.status = 'done';
    run.output = { result: { threads: 2, gil: false, wall_ms: 100, ...results[i] } as RunOutput['result'], lanes: [], spans: [] };
  });
  return c;
}

/** The results table's body cells by row, with each speed-up cell's title. */
const tableRows = (container: Element) =>
  [...container.querySelectorAll('tbody tr')].map((tr) => ({
    cells: [...tr.children].map((cell) => cell.textContent),
    speedupTitle: tr.querySelector('.speedup')?.getAttribute('title') ?? undefined,
  }));

describe('results of modes that compute different things', () => {
  it('show no speed-up for a mode its scenario says is not compared, titled with why', async () => {
    const { Results } = await import('../../web/src/components/Results');
    const lesson = findScenario('thread-safety')!;
    const c = await finished(lesson, [
      { mode: 'deadlock', wall_ms: 110 },
      { mode: 'ordered', wall_ms: 500, speedup: 1 },
      { mode: 'try-lock', wall_ms: 520, speedup: 500 / 520 },
    ]);
    const { container } = render(<Results scenario={lesson} comparison={c} settings="s" link="l" />);
    const [deadlock, ordered, tryLock] = tableRows(container);
    const column = [...container.querySelectorAll('thead th')].findIndex((th) => th.textContent?.startsWith('speed-up'));
    expect(container.querySelectorAll('thead th')[column].textContent).toBe('speed-up vs ordered');
    expect(deadlock.cells[column]).toBe('—');
    expect(deadlock.speedupTitle).toBe('No speed-up: it ends when the engine detects the deadlock, not when the transfers are done');
    expect(tryLock.cells[column]).toBe('0.96×');
    expect(tryLock.speedupTitle).toBeUndefined();
    expect(ordered.cells[column]).toBe('baseline');
  });

  it('say "baseline" for the mode the others are measured against, with no range of speed-ups', async () => {
    const { Results } = await import('../../web/src/components/Results');
    const lesson = findScenario('cpu-bound')!;
    const c = await finished(lesson, [
      { mode: 'serial', wall_ms: 300, rounds: 3, shown_round: 2, median_ms: 300, range_ms: [290, 320] },
      { mode: 'threads', wall_ms: 160, rounds: 3, shown_round: 2, median_ms: 160, range_ms: [150, 170], speedup: 1.87, speedup_range: [1.8, 1.9] },
    ]);
    const { container } = render(<Results scenario={lesson} comparison={c} settings="s" link="l" />);
    const [serial, threads] = tableRows(container);
    expect(serial.cells).toContain('baseline');
    expect(serial.cells.join(' ')).not.toMatch(/1\.00×|speed-up ranged/);
    expect(threads.cells).toContain('1.87×');
  });

  it('show a baseline’s own speed-up where its scenario declares one (Amdahl’s pool against one thread)', async () => {
    const { Results } = await import('../../web/src/components/Results');
    const lesson = findScenario('amdahl')!;
    const c = await finished(lesson, [
      { mode: 'pool', wall_ms: 300, rounds: 3, shown_round: 2, median_ms: 300, range_ms: [290, 320], measured_speedup: 1.7, ceiling: 1.9 },
    ]);
    const { container } = render(<Results scenario={lesson} comparison={c} settings="s" link="l" />);
    const [pool] = tableRows(container);
    const headers = [...container.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers).toContain('speed-up vs one thread');
    expect(pool.cells[headers.indexOf('speed-up vs one thread')]).toBe('1.70×');
    expect(pool.cells.join(' ')).not.toMatch(/baseline|speed-up ranged/);
  });
});

describe('results with references', () => {
  it('show each quoted figure as a labelled row after the measured ones', async () => {
    const { Results } = await import('../../web/src/components/Results');
    const { newComparison } = await import('../../web/src/run/comparison');
    const scenario = { ...sleep, references: [{ label: 'asyncio', wall_ms: 16_200, params: { first_ms: 800 }, source: 'the course' }] };
    const c = newComparison(defaultExperiment(scenario, 2), ['threads']);
    c.runs[0].status = 'done';
    c.runs[0].output = { result: { mode: 'threads', threads: 2, gil: false, wall_ms: 900 }, lanes: [], spans: [] };
    const { container } = render(<Results scenario={scenario} comparison={c} settings="s" link="l" />);
    const rows = [...container.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent));
    expect(rows).toHaveLength(2);
    expect(rows[0][0]).toBe('threads');
    expect(rows[1]).toEqual(['asyncio', '—', '—', '16.20 s', '—', '—', 'reference: the course; first_ms=800']);
    expect(container.querySelector('tbody tr:last-child')?.classList.contains('reference')).toBe(true);
  });
});

describe('results on a narrow page', () => {
  /** Each body cell's data-label beside the header of its column, the row's own header left out. */
  const labelsAndHeaders = (container: Element) => {
    const headers = [...container.querySelectorAll('thead th')].map((th) => th.textContent);
    return [...container.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => ({ label: td.getAttribute('data-label'), header: headers[[...tr.children].indexOf(td)] })),
    );
  };

  it('label every cell with its column’s header, and keep the table’s roles for assistive technology', async () => {
    const { Results } = await import('../../web/src/components/Results');
    const lesson = findScenario('cpu-bound')!;
    const c = await finished(lesson, [
      { mode: 'serial', wall_ms: 300 },
      { mode: 'threads', wall_ms: 160, speedup: 1.87 },
    ]);
    const { container } = render(<Results scenario={lesson} comparison={c} settings="s" link="l" onExportTrace={() => {}} />);
    const rows = labelsAndHeaders(container);
    expect(rows).toHaveLength(2);
    for (const cells of rows) {
      expect(cells.map((c) => c.label)).toEqual(['threads', 'GIL', 'wall time', 'speed-up vs serial', 'utilisation', 'details', 'trace']);
      for (const { label, header } of cells) expect(label).toBe(header);
    }
    expect(screen.getByRole('table')).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['mode', ...rows[0].map((c) => c.label)]);
    expect(screen.getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['serial', 'threads']);
    expect(screen.getAllByRole('cell')).toHaveLength(14);
  });

  it('label the latency column and a reference row’s cells too; a "—" says why in its title', async () => {
    const { Results } = await import('../../web/src/components/Results');
    const scenario = { ...sleep, references: [{ label: 'asyncio', wall_ms: 16_200, params: {}, source: 'the course' }] };
    const c = await finished(scenario, [{ mode: 'threads', wall_ms: 900, latency_ms: { p50: 1, p95: 2, max: 3 } }]);
    const { container } = render(<Results scenario={scenario} comparison={c} settings="s" link="l" />);
    const [run, reference] = labelsAndHeaders(container);
    expect(run.map((c) => c.label)).toContain('latency p50 / p95 / max');
    for (const { label, header } of [...run, ...reference]) expect(label).toBe(header);
    const dashes = [...container.querySelectorAll('tbody tr.reference td')].filter((td) => td.textContent === '—');
    expect(dashes.length).toBeGreaterThan(0);
    for (const td of dashes) expect(td.getAttribute('title')).toMatch(/quoted from the course/);
  });

  it('say once, under the rows, what a "—" in the GIL column means: a mode that runs no GIL threads has no GIL line there', async () => {
    const { Results } = await import('../../web/src/components/Results');
    const lesson = findScenario('cpu-bound')!;
    const c = await finished(lesson, [
      { mode: 'serial', wall_ms: 300 },
      { mode: 'threads', wall_ms: 160, gil: true, speedup: 1.87 },
      { mode: 'coroutines', wall_ms: 310, speedup: 0.97 },
    ]);
    const { container } = render(<Results scenario={lesson} comparison={c} settings="s" link="l" />);
    const gilCell = (mode: string) => screen.getByRole('rowheader', { name: mode }).closest('tr')!.querySelector('td[data-label="GIL"]')!;
    // Out of sight when stacked (styles.css: blank), still in the table for a screen reader and at full width.
    for (const mode of ['serial', 'coroutines']) {
      expect(gilCell(mode).classList.contains('blank'), mode).toBe(true);
      expect(gilCell(mode).classList.contains('why'), mode).toBe(false);
      expect(gilCell(mode).textContent).toBe('—');
      expect(gilCell(mode).getAttribute('title')).toBe('This mode runs no threads that hold the GIL');
    }
    expect(gilCell('threads').classList.contains('blank')).toBe(false);
    expect(gilCell('threads').textContent).toBe('on');
    const notes = [...container.querySelectorAll('.column-note')].map((p) => p.textContent);
    expect(notes).toEqual(['A mode without a GIL line runs no threads that hold the GIL.']);
  });

  it('have no note for the GIL column where every row shows its GIL, or there is no GIL column', async () => {
    const { Results } = await import('../../web/src/components/Results');
    for (const [id, results] of [
      ['cpu-bound', [{ mode: 'threads', wall_ms: 160, speedup: 1.87 }]],
      ['thread-safety', [{ mode: 'unsafe' }, { mode: 'lock' }]],
    ] as const) {
      const lesson = findScenario(id)!;
      const { container, unmount } = render(<Results scenario={lesson} comparison={await finished(lesson, [...results])} settings="s" link="l" />);
      expect(container.querySelectorAll('.column-note'), id).toHaveLength(0);
      unmount();
    }
  });

  it('show no why-note twice in a column when stacked, in any lesson with all its modes: a note shared by rows is said once or not at all', async () => {
    const { Results } = await import('../../web/src/components/Results');
    const { scenarios } = await import('../../web/src/scenarios');
    for (const lesson of scenarios) {
      const c = await finished(
        lesson,
        modeIds(lesson).map((mode) => ({ mode })),
      );
      const { container, unmount } = render(<Results scenario={lesson} comparison={c} settings="s" link="l" />);
      // What the stacked layout shows beside a cell's value (styles.css: td.why::after), by column.
      const shown = [...container.querySelectorAll('tbody td.why:not(.blank)')].map((td) => `${td.getAttribute('data-label')}: ${td.getAttribute('title')}`);
      expect(shown.length, `${lesson.id}: ${shown.join(' | ')}`).toBe(new Set(shown).size);
      unmount();
    }
  });
});

describe('replay controls', () => {
  it('step to the next and previous event and describe it in words', () => {
    const store = new SpanStore();
    store.setLanes([{ id: 2, name: 'worker 2', kind: 'thread' }]);
    store.add([
      { lane: 2, state: 'running', start_us: 0, end_us: 12_300, label: '', site: '' },
      { lane: 2, state: 'waiting_for_gil', start_us: 12_300, end_us: 20_000, label: '', site: '' },
    ]);
    let playhead: number | undefined;
    const tracks = [{ mode: 'threads', store }];
    const view = () => (
      <ReplayPanel
        tracks={tracks}
        version="1"
        end_us={20_000}
        playhead={playhead}
        onPlayhead={(t) => {
          playhead = t;
        }}
      />
    );
    const { rerender } = render(view());
    const next = screen.getByRole('button', { name: 'Next event' });
    fireEvent.click(next);
    rerender(view());
    expect(playhead).toBe(0);
    fireEvent.click(next);
    rerender(view());
    expect(playhead).toBe(12_300);
    expect(screen.getByText('worker 2 went from running to waiting for the GIL at 12.3 ms')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Previous event' }));
    rerender(view());
    expect(screen.getByText('worker 2 started running at 0 µs')).toBeTruthy();
  });
});

describe('sweep chart', () => {
  it('plots one point per measurement and the Amdahl curve', () => {
    const { container } = render(
      <SweepChart
        points={[
          { threads: 1, speedup: 1 },
          { threads: 2, speedup: 1.7 },
          { threads: 4, speedup: 2.5 },
        ]}
        fraction={0.2}
      />,
    );
    expect(container.querySelectorAll('circle')).toHaveLength(3);
    expect(container.querySelector('path.amdahl')).not.toBeNull();
    expect(container.querySelector('svg')!.getAttribute('aria-label')).toContain('20.0 %');
  });
});
