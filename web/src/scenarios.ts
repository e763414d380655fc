// Every scenario file in scenarios/, bundled at build time (no request at run time),
// and the data files they ship (distance-matrix CSVs), loaded on demand.
import type { ModeSpec, Scenario } from './engine/types';

const files = import.meta.glob<Scenario>('../../scenarios/*.json', { eager: true, import: 'default' });
const dataFiles = import.meta.glob<string>('../../scenarios/data/*.csv', { query: '?raw', import: 'default' });

/** The course's order of the lessons (DESIGN.md); scenarios not listed follow by id. */
const LESSON_ORDER = ['sleep', 'io-requests', 'cpu-bound', 'distance-matrix', 'producer-consumer', 'event-loop', 'amdahl', 'thread-safety', 'server-load'];
const rank = (id: string) => (LESSON_ORDER.includes(id) ? LESSON_ORDER.indexOf(id) : LESSON_ORDER.length);

const isModeSpec = (m: unknown): m is ModeSpec => {
  if (!m || typeof m !== 'object') return false;
  const { id, needs_threads, compared_with } = m as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    (needs_threads === undefined || typeof needs_threads === 'boolean') &&
    (compared_with === undefined || typeof compared_with === 'string')
  );
};

/** A scenario file the page can use: an id, and modes as objects ({id, needs_threads?, compared_with?}). */
export const isScenario = (s: unknown): s is Scenario =>
  Boolean(s) &&
  typeof (s as Scenario).id === 'string' &&
  Array.isArray((s as Scenario).modes) &&
  (s as Scenario).modes.length > 0 &&
  (s as Scenario).modes.every(isModeSpec);

/** Every valid scenario, in the order of the lessons. */
export const scenarios: Scenario[] = Object.values(files)
  .filter(isScenario)
  .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));

export const defaultScenarioId = scenarios.find((s) => s.id === 'sleep')?.id ?? scenarios[0]?.id ?? '';

export function findScenario(id: string, list: Scenario[] = scenarios): Scenario | undefined {
  return list.find((s) => s.id === id);
}

/** The file name shown to the reader for a scenario data path ("data/five_locations.csv"). */
export function dataName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** The CSV text of a shipped data file, by the path a scenario lists. */
export async function loadDataFile(path: string): Promise<string> {
  const loader = dataFiles[`../../scenarios/${path}`];
  if (!loader) throw new Error(`The data file ${path} is not shipped with the site.`);
  return loader();
}
