// The results of one comparison: the table (ResultsTable.tsx), each demo's per-item list,
// notes on spans and spread, what to notice, Markdown copy.
import { useState } from 'preact/hooks';
import type { Scenario } from '../engine/types';
import type { Comparison, ModeRun } from '../run/comparison';
import { resultsMarkdown } from '../results/markdown';
import { NoticeList } from './Notice';
import { ResultsTable } from './ResultsTable';
import { spanLimitNote, summarise } from '../results/summary';
import { gilModes } from '../state/modes';

interface Props {
  scenario: Scenario;
  comparison: Comparison;
  settings: string;
  link: string;
  showNotice?: boolean;
  onExportTrace?: (run: ModeRun) => void;
}

/** The comparison's settings in one line; the GIL only for a lesson with modes that honour it. */
export function settingsText(c: Comparison, scenario: Pick<Scenario, 'modes'>): string {
  const e = c.experiment;
  const params = Object.entries(e.params).map(([k, v]) => `${k}=${typeof v === 'boolean' ? (v ? 1 : 0) : v}`);
  const gil = gilModes(scenario).length ? [`gil=${e.gil ? 'on' : 'off'}`] : [];
  return [`threads=${e.threads}`, ...gil, ...params, ...(c.dataName ? [`data=${c.dataName}`] : [])].join(', ');
}

/** Failed or cancelled runs grouped by message, so one bad input file is reported once. */
function groupProblems(runs: ModeRun[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const r of runs) {
    const text = r.status === 'failed' ? (r.error ?? 'failed') : 'cancelled';
    groups.set(text, [...(groups.get(text) ?? []), r.mode]);
  }
  return [...groups];
}

/** The demo's per-item list ("processed value 225 after 0.88 s"), when it has one. Its up to 2 000
 *  items are made only once the reader opens it: rendered with the results, they took a 55 ms task. */
function PerItem({ mode, items }: { mode: string; items: unknown }) {
  const [open, setOpen] = useState(false);
  if (!Array.isArray(items) || items.length === 0) return null;
  const texts = items
    .map((i) => (i && typeof i === 'object' && typeof (i as { text?: unknown }).text === 'string' ? (i as { text: string }).text : ''))
    .filter(Boolean);
  if (!texts.length) return null;
  return (
    <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        {mode}: each item, in the order it was processed ({texts.length})
      </summary>
      {open && (
        <ol class="small">
          {texts.map((t, i) => (
            <li key={i}>{t}</li>
          ))}
        </ol>
      )}
    </details>
  );
}

export function Results({ scenario, comparison, settings, link, showNotice = true, onExportTrace }: Props) {
  const [copied, setCopied] = useState<string | undefined>();
  const done = comparison.runs.filter((r) => r.output);
  const rows = summarise(
    done.map((r) => r.output!),
    scenario,
  );
  const problems = comparison.runs.filter((r) => r.status === 'failed' || r.status === 'cancelled');

  const copy = async () => {
    const md = resultsMarkdown(scenario, rows, settings, link);
    try {
      await navigator.clipboard.writeText(md);
      setCopied('Copied the results as Markdown.');
    } catch {
      setCopied(md); // No clipboard permission: show it to copy by hand.
    }
  };

  return (
    <div class="grid results">
      <div>
        {rows.length > 0 && <ResultsTable scenario={scenario} runs={done} rows={rows} settings={settings} onExportTrace={onExportTrace} />}
        {done.map((r) => (
          <PerItem key={r.mode} mode={r.mode} items={r.output!.result.per_item} />
        ))}
        {done.map((r) => {
          const note = spanLimitNote(r.output!.result);
          return note ? (
            <p key={`spans-${r.mode}`} class="note" role="status">
              {r.mode}: {note}
            </p>
          ) : null;
        })}
        {comparison.spreadNote && (
          <p class="notice spread" role="status">
            {comparison.spreadNote}
          </p>
        )}
        {groupProblems(problems).map(([text, modes]) => (
          <p key={text} class={text === 'cancelled' ? 'muted' : 'error'}>
            {modes.join(', ')}: {text}
          </p>
        ))}
        {rows.length > 0 && (
          <div class="row">
            <button type="button" onClick={copy}>
              Copy results as Markdown
            </button>
            {copied?.startsWith('Copied') && <span role="status">{copied}</span>}
          </div>
        )}
        {copied && !copied.startsWith('Copied') && <textarea class="snippet" readOnly aria-label="Results as Markdown" value={copied} rows={8} />}
      </div>
      {showNotice && scenario.notice.length > 0 && (
        <aside aria-label="What to notice">
          <h3>What to notice</h3>
          <NoticeList scenario={scenario} params={comparison.experiment.params} threads={comparison.experiment.threads} />
        </aside>
      )}
    </div>
  );
}
