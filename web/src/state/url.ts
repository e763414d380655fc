// The experiment lives in the URL, with the same parameter names as the scenario
// files and the CLI: ?scenario=sleep&threads=4&gil=1&modes=serial,threads&first_ms=800
// Anything invalid falls back to its default with a note naming it.
import type { Scenario } from '../engine/types';
import { hasMode, modeIds } from './modes';
import { type Value, defaultParams, describeRange, formatValue, parseValue, threadRange, threadSpec } from './params';

export interface Experiment {
  scenario: string;
  threads: number;
  gil: boolean;
  modes: string[];
  params: Record<string, Value>;
  /** Name of a shipped data file (distance matrix), when the scenario has data. */
  data?: string;
}

export interface Parsed {
  experiment: Experiment;
  autorun: boolean;
  notes: string[];
}

const RESERVED = new Set(['scenario', 'threads', 'gil', 'modes', 'autorun', 'data']);

/** Shows at most 40 characters of a value that came from outside. */
const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

export function defaultExperiment(scenario: Scenario, cores: number): Experiment {
  return {
    scenario: scenario.id,
    threads: threadRange(scenario, cores).default,
    gil: scenario.gil ?? false,
    modes: modeIds(scenario),
    params: defaultParams(scenario),
    data: scenario.data?.[0]?.split('/').pop(),
  };
}

export function parseQuery(search: string, scenarios: Scenario[], defaultId: string, cores: number): Parsed {
  const query = new URLSearchParams(search);
  const notes: string[] = [];
  const wanted = query.get('scenario');
  let scenario = scenarios.find((s) => s.id === (wanted ?? defaultId));
  const fallback = scenarios.find((s) => s.id === defaultId) ?? scenarios[0];
  const knownScenario = scenario !== undefined;
  if (!scenario) {
    notes.push(`There is no scenario called ${quote(wanted ?? '')}; showing “${fallback.title}” instead.`);
    scenario = fallback;
  }
  const experiment = defaultExperiment(scenario, cores);

  const threads = query.get('threads');
  if (threads !== null) {
    const range = threadRange(scenario, cores);
    const value = parseValue(threadSpec(range), threads);
    if (typeof value === 'number') experiment.threads = value;
    else notes.push(`threads=${quote(threads)} is not ${describeRange(threadSpec(range))}; using ${range.default}.`);
  }

  const gil = query.get('gil');
  if (gil !== null) {
    const value = parseValue({ type: 'boolean', default: false, label: 'GIL' }, gil);
    if (typeof value === 'boolean') experiment.gil = value;
    else notes.push(`gil=${quote(gil)} is not on or off (1 or 0); using ${experiment.gil ? 'on' : 'off'}.`);
  }

  const modes = query.get('modes');
  if (modes !== null) {
    const list = modes
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    const unknown = list.filter((m) => !hasMode(scenario!, m));
    const known = modeIds(scenario).filter((m) => list.includes(m));
    if (unknown.length)
      notes.push(
        `modes: ${unknown.map(quote).join(', ')} ${unknown.length === 1 ? 'is not a mode' : 'are not modes'} of this scenario (it has ${modeIds(scenario).join(', ')}).`,
      );
    if (known.length) experiment.modes = known;
    else notes.push(`No known mode in modes=${quote(modes)}; running all modes.`);
  }

  const data = query.get('data');
  if (data !== null) {
    const names = (scenario.data ?? []).map((d) => d.split('/').pop());
    if (names.includes(data)) experiment.data = data;
    else notes.push(`data=${quote(data)} is not a data file of this scenario${names.length ? ` (it has ${names.join(', ')})` : ''}.`);
  }

  for (const [name, text] of query) {
    if (RESERVED.has(name)) continue;
    const spec = scenario.parameters?.[name];
    if (!spec) {
      // A parameter of the scenario asked for is worth naming; after an unknown scenario it is expected.
      if (knownScenario) notes.push(`${quote(name)} is not a parameter of “${scenario.title}”; ignored.`);
      continue;
    }
    const value = parseValue(spec, text);
    if (value === undefined) notes.push(`${name}=${quote(text)} is not ${describeRange(spec)}; using ${formatValue(spec.default)}.`);
    else experiment.params[name] = value;
  }

  const autorun = query.get('autorun') === '1' || query.get('autorun') === 'true';
  return { experiment, autorun, notes };
}

/** The query string for an experiment: every parameter, in a stable order. */
export function toQuery(e: Experiment, scenario: Scenario, autorun = false): string {
  const q = new URLSearchParams();
  q.set('scenario', e.scenario);
  q.set('threads', String(e.threads));
  q.set('gil', e.gil ? '1' : '0');
  q.set('modes', e.modes.join(','));
  if (e.data) q.set('data', e.data);
  for (const name of Object.keys(scenario.parameters ?? {})) {
    if (e.params[name] !== undefined) q.set(name, formatValue(e.params[name]));
  }
  if (autorun) q.set('autorun', '1');
  return `?${q.toString().replace(/%2C/g, ',')}`;
}
