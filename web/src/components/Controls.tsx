// Parameter controls generated from the scenario's parameter specs, plus thread
// count, the simulated GIL and the modes to compare.
import type { ParameterSpec, Scenario } from '../engine/types';
import { type ThreadRange, type Value, describeRange } from '../state/params';
import { gilModes, hasMode, modeIds, notOnThisPage } from '../state/modes';
import type { Experiment } from '../state/url';

interface Props {
  scenario: Scenario;
  experiment: Experiment;
  threadRange: ThreadRange;
  /** Why thread modes cannot run here; undefined when they can. */
  threadsUnavailable?: string;
  disabled?: boolean;
  onChange: (experiment: Experiment) => void;
}

function NumberControl({
  name,
  spec,
  value,
  disabled,
  onValue,
}: {
  name: string;
  spec: ParameterSpec;
  value: number;
  disabled?: boolean;
  onValue: (v: number) => void;
}) {
  const id = `param-${name}`;
  return (
    <div class="control">
      <label for={id}>
        {spec.label}
        {spec.unit ? ` (${spec.unit})` : ''}
      </label>
      <input
        id={id}
        name={name}
        type="number"
        inputMode={spec.type === 'integer' ? 'numeric' : 'decimal'}
        min={spec.min}
        max={spec.max}
        step={spec.type === 'integer' ? 1 : 'any'}
        value={value}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const input = e.currentTarget;
          const n = Number(input.value);
          // Out-of-range or non-integer input snaps back into the allowed range.
          if (input.value === '' || !Number.isFinite(n)) {
            input.value = String(value);
            return;
          }
          let v = Math.min(Math.max(n, spec.min ?? -Infinity), spec.max ?? Infinity);
          if (spec.type === 'integer') v = Math.round(v);
          input.value = String(v);
          onValue(v);
        }}
      />
      <span class="hint" id={`${id}-hint`}>
        {spec.description ? `${spec.description} ` : ''}({describeRange(spec)})
      </span>
    </div>
  );
}

function BooleanControl({
  name,
  spec,
  value,
  disabled,
  onValue,
}: {
  name: string;
  spec: ParameterSpec;
  value: boolean;
  disabled?: boolean;
  onValue: (v: boolean) => void;
}) {
  const id = `param-${name}`;
  return (
    <div class="control">
      <label>
        <input id={id} name={name} type="checkbox" checked={value} disabled={disabled} onChange={(e) => onValue(e.currentTarget.checked)} /> {spec.label}
      </label>
      {spec.description && <span class="hint">{spec.description}</span>}
    </div>
  );
}

export function Controls({ scenario, experiment, threadRange, threadsUnavailable, disabled, onChange }: Props) {
  const set = (patch: Partial<Experiment>) => onChange({ ...experiment, ...patch });
  const setParam = (name: string, value: Value) => set({ params: { ...experiment.params, [name]: value } });
  const withGil = gilModes(scenario);
  const hasThreadModes = scenario.modes.some((m) => m.needs_threads === true) || hasMode(scenario, 'processes');
  return (
    <fieldset disabled={disabled} class="parameters">
      <legend>Parameters</legend>
      <div class="controls">
        {hasThreadModes && (
          <NumberControl
            name="threads"
            spec={{
              type: 'integer',
              default: threadRange.default,
              min: threadRange.min,
              max: threadRange.max,
              label: 'Threads',
              unit: 'workers',
              description: `Workers for thread, pool and processes modes. This page runs at most ${threadRange.limit} threads at once (4 per core, at most 16): a run that needs more, counting every thread it starts (producers and consumers too), is refused before it starts.`,
            }}
            value={experiment.threads}
            onValue={(threads) => set({ threads })}
          />
        )}
        {withGil.length > 0 && (
          <div class="control">
            <label>
              <input type="checkbox" name="gil" checked={experiment.gil} onChange={(e) => set({ gil: e.currentTarget.checked })} /> Simulated Python GIL
            </label>
            <span class="hint">
              {withGil.join(', ')}: {withGil.length === 1 ? 'its threads hold' : 'their threads hold'} one global lock for CPU work and hand it over every 5 ms,
              like CPython.
            </span>
          </div>
        )}
        {Object.entries(scenario.parameters ?? {}).map(([name, spec]) =>
          spec.type === 'boolean' ? (
            <BooleanControl key={name} name={name} spec={spec} value={Boolean(experiment.params[name])} onValue={(v) => setParam(name, v)} />
          ) : (
            <NumberControl key={name} name={name} spec={spec} value={Number(experiment.params[name])} onValue={(v) => setParam(name, v)} />
          ),
        )}
      </div>
      <fieldset class="modes">
        <legend>Modes to compare</legend>
        {modeIds(scenario).map((mode) => {
          const why = notOnThisPage(scenario, mode, threadsUnavailable);
          const blocked = why !== undefined;
          const nativeOnly = blocked && why !== threadsUnavailable;
          return (
            <label key={mode} title={why}>
              <input
                type="checkbox"
                name="modes"
                value={mode}
                checked={experiment.modes.includes(mode)}
                disabled={blocked}
                aria-describedby={blocked && !nativeOnly ? 'threads-unavailable' : undefined}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  set({ modes: modeIds(scenario).filter((m) => (m === mode ? on : experiment.modes.includes(m))) });
                }}
              />
              {mode}
              {mode === scenario.baseline ? ' (baseline)' : ''}
              {blocked && <span class="why">{nativeOnly ? ' — native CLI only' : ' — needs threads'}</span>}
            </label>
          );
        })}
      </fieldset>
    </fieldset>
  );
}
