// "The code that ran": for each mode of the scenario, the C++ excerpt the engine
// was built from (extracted at build time, see web/plugins/excerpts-plugin.ts), one
// tab per mode. The span under the pointer in the timeline (or the replay's current
// event) lights up the line that recorded it; clicking a linked line lists its
// spans and outlines them in the timeline.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../engine/types';
import type { Track } from '../timeline/layout';
import { STATE_NAMES } from '../timeline/states';
import { formatTime } from '../timeline/viewport';
import { modeIds } from '../state/modes';
import { excerpts as builtExcerpts } from './excerpts';
import { type Segment, highlightLines } from './highlight';
import { type Links, type SpanFocus, links as pageLinks, useLinks } from './links';
import { type SiteLines, focusLines, lineLinks, siteLocations } from './lookup';
import { describeSpan, spansOf } from './spans';
import type { Excerpt, ExcerptBundle, ExcerptPart } from './types';
import './code.css';

interface Props {
  scenario: Scenario;
  /** The current comparison's runs, for the spans of a chosen line. */
  tracks?: Track[];
  /** Embed page: the panel starts collapsed. */
  compact?: boolean;
  bundle?: ExcerptBundle;
  store?: Links;
}

const highlighted = new WeakMap<ExcerptPart, Segment[][]>();
function segmentsOf(part: ExcerptPart): Segment[][] {
  let lines = highlighted.get(part);
  if (!lines) {
    lines = highlightLines(part.lines.map((l) => l.text).join('\n'));
    highlighted.set(part, lines);
  }
  return lines;
}

const key = (file: string, n: number) => `${file}:${n}`;
const fileName = (path: string) => path.split('/').pop() ?? path;

export function CodePanel({ scenario, tracks = [], compact = false, bundle = builtExcerpts, store = pageLinks }: Props) {
  const state = useLinks(store);
  const focus: SpanFocus | undefined = state.hover ?? state.step;
  const modes = modeIds(scenario);
  const [tab, setTab] = useState<string>();
  const focusedMode = focus && modes.includes(focus.mode) ? focus.mode : undefined;
  // The tab follows the run the reader points at, and stays there afterwards.
  useEffect(() => {
    if (focusedMode) setTab(focusedMode);
  }, [focusedMode]);
  const ran = tracks.map((t) => t.mode).filter((m) => modes.includes(m));
  const active = focusedMode ?? (tab && modes.includes(tab) ? tab : undefined) ?? ran[0] ?? modes[0];
  const excerptId = `${scenario.id}.${active}`;
  const excerpt = bundle.excerpts[excerptId];
  const span = focusedMode ? focus!.span : undefined;
  const lane = focusedMode ? focus!.lane : undefined;
  const { found, seeAlso, entering } = useMemo(() => focusLines(bundle, excerptId, span, lane), [bundle, excerptId, span, lane]);
  const lit = new Set([...found.flatMap((f) => f.lines.map((l) => key(l.file, l.n))), ...entering.map((l) => key(l.file, l.n))]);
  const chosen = state.chosen && state.chosen.mode === active ? state.chosen : undefined;

  const tabs = useRef<HTMLDivElement>(null);
  const onTabKey = (e: KeyboardEvent) => {
    const i = modes.indexOf(active);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % modes.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + modes.length) % modes.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? modes.length - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(modes[next]);
    tabs.current?.querySelectorAll<HTMLButtonElement>('[role=tab]')[next]?.focus();
  };

  const ids = { tab: (m: string) => `code-tab-${scenario.id}-${m}`, panel: `code-panel-${scenario.id}` };
  const body = (
    <>
      <div class="code-tabs" role="tablist" aria-label="Modes" ref={tabs} onKeyDown={onTabKey}>
        {modes.map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            id={ids.tab(m)}
            aria-selected={m === active}
            aria-controls={ids.panel}
            tabIndex={m === active ? 0 : -1}
            class={ran.includes(m) ? 'ran' : undefined}
            onClick={() => setTab(m)}
          >
            {m}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={ids.panel} aria-labelledby={ids.tab(active)} data-mode={active} data-focus-site={focusedMode ? focus!.span.site : undefined}>
        <p class="code-status small" aria-live="polite">
          {status(focusedMode ? focus : undefined, found, bundle)}
        </p>
        {excerpt ? (
          excerpt.parts.map((part, i) => (
            <CodeBlock
              key={`${excerpt.id}:${i}`}
              part={part}
              excerpt={excerpt}
              mode={active}
              lit={lit}
              whole={!!focusedMode && found.length === 0}
              chosen={chosen}
              store={store}
            />
          ))
        ) : (
          <p class="note">No excerpt is marked for {excerptId} in the engine's sources.</p>
        )}
        {seeAlso.map((shared) => (
          <details
            key={shared.id}
            class="code-see-also"
            open={found.some((f) => f.excerpt.id === shared.id) || entering.some((l) => l.excerpt === shared.id) || undefined}
          >
            <summary>
              See also: {shared.id.replace(/^core\./, '')} ({shared.parts.map((p) => fileName(p.file)).join(', ')})
            </summary>
            {shared.parts.map((part, i) => (
              <CodeBlock key={`${shared.id}:${i}`} part={part} excerpt={shared} mode={active} lit={lit} whole={false} chosen={chosen} store={store} />
            ))}
          </details>
        ))}
        {chosen && (
          <ChosenSpans tracks={tracks} mode={active} sites={chosen.sites} line={chosen.line} file={chosen.file} onClose={() => store.choose(undefined)} />
        )}
      </div>
    </>
  );

  return (
    <section class="code-panel panel" data-testid="code-panel" aria-label="The code that ran">
      {compact ? (
        <details>
          <summary>The code that ran</summary>
          {body}
        </details>
      ) : (
        <>
          <h2 class="code-title">The code that ran</h2>
          <p class="muted small">
            The engine's own C++, as compiled into this page. Hover a span in the timeline to see the line that recorded it; click a marked line to see its
            spans.
          </p>
          {body}
        </>
      )}
    </section>
  );
}

