import { describe, expect, it } from 'vitest';
import { defaultScenarioId, isScenario, loadDataFile, scenarios } from '../../web/src/scenarios';
import { comparedWith, hasMode, modeIds, needsThreads, notCompared } from '../../web/src/state/modes';
import { defaultExperiment, parseQuery, toQuery } from '../../web/src/state/url';

describe('the shipped scenarios', () => {
  it('are bundled in the order of the lessons, starting with sleep', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(7);
    expect(scenarios[0].id).toBe('sleep');
    expect(defaultScenarioId).toBe('sleep');
  });

  it('each round-trip their defaults through the URL without a note', () => {
    for (const s of scenarios) {
      const e = defaultExperiment(s, 2);
      const parsed = parseQuery(toQuery(e, s), scenarios, defaultScenarioId, 2);
      expect(parsed.notes, s.id).toEqual([]);
      expect(parsed.experiment, s.id).toEqual(e);
    }
  });

  it('say which modes need threads and what each is compared with, naming modes they have', () => {
    const needing = scenarios.flatMap((s) =>
      modeIds(s)
        .filter((m) => needsThreads(s, m))
        .map((m) => `${s.id}.${m}`),
    );
    expect(needing).toContain('sleep.threads');
    expect(needing).toContain('distance-matrix.pool');
    expect(needing).not.toContain('sleep.coroutines');
    for (const s of scenarios) {
      expect(hasMode(s, s.baseline), s.id).toBe(true);
      for (const m of modeIds(s)) {
        const against = comparedWith(s, m);
        if (against !== undefined) expect(hasMode(s, against), `${s.id}.${m}`).toBe(true);
      }
    }
  });

  it('ship their data files with the site', async () => {
    for (const s of scenarios) for (const path of s.data ?? []) expect((await loadDataFile(path)).split('\n')[0]).toMatch(/,/);
    await expect(loadDataFile('data/missing.csv')).rejects.toThrow('not shipped');
  });
});

describe('mode facts', () => {
  const lesson = {
    baseline: 'serial',
    modes: [
      { id: 'serial' },
      { id: 'pool', needs_threads: true },
      { id: 'recursive-serial' },
      { id: 'recursive-coroutines', compared_with: 'recursive-serial' },
      { id: 'deadlock', not_compared: 'it ends when the deadlock is detected' },
    ],
  };

  it('come from the scenario, not from the mode names', () => {
    expect(needsThreads(lesson, 'pool')).toBe(true);
    expect(needsThreads(lesson, 'serial')).toBe(false);
    expect(needsThreads({ modes: [{ id: 'threads' }] }, 'threads')).toBe(false);
    expect(needsThreads(lesson, 'missing')).toBe(false);
    expect(comparedWith(lesson, 'recursive-coroutines')).toBe('recursive-serial');
    expect(comparedWith(lesson, 'pool')).toBe('serial');
    expect(comparedWith(lesson, 'deadlock')).toBeUndefined();
    expect(notCompared(lesson, 'deadlock')).toBe('it ends when the deadlock is detected');
    expect(notCompared(lesson, 'pool')).toBeUndefined();
  });

  it('are read only from modes written as objects', () => {
    const scenario = { id: 'x', title: 'x', baseline: 'serial', parameters: {}, notice: [] };
    expect(isScenario({ ...scenario, modes: lesson.modes })).toBe(true);
    expect(isScenario({ ...scenario, modes: ['serial'] })).toBe(false);
    expect(isScenario({ ...scenario, modes: [{ id: 'serial', needs_threads: 'yes' }] })).toBe(false);
    expect(isScenario({ ...scenario, modes: [] })).toBe(false);
  });
});
