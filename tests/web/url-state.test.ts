import { describe, expect, it } from 'vitest';
import { defaultExperiment, parseQuery, toQuery } from '../../web/src/state/url';
import { distance, sleep } from './fixtures';
import { modeIds } from '../../web/src/state/modes';

const scenarios = [sleep, distance];
const cores = 2;

describe('URL state', () => {
  it('round-trips every parameter through the query string', () => {
    const experiment = {
      ...defaultExperiment(sleep, cores),
      threads: 4,
      gil: true,
      modes: ['serial', 'threads'],
      params: { first_ms: 300, second_ms: 1200, scale: 0.5, cancel_rest: false },
    };
    const query = toQuery(experiment, sleep, true);
    expect(query).toBe('?scenario=sleep&threads=4&gil=1&modes=serial,threads&first_ms=300&second_ms=1200&scale=0.5&cancel_rest=0&autorun=1');
    const parsed = parseQuery(query, scenarios, 'sleep', cores);
    expect(parsed.notes).toEqual([]);
    expect(parsed.autorun).toBe(true);
    expect(parsed.experiment).toEqual(experiment);
  });

  it('keeps the data file of a distance-matrix link', () => {
    const parsed = parseQuery('?scenario=distance-matrix&data=many_locations.csv', scenarios, 'sleep', cores);
    expect(parsed.experiment.data).toBe('many_locations.csv');
    expect(parseQuery(toQuery(parsed.experiment, distance), scenarios, 'sleep', cores).experiment).toEqual(parsed.experiment);
  });

  it('falls back to defaults for invalid values, with a note naming each parameter', () => {
    const { experiment, notes, autorun } = parseQuery(
      '?scenario=sleep&threads=-3&gil=maybe&first_ms=NaN&second_ms=1e308&scale=abc&cancel_rest=2&modes=serial,warp&bogus=1',
      scenarios,
      'sleep',
      cores,
    );
    const defaults = defaultExperiment(sleep, cores);
    expect(experiment.threads).toBe(defaults.threads);
    expect(experiment.gil).toBe(false);
    expect(experiment.params).toEqual(defaults.params);
    expect(experiment.modes).toEqual(['serial']);
    expect(autorun).toBe(false);
    for (const name of ['threads', 'gil', 'first_ms', 'second_ms', 'scale', 'cancel_rest', 'warp', 'bogus']) {
      expect(
        notes.some((n) => n.includes(name)),
        `a note names ${name}`,
      ).toBe(true);
    }
    expect(notes.find((n) => n.startsWith('threads'))).toBe('threads="-3" is not a whole number from 1 to 8; using 2.');
    expect(notes.find((n) => n.startsWith('first_ms'))).toBe('first_ms="NaN" is not a whole number from 0 to 10000 ms; using 800.');
  });

  it('caps threads at four times the cores', () => {
    expect(parseQuery('?threads=8', scenarios, 'sleep', cores).experiment.threads).toBe(8);
    expect(parseQuery('?threads=9', scenarios, 'sleep', cores).notes).toHaveLength(1);
  });

  it('shows the default scenario with a message for an unknown one, and shortens long values', () => {
    const long = 'x'.repeat(5000);
    const { experiment, notes } = parseQuery(`?scenario=${long}`, scenarios, 'sleep', cores);
    expect(experiment.scenario).toBe('sleep');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('There is no scenario called');
    expect(notes[0].length).toBeLessThan(200);
  });

  it('runs all modes when none of the listed ones exist', () => {
    const { experiment, notes } = parseQuery('?modes=', scenarios, 'sleep', cores);
    expect(experiment.modes).toEqual(modeIds(sleep));
    expect(notes).toHaveLength(1);
  });
});
