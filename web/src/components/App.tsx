// The playground: scenario → parameters → runs on the engine → timeline, replay,
// results. Everything the reader sets lives in the URL. `compact` is the embed page.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Engine, Scenario } from '../engine/types';
import { defaultScenarioId as shippedDefault, findScenario, loadDataFile, scenarios as shipped } from '../scenarios';
import { type Environment, readEnvironment, threadsUnavailableReason } from '../env/isolation';
import { hasMode, modeIds, needsThreads, notOnThisPage } from '../state/modes';
import { threadRange } from '../state/params';
import { type Experiment, defaultExperiment, parseQuery, toQuery } from '../state/url';
import { type Comparison, elapsedUs, errorText, newComparison, runComparison, type ModeRun } from '../run/comparison';
import type { Track } from '../timeline/layout';
import { Controls } from './Controls';
import { DataPanel, type Upload, download } from './DataPanel';
import { EmbedSnippet as EmbedSnippetEveryTime } from './EmbedSnippet';
import { EnvPanel as EnvPanelEveryTime } from './EnvPanel';
import { ReplayPanel } from '../timeline/ReplayPanel';
import { RunProgress, createProgressFeed } from './RunProgress';
import { Results, settingsText } from './Results';
import { Sweep } from './Sweep';
import { LoadSweep } from './LoadSweep';
import { Timeline } from '../timeline/Timeline';
import { CodePanel as CodePanelEveryTime } from '../code/CodePanel';
import { memoized } from './memoized';
import { NoticeList } from './Notice';
import { links } from '../code/links';

// Parts of the page whose props rarely change while runs start and end.
const CodePanel = memoized(CodePanelEveryTime);
const EmbedSnippet = memoized(EmbedSnippetEveryTime);
const EnvPanel = memoized(EnvPanelEveryTime);

export interface AppProps {
  loadEngine: () => Promise<Engine>;
  compact?: boolean;
  scenarios?: Scenario[];
  defaultScenarioId?: string;
  env?: Environment;
}

/** "Running threads (2 of 4)…", or what the last comparison ended with. */
function runStatus(c: Comparison | undefined, busy: boolean): string {
  if (!c) return '';
  const i = c.runs.findIndex((r) => r.status === 'running');
  const round = c.round && c.rounds > 1 ? `, round ${c.round} of ${c.rounds}` : '';
  if (busy && i >= 0) return `Running ${c.runs[i].mode} (${i + 1} of ${c.runs.length}${round})…`;
  if (busy) return 'Starting…';
  const done = c.runs.filter((r) => r.status === 'done').length;
  const cancelled = c.runs.some((r) => r.status === 'cancelled');
  return `${done} of ${c.runs.length} ${c.runs.length === 1 ? 'run' : 'runs'} finished${cancelled ? ', the rest cancelled' : ''}.`;
}