/** What the core's own sites mean, for spans no line of the excerpt names. */
const CORE_SITES: Record<string, string> = {
  'loop.run': 'the task ran its own code between two co_awaits; the event loop records that',
  'loop.join': 'the task waited for the tasks it awaits (gather or wait_first)',
  'loop.sleep': 'the task slept in co_await sleep(…)',
  'queue.put': 'the task waited for room in a full queue',
  'queue.get': 'the task waited for an item from an empty queue',
};

function status(focus: SpanFocus | undefined, found: SiteLines[], bundle: ExcerptBundle): string {
  if (!focus) return '';
  // "line 51", "lines 41 and 42" of the first place found, for readers who do not see the colour.
  const numbers = found[0]?.lines.map((l) => l.n) ?? [];
  const at = numbers.length === 1 ? `line ${numbers[0]}` : `lines ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
  const { span } = focus;
  const state = STATE_NAMES[span.state] ?? span.state;
  const label = span.label && span.label !== state ? ` (${span.label})` : '';
  const what = `${focus.lane ? `${focus.lane}: ` : ''}${state}${label}, ${formatTime(span.end_us - span.start_us)}`;
  if (numbers.length && span.site === '') return `${what} — a worker thread ran a job handed over at ${at} (the job's own steps have lines of their own).`;
  if (numbers.length && span.site === 'loop.run') return `${what} — the task ran its own code, in the coroutine at ${at}, between two co_awaits.`;
  if (numbers.length) return `${what} — recorded at ${at}, highlighted (site ${span.site}).`;
  const elsewhere = siteLocations(bundle, span.site)[0];
  const meaning = CORE_SITES[span.site];
  if (meaning) return `${what} — ${meaning} (${elsewhere ? `${elsewhere.file} line ${elsewhere.line}` : `site ${span.site}`}).`;
  if (elsewhere) return `${what} — recorded at ${elsewhere.file} line ${elsewhere.line} (site ${span.site}), outside this excerpt.`;
  if (span.site) return `${what} — site ${span.site} is not marked in the sources; it comes from this mode's code as a whole.`;
  return `${what} — the engine records no code site for this span (thread start-up, idle time or the executor's own work).`;
}

interface BlockProps {
  part: ExcerptPart;
  excerpt: Excerpt;
  mode: string;
  lit: Set<string>;
  /** No line matches the focused span: mark the block as a whole. */
  whole: boolean;
  chosen?: { file: string; line: number };
  store: Links;
}

function CodeBlock({ part, excerpt, mode, lit, whole, chosen, store }: BlockProps) {
  const segments = segmentsOf(part);
  const scroller = useRef<HTMLDivElement>(null);
  const first = part.lines[0]?.n ?? 0;
  const last = part.lines[part.lines.length - 1]?.n ?? 0;
  const litHere = part.lines
    .filter((l) => lit.has(key(part.file, l.n)))
    .map((l) => l.n)
    .join(',');

  // Bring the lit line into view inside the block (never scrolls the page).
  useEffect(() => {
    const box = scroller.current;
    const line = litHere ? box?.querySelector<HTMLElement>('.code-line.lit') : null;
    if (!box || !line) return;
    const top = line.offsetTop;
    if (top < box.scrollTop || top + line.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(top - box.clientHeight / 3, 0);
  }, [litHere]);

  return (
    <figure class={`code-block${whole ? ' whole' : ''}`} data-excerpt={excerpt.id}>
      <figcaption class="small">
        <span class="code-file">{part.file}</span>{' '}
        <span class="muted">
          lines {first}–{last}
        </span>
      </figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus so that keyboards can scroll it (axe: scrollable-region-focusable) */}
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: its label is what a screen reader announces on that focus */}
      <div class="code-scroll" ref={scroller} tabIndex={0} aria-label={`${part.file}, lines ${first} to ${last}`}>
        <pre class="code">
          <code>
            {part.lines.map((line, i) => {
              const sites = lineLinks(line);
              const linked = sites.length > 0;
              const isLit = lit.has(key(part.file, line.n));
              const isChosen = !!chosen && chosen.file === part.file && chosen.line === line.n;
              const pick = () => store.choose(isChosen ? undefined : { mode, excerpt: excerpt.id, file: part.file, line: line.n, sites });
              return (
                <span
                  key={line.n}
                  data-line={line.n}
                  data-line-site={linked ? sites.join(' ') : undefined}
                  class={`code-line${linked ? ' linked' : ''}${isLit ? ' lit' : ''}${isChosen ? ' chosen' : ''}`}
                  aria-current={isLit ? 'true' : undefined}
                  {...(linked
                    ? {
                        role: 'button',
                        tabIndex: 0,
                        'aria-pressed': isChosen,
                        title: `Show the spans of ${sites.join(', ')}`,
                        onClick: pick,
                        onKeyDown: (e: KeyboardEvent) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            pick();
                          }
                        },
                      }
                    : {})}
                >
                  <span class="ln" aria-hidden="true">
                    {line.n}
                  </span>
                  <span class="src">
                    {(segments[i] ?? []).map((s, j) =>
                      s.classes ? (
                        <span key={j} class={s.classes}>
                          {s.text}
                        </span>
                      ) : (
                        s.text
                      ),
                    )}
                    {line.text === '' ? ' ' : null}
                  </span>
                </span>
              );
            })}
          </code>
        </pre>
      </div>
    </figure>
  );
}

