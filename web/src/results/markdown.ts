// "Copy results as Markdown": a table a reader can paste into notes or an issue.
import type { Scenario } from '../engine/types';
import { type ResultRow, fmtLatency, fmtMs, fmtPercent, gilColumn, referenceNote, speedupColumn } from './summary';

/** Keeps a cell on one line and stops a `|` from ending it. */
const cell = (text: string) => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

export function resultsMarkdown(scenario: Scenario, rows: ResultRow[], settings: string, link?: string): string {
  const hasLatency = rows.some((r) => r.latency);
  const speedup = speedupColumn(rows, scenario.baseline);
  const gil = gilColumn(scenario);
  const header = ['mode', 'threads', ...(gil ? ['GIL'] : []), 'wall time', ...(speedup.shown ? [speedup.header] : []), 'utilisation'];
  if (hasLatency) header.push('latency p50 / p95 / max');
  const lines = [
    `### ${cell(scenario.title)}`,
    '',
    cell(settings),
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map((h) => (h === 'mode' || h === 'GIL' ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const r of rows) {
    const cells = [
      r.mode,
      String(r.threads),
      ...(gil ? [gil(r)] : []),
      fmtMs(r.wall_ms),
      ...(speedup.shown ? [speedup.cell(r).text] : []),
      fmtPercent(r.utilisation),
    ];
    if (hasLatency) cells.push(fmtLatency(r.latency));
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  // Quoted figures: not measured here, so no threads, speed-up or utilisation; the note says whose they are.
  for (const r of scenario.references ?? []) {
    const cells = [`${r.label} (${referenceNote(r)})`, '—', ...(gil ? ['—'] : []), fmtMs(r.wall_ms), ...(speedup.shown ? ['—'] : []), '—'];
    if (hasLatency) cells.push('—');
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  if (link) lines.push('', `[Run it yourself](${link})`);
  return `${lines.join('\n')}\n`;
}