export function App({ loadEngine, compact = false, scenarios = shipped, defaultScenarioId = shippedDefault, env: givenEnv }: AppProps) {
  const env = useMemo(() => givenEnv ?? readEnvironment(), [givenEnv]);
  const initial = useMemo(() => parseQuery(location.search, scenarios, defaultScenarioId, env.cores), []);
  const [experiment, setExperiment] = useState<Experiment>(initial.experiment);
  const [notes, setNotes] = useState<string[]>(initial.notes);
  const [engine, setEngine] = useState<Engine>();
  const [engineError, setEngineError] = useState<string>();
  const [comparison, setComparison] = useState<Comparison>();
  const [earlier, setEarlier] = useState<Comparison[]>([]);
  const progress = useMemo(createProgressFeed, []);
  const [busy, setBusy] = useState(false);
  const [, setTick] = useState(0);
  const [playhead, setPlayhead] = useState<number>();
  const [upload, setUpload] = useState<Upload>();
  const [inputError, setInputError] = useState<string>();
  const [oneMode, setOneMode] = useState<string>();
  const [shareNote, setShareNote] = useState<string>();
  const abort = useRef<AbortController | undefined>(undefined);
  const autoran = useRef(false);

  const scenario = findScenario(experiment.scenario, scenarios) ?? scenarios[0];
  const range = threadRange(scenario, env.cores);
  const reason = threadsUnavailableReason(env, engine?.flavour);
  const runnable = (modes: string[]) => modes.filter((m) => hasMode(scenario, m) && notOnThisPage(scenario, m, reason) === undefined);

  useEffect(() => {
    let live = true;
    loadEngine().then(
      (e) => live && setEngine(e),
      (e) => live && setEngineError(`The engine could not load: ${errorText(e)}`),
    );
    return () => {
      live = false;
    };
  }, []);

  // Processes mode's workers start when its lesson is shown, not inside the reader's timed run (engine/processes.ts).
  // Not in an embed: a course page may hold several, each worker a module of its own
  // (about 32 MB); there a run starts them first, before its timing begins.
  const processesChosen = experiment.modes.includes('processes') && hasMode(scenario, 'processes');
  useEffect(() => {
    if (engine && processesChosen && !compact) void engine.prepareProcesses?.(experiment.threads);
  }, [engine, processesChosen, experiment.threads, compact]);

  // Keep the URL in step with the experiment (same names as the scenario files and the CLI).
  const query = toQuery(experiment, scenario);
  useEffect(() => {
    history.replaceState?.(null, '', `${location.pathname}${query}${location.hash}`);
  }, [query]);
  const pageUrl = (page: string, autorun = false) => new URL(`${page}${toQuery(experiment, scenario, autorun)}`, location.href).href;

  const inputCsv = async (): Promise<string | undefined> => {
    if (!scenario.data?.length) return undefined;
    if (upload) return upload.text;
    const path = scenario.data.find((d) => d.endsWith(`/${experiment.data}`) || d === experiment.data) ?? scenario.data[0];
    return loadDataFile(path);
  };

  const start = async (modes: string[]) => {
    if (!engine || busy || modes.length === 0) return;
    const controller = new AbortController();
    abort.current = controller;
    const c = newComparison(experiment, modes, scenario.data?.length ? (upload?.name ?? experiment.data) : undefined);
    if (comparison) setEarlier((h) => [comparison, ...h].slice(0, 4));
    setComparison(c);
    links.reset();
    setPlayhead(undefined);
    setBusy(true);
    progress.set(0);
    setInputError(undefined);
    try {
      const csv = await inputCsv();
      // Progress moves only the bar (RunProgress); the timeline redraws itself.
      await runComparison(
        engine,
        scenario,
        c,
        csv,
        controller.signal,
        () => setTick((t) => t + 1),
        (f) => progress.report(f),
      );
      const failed = c.runs.find((r) => r.status === 'failed');
      if (failed && scenario.data?.length) setInputError(failed.error);
    } catch (e) {
      setInputError(errorText(e));
    } finally {
      progress.set(undefined);
      setBusy(false);
      setTick((t) => t + 1);
    }
  };

  useEffect(() => {
    if (engine && initial.autorun && !autoran.current) {
      autoran.current = true;
      void start(runnable(experiment.modes));
    }
  }, [engine]);

  const chooseScenario = (id: string) => {
    const next = findScenario(id, scenarios);
    if (!next || next.id === scenario.id) return;
    setExperiment(defaultExperiment(next, env.cores));
    setComparison(undefined);
    links.reset();
    setEarlier([]);
    setPlayhead(undefined);
    setUpload(undefined);
    setInputError(undefined);
    setNotes([]);
  };

  const tracks: Track[] = useMemo(() => comparison?.runs.map((r) => ({ mode: r.mode, store: r.store, elapsed: () => elapsedUs(r) })) ?? [], [comparison]);
  const wall = new Map<string, number>();
  for (const r of comparison?.runs ?? []) if (r.output) wall.set(r.mode, r.output.result.wall_ms);
  const end_us = Math.max(0, ...tracks.map((t) => t.store.end_us), ...[...wall.values()].map((ms) => ms * 1000));
  const statusVersion = comparison ? `${comparison.id}:${comparison.runs.map((r) => r.status).join(',')}` : '';
  const exportTrace = (run: ModeRun) => {
    if (engine && run.output) download(`${scenario.id}-${run.mode}-trace.json`, engine.exportTrace(run.output), 'application/json');
  };
  const outputCsv = comparison?.runs.find((r) => r.output?.outputCsv !== undefined)?.output?.outputCsv;
  const blockedChosen = reason ? experiment.modes.filter((m) => needsThreads(scenario, m)) : [];
  const toRun = runnable(experiment.modes);
  const single = oneMode && runnable([oneMode]).length ? oneMode : toRun[0];

  // The C++ of each mode, linked to the timeline and the replay (web/src/code/).
  const code = <CodePanel key={scenario.id} scenario={scenario} tracks={tracks} compact={compact} />;

  const controls = (
    <Controls scenario={scenario} experiment={experiment} threadRange={range} threadsUnavailable={reason} disabled={busy} onChange={setExperiment} />
  );

  return (
    <main>
      <header class="top">
        <h1>{compact ? scenario.title : 'Concurrency Playground'}</h1>
        {compact && (
          <a href={pageUrl('./')} target="_blank" rel="noopener">
            Open in the full playground
          </a>
        )}
      </header>

      {notes.length > 0 && (
        <div class="note" role="status">
          <strong>Some settings in the link were not used:</strong>
          <ul>
            {notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}

      {!compact && (
        <div class="row">
          <label>
            Lesson{' '}
            <select value={scenario.id} disabled={busy} onChange={(e) => chooseScenario(e.currentTarget.value)}>
              {scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}

      <section aria-labelledby="lesson-title">
        {!compact && <h2 id="lesson-title">{scenario.title}</h2>}
        {compact ? (
          <details>
            <summary id="lesson-title">About this demo</summary>
            <p>{scenario.lesson}</p>
          </details>
        ) : (
          <p>{scenario.lesson}</p>
        )}
      </section>

      {compact ? (
        <details>
          <summary>Parameters</summary>
          {controls}
        </details>
      ) : (
        controls
      )}

      {scenario.data?.length && !compact ? (
        <DataPanel
          scenario={scenario}
          selected={experiment.data}
          upload={upload}
          error={inputError}
          outputCsv={outputCsv}
          disabled={busy}
          onSelect={(data) => setExperiment({ ...experiment, data })}
          onUpload={(u) => {
            setUpload(u);
            setInputError(undefined);
          }}
        />
      ) : null}

      {reason && blockedChosen.length > 0 && (
        <p class="note">
          {blockedChosen.length === 1 ? 'Mode' : 'Modes'} {blockedChosen.join(', ')} {blockedChosen.length === 1 ? 'needs' : 'need'} real threads (WebAssembly
          pthreads), which this page cannot use here; {blockedChosen.length === 1 ? 'it is' : 'they are'} skipped. See “Environment” below.
        </p>
      )}

      <div class="row run-bar">
        <button type="button" class="primary" disabled={!engine || busy || toRun.length === 0} onClick={() => start(toRun)}>
          Run {toRun.length > 1 ? `all ${toRun.length} modes` : (toRun[0] ?? 'all modes')}
        </button>
        <span class="row" style={{ gap: '4px' }}>
          <button type="button" disabled={!engine || busy || !single} onClick={() => single && start([single])}>
            Run one
          </button>
          <label class="sr-only" for="one-mode">
            Mode to run alone
          </label>
          <select id="one-mode" value={single} disabled={busy} onChange={(e) => setOneMode(e.currentTarget.value)}>
            {modeIds(scenario).map((m) => (
              <option key={m} value={m} disabled={notOnThisPage(scenario, m, reason) !== undefined}>
                {m}
              </option>
            ))}
          </select>
        </span>
        <button type="button" disabled={!busy} onClick={() => abort.current?.abort()}>
          Cancel
        </button>
        {!compact && (
          <button
            type="button"
            onClick={async () => {
              const link = pageUrl('./', true);
              try {
                await navigator.clipboard.writeText(link);
                setShareNote('Link copied: it opens this experiment and runs it.');
              } catch {
                setShareNote(link);
              }
            }}
          >
            Share link
          </button>
        )}
        {!engine && !engineError && <span class="muted">Loading the engine…</span>}
        {engineError && <span class="error">{engineError}</span>}
      </div>
      {shareNote && (
        <p class="small" role="status">
          {shareNote}
        </p>
      )}
      <RunProgress feed={progress} />
      {comparison && (
        <p class="small muted" role="status">
          {runStatus(comparison, busy)}
        </p>
      )}

      {comparison && (
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">Timeline</h2>
          <Timeline tracks={tracks} wall={wall} playhead={playhead} onSeek={busy ? undefined : setPlayhead} />
          {!compact || !busy ? <ReplayPanel tracks={tracks} version={statusVersion} end_us={end_us} playhead={playhead} onPlayhead={setPlayhead} /> : null}
        </section>
      )}
      {/* One place in the page with or without results: moved, the code panel
          would be built again (hundreds of highlighted lines) as the first run starts. */}
      {code}
      {comparison && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">Results</h2>
          <Results
            scenario={scenario}
            comparison={comparison}
            settings={settingsText(comparison, scenario)}
            link={pageUrl('./', true)}
            onExportTrace={compact ? undefined : exportTrace}
          />
        </section>
      )}

      {!comparison && compact && scenario.notice.length > 0 && (
        <details>
          <summary>What to notice</summary>
          <NoticeList scenario={scenario} params={experiment.params} threads={experiment.threads} />
        </details>
      )}

      {!compact && earlier.length > 0 && (
        <details class="panel">
          <summary>Earlier runs ({earlier.length})</summary>
          {earlier.map((h) => (
            <div key={h.id}>
              <h3>{settingsText(h, scenario)}</h3>
              <Results scenario={scenario} comparison={h} settings={settingsText(h, scenario)} link={pageUrl('./', true)} showNotice={false} />
            </div>
          ))}
        </details>
      )}

      {!compact && scenario.load_sweep && (
        <LoadSweep scenario={scenario} experiment={experiment} engine={engine} threadsUnavailable={reason} busy={busy} onBusy={setBusy} />
      )}

      {!compact && scenario.amdahl_sweep && (
        <Sweep
          scenario={scenario}
          experiment={experiment}
          engine={engine}
          threadRange={range}
          threadsUnavailable={reason}
          busy={busy}
          onBusy={setBusy}
          inputCsv={inputCsv}
        />
      )}

      {!compact && <EmbedSnippet embedUrl={pageUrl('embed.html')} title={scenario.title} />}

      {(!compact || reason || engineError) && (
        <EnvPanel
          env={env}
          flavour={engine?.flavour}
          detected={(engine as { threadSupport?: { reason?: string } } | undefined)?.threadSupport?.reason}
          engineError={engineError}
          reason={reason}
          fullPageHref={pageUrl('./')}
        />
      )}
    </main>
  );
}
