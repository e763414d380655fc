// biome-ignore-all lint/a11y/noRedundantRoles: the roles restate the table's own because, narrow, styles.css shows each row as a block, and a table whose parts are display: block loses its table semantics in some browsers
// The results table: one row per mode (wall time, speed-up vs its baseline, utilisation, latency
// where the demo has it, details in words, the trace), then the course's reference figures. Each
// cell carries its column's header as data-label, which the narrow layout shows beside its value.
import type { ComponentChildren } from 'preact';
import type { Scenario } from '../engine/types';
import type { ModeRun } from '../run/comparison';
import { type ResultRow, extraFields, fmtLatency, fmtMs, fmtPercent, gilColumn, laneUtilisation, referenceNote, speedupColumn } from '../results/summary';

interface Props {
  scenario: Scenario;
  /** The finished runs, in the order of rows. */
  runs: ModeRun[];
  rows: ResultRow[];
  settings: string;
  onExportTrace?: (run: ModeRun) => void;
}

/** Why a reference row has no threads, speed-up or utilisation. */
const QUOTED = 'A figure quoted from the course, not run here: only its time is known';
/** What a mode's "—" in the GIL column means: the same for every such mode, so the narrow
 *  layout says it once, under the rows, and leaves those rows without a GIL line. */
const NO_GIL = 'runs no threads that hold the GIL';

/** One cell of the results, labelled with its column's header for the narrow layout
 *  (styles.css shows data-label before the value when the rows are stacked). */
function Cell({ label, class: cls, title, children }: { label: string; class?: string; title?: string; children?: ComponentChildren }) {
  return (
    <td role="cell" data-label={label} class={cls} title={title}>
      {children}
    </td>
  );
}

/** A reference row's cell for a figure the course does not give: "—", and why. */
function QuotedBlank({ label, text }: { label: string; text?: boolean }) {
  return (
    <Cell label={label} class={text ? 'text blank' : 'blank'} title={QUOTED}>
      —
    </Cell>
  );
}

export function ResultsTable({ scenario, runs: done, rows, settings, onExportTrace }: Props) {
  const speedup = speedupColumn(rows, scenario.baseline);
  const gil = gilColumn(scenario);
  const hasLatency = rows.some((r) => r.latency);
  // Each column's name, for its header and for its cells' data-label (the narrow layout's labels).
  const labels = {
    threads: 'threads',
    gil: 'GIL',
    wall: 'wall time',
    speedup: speedup.header,
    utilisation: 'utilisation',
    latency: 'latency p50 / p95 / max',
    details: 'details',
    trace: 'trace',
  };
  return (
    <div class="table-wrap">
      <table role="table">
        <caption class="sr-only">Results: {settings}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              mode
            </th>
            <th scope="col" role="columnheader">
              {labels.threads}
            </th>
            {gil && (
              <th scope="col" role="columnheader" class="text">
                {labels.gil}
              </th>
            )}
            <th scope="col" role="columnheader">
              {labels.wall}
            </th>
            {speedup.shown && (
              <th scope="col" role="columnheader">
                {labels.speedup}
              </th>
            )}
            <th scope="col" role="columnheader">
              {labels.utilisation}
            </th>
            {hasLatency && (
              <th scope="col" role="columnheader">
                {labels.latency}
              </th>
            )}
            <th scope="col" role="columnheader" class="text">
              {labels.details}
            </th>
            {onExportTrace && (
              <th scope="col" role="columnheader" class="text">
                {labels.trace}
              </th>
            )}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((r, i) => {
            const speed = speedup.cell(r);
            const details = extraFields(done[i].output!.result, Object.keys(scenario.parameters ?? {}));
            return (
              <tr key={r.mode} role="row">
                <th scope="row" role="rowheader" class="text">
                  {r.mode}
                </th>
                <Cell label={labels.threads}>{r.threads}</Cell>
                {gil && (
                  <Cell label={labels.gil} class={r.honoursGil ? 'text' : 'text blank'} title={r.honoursGil ? undefined : `This mode ${NO_GIL}`}>
                    {gil(r)}
                  </Cell>
                )}
                <Cell label={labels.wall}>{fmtMs(r.wall_ms)}</Cell>
                {speedup.shown && (
                  <Cell label={labels.speedup} class={r.notCompared === undefined ? 'speedup' : 'speedup why'} title={speed.title}>
                    {speed.text}
                  </Cell>
                )}
                <Cell
                  label={labels.utilisation}
                  title={
                    laneUtilisation(done[i].output!)
                      .map((l) => `${l.lane}: ${fmtPercent(l.utilisation)}`)
                      .join('\n') || undefined
                  }
                >
                  {fmtPercent(r.utilisation)}
                </Cell>
                {hasLatency && <Cell label={labels.latency}>{fmtLatency(r.latency)}</Cell>}
                <Cell label={labels.details} class={details ? 'text details' : 'text details blank'}>
                  {details}
                </Cell>
                {onExportTrace && (
                  <Cell label={labels.trace} class="text">
                    <button type="button" onClick={() => onExportTrace(done[i])} aria-label={`Export the ${r.mode} trace as Chrome Trace JSON`}>
                      .json
                    </button>
                  </Cell>
                )}
              </tr>
            );
          })}
          {(scenario.references ?? []).map((r) => (
            <tr key={`reference ${r.label}`} class="reference" role="row">
              <th scope="row" role="rowheader" class="text">
                {r.label}
              </th>
              <QuotedBlank label={labels.threads} />
              {gil && <QuotedBlank label={labels.gil} text />}
              <Cell label={labels.wall}>{fmtMs(r.wall_ms)}</Cell>
              {speedup.shown && <QuotedBlank label={labels.speedup} />}
              <QuotedBlank label={labels.utilisation} />
              {hasLatency && <QuotedBlank label={labels.latency} />}
              <Cell label={labels.details} class="text details">
                {referenceNote(r)}
              </Cell>
              {onExportTrace && <Cell label={labels.trace} class="text blank" />}
            </tr>
          ))}
        </tbody>
      </table>
      {gil && rows.some((r) => !r.honoursGil) && (
        <p class="column-note">
          A mode without a {labels.gil} line {NO_GIL}.
        </p>
      )}
    </div>
  );
}
