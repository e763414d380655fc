// One row per finished run: the numbers the results table, the Markdown copy and
// the tests agree on.
import type { RunOutput, Scenario, ScenarioReference } from '../engine/types';
import { comparedWith, gilModes, honoursGil, notCompared, ownSpeedup } from '../state/modes';
import { describedField, fieldText, times } from './fields';

export interface Latency {
  p50: number;
  p95: number;
  max: number;
}

export interface ResultRow {
  mode: string;
  threads: number;
  gil: boolean;
  /** Whether the mode's threads hold the GIL when asked (its scenario's honours_gil). */
  honoursGil: boolean;
  wall_ms: number;
  /** The mode this row's speed-up is measured against (its compared_with, else the scenario's baseline);
   *  undefined when the scenario says it computes something else. */
  comparedWith?: string;
  /** Why the row has no speed-up, when the scenario says it computes something else (not_compared). */
  notCompared?: string;
  /** A baseline's own speed-up (its scenario's own_speedup: Amdahl's pool against one thread), when it reports one. */
  own?: { speedup: number; against: string };
  /** That mode's wall time / this wall time (the median round's ratio); undefined when that mode did not run. */
  speedup?: number;
  /** Share of lane time spent running, 0…1. */
  utilisation?: number;
  latency?: Latency;
}

function latencyOf(value: unknown): Latency | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { p50, p95, max } = value as Record<string, unknown>;
  return typeof p50 === 'number' && typeof p95 === 'number' && typeof max === 'number' ? { p50, p95, max } : undefined;
}

/** Per-lane busy share as the demos measure it: result.lanes = [{lane, busy_ms, utilisation}]. */
export function laneUtilisation(output: RunOutput): { lane: string; utilisation: number }[] {
  const lanes = output.result.lanes;
  if (!Array.isArray(lanes)) return [];
  return lanes
    .filter((l): l is { lane: unknown; utilisation: number } => typeof l?.utilisation === 'number' && Number.isFinite(l.utilisation))
    .map((l) => ({ lane: String(l.lane ?? ''), utilisation: l.utilisation }));
}

const fromTrace = new WeakMap<RunOutput, number | undefined>();

/** The engine's own utilisation when it reports one (overall, or the mean over its lanes),
 *  else running time over lane time from the trace (computed once per run: it visits every span). */
export function utilisationOf(output: RunOutput): number | undefined {
  if (fromTrace.has(output)) return fromTrace.get(output);
  const value = computeUtilisation(output);
  fromTrace.set(output, value);
  return value;
}

function computeUtilisation(output: RunOutput): number | undefined {
  const reported = output.result.utilisation;
  if (typeof reported === 'number' && Number.isFinite(reported)) return reported;
  const measured = laneUtilisation(output);
  if (measured.length) return measured.reduce((sum, l) => sum + l.utilisation, 0) / measured.length;
  const wall = output.result.wall_ms * 1000;
  const lanes = new Set(output.spans.map((s) => s.lane)).size;
  if (!(wall > 0) || lanes === 0) return undefined;
  let running = 0;
  for (const s of output.spans) if (s.state === 'running') running += s.end_us - s.start_us;
  return Math.min(running / (wall * lanes), 1);
}

function ownOf(o: RunOutput, spec?: { field: string; against: string }): ResultRow['own'] {
  const value = spec && o.result[spec.field];
  return typeof value === 'number' && Number.isFinite(value) ? { speedup: value, against: spec!.against } : undefined;
}

/** Rows for finished runs. The speed-up is the engine's (Engine.roundsSummary: the median of
 *  same-round ratios, made once for the CLIs and the page), undefined when it has none. */
export function summarise(outputs: RunOutput[], scenario: Pick<Scenario, 'modes' | 'baseline'>): ResultRow[] {
  return outputs.map((o) => {
    const against = comparedWith(scenario, o.result.mode);
    const { speedup } = o.result;
    return {
      mode: o.result.mode,
      threads: o.result.threads,
      gil: o.result.gil,
      honoursGil: honoursGil(scenario, o.result.mode),
      wall_ms: o.result.wall_ms,
      comparedWith: against,
      notCompared: notCompared(scenario, o.result.mode),
      own: ownOf(o, ownSpeedup(scenario, o.result.mode)),
      speedup: typeof speedup === 'number' ? speedup : undefined,
      utilisation: utilisationOf(o),
      latency: latencyOf(o.result.latency_ms),
    };
  });
}

/** A speed-up cell: its text, and a title saying why a row has none. */
export interface SpeedupCell {
  text: string;
  title?: string;
}

