// Parameter values: defaults from the scenario, validation of text (URL, inputs)
// against a parameter's spec, and the words for its allowed range.
import type { ParameterSpec, Scenario } from '../engine/types';

export type Value = number | boolean;

export interface ThreadRange {
  min: number;
  max: number;
  default: number;
  /** The most threads a run may keep busy at once here (threadLimit). */
  limit: number;
}

/** The engine's pthread pool holds at most this many run threads (maxRunThreads in web/src/engine/index.ts). */
export const ENGINE_THREAD_CAP = 16;

/** The most threads a run may keep busy at once in this page: four per core, at most ENGINE_THREAD_CAP
 *  (the engine refuses a run that needs more, naming the settings to lower: wasm/run/request.cpp). */
export const threadLimit = (cores: number): number => Math.min(ENGINE_THREAD_CAP, Math.max(1, 4 * Math.max(1, Math.floor(cores))));

/** Thread count range: the scenario's, capped at the page's thread limit. */
export function threadRange(scenario: Scenario, cores: number): ThreadRange {
  const cap = threadLimit(cores);
  const min = Math.max(1, scenario.threads?.min ?? 1);
  const max = Math.max(min, Math.min(scenario.threads?.max ?? cap, cap));
  const wanted = scenario.threads?.default ?? Math.max(1, Math.floor(cores));
  return { min, max, default: Math.min(Math.max(wanted, min), max), limit: cap };
}

export const threadSpec = (r: ThreadRange): ParameterSpec => ({
  type: 'integer',
  default: r.default,
  min: r.min,
  max: r.max,
  label: 'Threads',
});

export function defaultParams(scenario: Scenario): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [name, spec] of Object.entries(scenario.parameters ?? {})) out[name] = spec.default;
  return out;
}

/** "a whole number from 1 to 8 ms", "on or off". */
export function describeRange(spec: ParameterSpec): string {
  if (spec.type === 'boolean') return 'on or off (1 or 0)';
  const kind = spec.type === 'integer' ? 'a whole number' : 'a number';
  const unit = spec.unit ? ` ${spec.unit}` : '';
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}${unit}`;
  if (spec.min !== undefined) return `${kind} of at least ${spec.min}${unit}`;
  if (spec.max !== undefined) return `${kind} of at most ${spec.max}${unit}`;
  return kind;
}

/** Parses text for a parameter; undefined when it is not a valid value of that spec. */
export function parseValue(spec: ParameterSpec, text: string): Value | undefined {
  const t = text.trim().toLowerCase();
  if (spec.type === 'boolean') {
    if (t === '1' || t === 'true' || t === 'on' || t === 'yes') return true;
    if (t === '0' || t === 'false' || t === 'off' || t === 'no') return false;
    return undefined;
  }
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) return undefined;
  if (spec.type === 'integer' && !Number.isInteger(n)) return undefined;
  if (spec.min !== undefined && n < spec.min) return undefined;
  if (spec.max !== undefined && n > spec.max) return undefined;
  return n;
}

export const formatValue = (v: Value): string => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
