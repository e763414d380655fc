// "What to notice": the lesson's claims. They are about its defaults (each is
// checked there by tests/node/notice.test.ts), so when the reader's settings
// differ, one line says which: "about 1.7 s" is not to be read against a run
// at time scale 0.25.
import type { Scenario } from '../engine/types';
import type { Value } from '../state/params';

type Params = Record<string, Value>;

const valueText = (v: number | boolean): string => (typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));

/** The settings that differ from the lesson's defaults, as "Time scale 0.25". */
export function changedSettings(scenario: Scenario, params: Params, threads?: number): string[] {
  const changed = Object.entries(scenario.parameters)
    .filter(([key, spec]) => params[key] !== undefined && params[key] !== spec.default)
    .map(([key, spec]) => `${spec.label} ${valueText(params[key])}`);
  if (scenario.threads && threads !== undefined && threads !== scenario.threads.default) changed.unshift(`threads ${threads}`);
  return changed;
}

export function NoticeList({ scenario, params, threads }: { scenario: Scenario; params: Params; threads?: number }) {
  const changed = changedSettings(scenario, params, threads);
  return (
    <>
      <ul>
        {scenario.notice.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
      </ul>
      {changed.length > 0 && <p class="note">These notes are about the lesson’s defaults; this run has {changed.join(', ')}.</p>}
    </>
  );
}
