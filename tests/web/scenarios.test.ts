import { describe, expect, it } from 'vitest';
import { defaultScenarioId, loadDataFile, scenarios } from '../../web/src/scenarios';
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

  it('ship their data files with the site', async () => {
    for (const s of scenarios) for (const path of s.data ?? []) expect((await loadDataFile(path)).split('\n')[0]).toMatch(/,/);
    await expect(loadDataFile('data/missing.csv')).rejects.toThrow('not shipped');
  });
});