/** The speed-up column: "speed-up vs serial" when every row with a speed-up is measured against
 *  the same mode (the scenario's baseline when there are none), else "speed-up" with the mode
 *  named in each cell ("1.85× vs recursive-serial"). A baseline (a mode compared with itself)
 *  says so instead of 1.00×; a row that computes something else shows "—", titled with why. */
export function speedupColumn(rows: ResultRow[], baseline: string): { shown: boolean; header: string; cell: (row: ResultRow) => SpeedupCell } {
  const isBaseline = (r: ResultRow) => r.comparedWith === r.mode && r.own === undefined;
  /** What a row's speed-up is against: its compared_with, or what its own speed-up is against. */
  const againstOf = (r: ResultRow) => r.own?.against ?? r.comparedWith;
  const compared = rows.filter((r) => r.comparedWith !== undefined && !isBaseline(r));
  const against = new Set(compared.map(againstOf));
  const shared = against.size <= 1 ? (compared.length ? againstOf(compared[0]) : baseline) : undefined;
  return {
    // No column when no row has a speed-up to show (every mode says why: a server runs as long as its requests arrive).
    shown: !rows.every((r) => r.notCompared !== undefined),
    header: shared ? `speed-up vs ${shared}` : 'speed-up',
    cell: (r) => {
      if (r.notCompared !== undefined) return { text: '—', title: `No speed-up: ${r.notCompared}` };
      if (isBaseline(r)) return { text: 'baseline', title: 'The speed-ups of the other modes are measured against this one' };
      const speedup = r.own?.speedup ?? r.speedup;
      return { text: shared || speedup === undefined ? fmtSpeedup(speedup) : `${fmtSpeedup(speedup)} vs ${againstOf(r)}` };
    },
  };
}

/** The GIL column's cell, or undefined when the lesson has no mode that honours the GIL (the
 *  column would say nothing); "—" for a mode that runs without it whatever the switch says. */
export function gilColumn(scenario: Pick<Scenario, 'modes'>): ((row: ResultRow) => string) | undefined {
  if (gilModes(scenario).length === 0) return undefined;
  return (r) => (r.honoursGil ? (r.gil ? 'on' : 'off') : '—');
}

/** A reference row's note: where the figure comes from and what it was measured with
 *  ("reference: the course's measurement, Python asyncio; actions=500000"). */
export const referenceNote = (r: ScenarioReference): string => {
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`);
  return `reference: ${r.source}${params.length ? `; ${params.join(', ')}` : ''}`;
};

export const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`);
export const fmtSpeedup = (s?: number): string => (s === undefined ? '—' : times(s));
export const fmtPercent = (u?: number): string => (u === undefined ? '—' : `${Math.round(u * 100)} %`);
export const fmtLatency = (l?: Latency): string => (l ? `${fmtMs(l.p50)} / ${fmtMs(l.p95)} / ${fmtMs(l.max)}` : '—');

const SHOWN = new Set([
  'mode',
  'speedup',
  'median_ms',
  'spread_note',
  'threads',
  'gil',
  'wall_ms',
  'lanes',
  'latency_ms',
  'utilisation',
  'per_item',
  'per_item_listed',
  'span_limit',
  'spans_not_recorded',
]);

/** When a run recorded more spans than the engine keeps (wasm/bindings/run_session.cpp), what its
 *  timeline leaves out; undefined when the timeline holds the whole run. */
export function spanLimitNote(result: Record<string, unknown>): string | undefined {
  const { span_limit: limit, spans_not_recorded: left } = result;
  if (typeof limit !== 'number' || typeof left !== 'number') return undefined;
  const n = (x: number) => x.toLocaleString('en-US').replaceAll(',', ' ');
  return `the timeline shows the first ${n(limit)} spans of this run: the engine keeps at most ${n(limit)} per run, and ${n(left)} more were not recorded`;
}

/** The demo's own result fields (actions per second, completion_order…) as short text, named
 *  and with units as the lesson talks about them (fields.ts), leaving out `skip` (the
 *  scenario's parameters, which the reader set). */
export function extraFields(result: Record<string, unknown>, skip: Iterable<string> = []): string {
  const parts: string[] = [];
  const skipped = new Set(skip);
  for (const [key, value] of Object.entries(result)) {
    if (SHOWN.has(key) || skipped.has(key)) continue;
    const text = fieldText(key, value);
    if (text) parts.push(text);
  }
  return parts.join(' · ');
}

/** The fields extraFields would show under their engine name (no label in fields.ts): a new
 *  result field must say what it is to a learner, or be left out on purpose. */
export function unlabelledFields(result: Record<string, unknown>, skip: Iterable<string> = []): string[] {
  const skipped = new Set(skip);
  return Object.entries(result)
    .filter(([key, value]) => !SHOWN.has(key) && !skipped.has(key) && !describedField(key) && fieldText(key, value) !== undefined)
    .map(([key]) => key);
}