interface ChosenProps {
  tracks: Track[];
  mode: string;
  sites: string[];
  file: string;
  line: number;
  onClose: () => void;
}

function ChosenSpans({ tracks, mode, sites, file, line, onClose }: ChosenProps) {
  const ran = tracks.some((t) => t.mode === mode);
  const r = spansOf(tracks, mode, sites);
  return (
    <section class="code-spans" aria-label={`Spans of line ${line}`} data-testid="code-line-spans">
      <div class="row">
        <strong>
          {fileName(file)} line {line}
        </strong>
        <span class="muted small">site {sites.join(', ')}</span>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {!ran ? (
        <p>Run {mode} to see the spans this line records.</p>
      ) : r.count === 0 ? (
        <p>No span of the {mode} run came from this line.</p>
      ) : (
        <>
          <p>
            {r.count.toLocaleString('en')} {r.count === 1 ? 'span' : 'spans'} of the {mode} run came from this line, {formatTime(r.total_us)} in all
            {r.count > 1 ? `, ${formatTime(r.total_us / r.count)} each on average` : ''}. They are outlined in the timeline.
          </p>
          <ol class="small">
            {r.first.map(({ span, lane }, i) => (
              <li key={i}>{describeSpan(span, lane)}</li>
            ))}
          </ol>
          {r.count > r.first.length && <p class="muted small">…and {(r.count - r.first.length).toLocaleString('en')} more.</p>}
        </>
      )}
    </section>
  );
}
