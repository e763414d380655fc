// From a span's site to the excerpt lines that recorded it.
import { isSharedId } from './extract';
import type { Span } from '../engine/types';
import type { Excerpt, ExcerptBundle, ExcerptLine, SiteLocation } from './types';

export interface SiteLines {
  excerpt: Excerpt;
  /** Line numbers (in the excerpt's files) naming or using the site. */
  lines: Array<{ file: string; n: number }>;
  /** 'names': the site's string is on the line; 'uses': the line calls the helper that records it. */
  how: 'names' | 'uses';
}

export const lineLinks = (line: ExcerptLine): string[] => [...new Set([...line.sites, ...line.uses])];

function linesIn(excerpt: Excerpt | undefined, site: string, how: 'names' | 'uses'): SiteLines | undefined {
  if (!excerpt) return undefined;
  const lines = excerpt.parts.flatMap((p) => p.lines.filter((l) => (how === 'names' ? l.sites : l.uses).includes(site)).map((l) => ({ file: p.file, n: l.n })));
  return lines.length ? { excerpt, lines, how } : undefined;
}

/** Where a span of `<scenario>.<mode>` with `site` was recorded, best first: a line of the
 *  mode's excerpt naming the site, a line of it calling the helper that records it, a line
 *  of a shared excerpt it sees also, any shared excerpt naming it. Empty when none. */
export function findSite(bundle: ExcerptBundle, excerptId: string, site: string): SiteLines[] {
  if (!site) return [];
  const own = bundle.excerpts[excerptId];
  const found: SiteLines[] = [];
  const add = (s: SiteLines | undefined) => {
    if (s && !found.some((f) => f.excerpt.id === s.excerpt.id)) found.push(s);
  };
  add(linesIn(own, site, 'names'));
  add(linesIn(own, site, 'uses'));
  for (const id of own?.seeAlso ?? []) add(linesIn(bundle.excerpts[id], site, 'names'));
  for (const e of Object.values(bundle.excerpts)) if (isSharedId(e.id)) add(linesIn(e, site, 'names'));
  return found;
}

/** Source lines naming a site anywhere in wasm/ (also outside excerpts). */
export function siteLocations(bundle: ExcerptBundle, site: string): SiteLocation[] {
  return site && Object.hasOwn(bundle.sites, site) ? bundle.sites[site] : [];
}

const TASK_DECL = /\bTask<.*>\s+([A-Za-z_]\w*)\s*\(/;
/** A child task of gather / wait_first: "main.gather[2]", "main.first[0]". */
const CHILD = /^(.+)\.(?:gather|first)\[\d+\]$/;

function declarations(excerpt: Excerpt): Array<{ fn: string; file: string; n: number }> {
  return excerpt.parts.flatMap((p) =>
    p.lines.flatMap((l) => {
      const m = TASK_DECL.exec(l.text);
      return m ? [{ fn: m[1], file: p.file, n: l.n }] : [];
    }),
  );
}

/** The line declaring the coroutine a task lane runs, in the excerpt or a shared one it
 *  sees also: "reader" → `Task<void> reader(` (from the spawn naming it), "producer 2" →
 *  `Task<void> producer(`, and a child of gather / wait_first ("main.gather[0]") → the one
 *  other coroutine of the excerpt, when there is exactly one besides its parent's. */
export function taskLines(bundle: ExcerptBundle, excerptId: string, lane: string | undefined): SiteLines[] {
  const own = bundle.excerpts[excerptId];
  if (!own || !lane) return [];
  lane = lane.replace(/^[\w-]+: /, ''); // "coroutines: main" in a merged (CLI) trace
  const excerpts = [own, ...own.seeAlso.map((id) => bundle.excerpts[id]).filter((e): e is Excerpt => !!e)];
  const decls = excerpts.flatMap((e) => declarations(e).map((d) => ({ ...d, excerpt: e })));
  const pick = (chosen: typeof decls): SiteLines[] =>
    chosen.length
      ? [{ excerpt: chosen[0].excerpt, lines: chosen.filter((d) => d.excerpt === chosen[0].excerpt).map(({ file, n }) => ({ file, n })), how: 'uses' }]
      : [];
  const spawned = (name: string) => {
    const tasks = bundle.tasks ?? {};
    const fns = Object.keys(tasks)
      .filter((t) => name === t || new RegExp(`^${escapeRegExp(t)}\\s*\\d+$`).test(name))
      .flatMap((t) => tasks[t]);
    for (const fn of fns) {
      const found = decls.filter((d) => d.fn === fn);
      if (found.length) return found;
    }
    return [];
  };
  const direct = spawned(lane);
  if (direct.length) return pick(direct);
  const child = CHILD.exec(lane);
  if (!child) return [];
  const parent = new Set(spawned(child[1]).map((d) => d.fn));
  const others = [...new Set(decls.map((d) => d.fn))].filter((fn) => !parent.has(fn));
  return parent.size && others.length === 1 ? pick(decls.filter((d) => d.fn === others[0])) : [];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SUBMIT = /\.\s*(?:post|submit)\s*\(\s*\[/;

/** Lines handing a job (a lambda) to a pool or a thread executor: where a worker
 *  thread's running span with no site of its own comes from. */
export function jobLines(bundle: ExcerptBundle, excerptId: string): SiteLines[] {
  const excerpt = bundle.excerpts[excerptId];
  if (!excerpt) return [];
  const lines = excerpt.parts.flatMap((p) => p.lines.filter((l) => SUBMIT.test(l.text)).map((l) => ({ file: p.file, n: l.n })));
  return lines.length ? [{ excerpt, lines, how: 'uses' }] : [];
}

export interface FocusLines {
  /** Where the span was recorded or what it ran, best first (empty: the excerpt as a whole). */
  found: SiteLines[];
  /** Shared excerpts to show with the mode's: its own see-also list, plus, when no line
   *  of it recorded the span, the shared code entering the span's state. */
  seeAlso: Excerpt[];
  /** Lines of those shared excerpts entering the span's state (SpanState::waiting_for_gil). */
  entering: Array<{ excerpt: string; file: string; n: number }>;
}

/** Everything the code panel lights for one span of one mode's run. */
export function focusLines(bundle: ExcerptBundle, excerptId: string, span: Span | undefined, lane?: string): FocusLines {
  const excerpt = bundle.excerpts[excerptId];
  const listed = excerpt?.seeAlso ?? [];
  const shared = (ids: string[]) => ids.map((id) => bundle.excerpts[id]).filter((e): e is Excerpt => !!e);
  if (!span) return { found: [], seeAlso: shared(listed), entering: [] };
  let found = findSite(bundle, excerptId, span.site);
  // A task's running span ("loop.run"): the coroutine that task runs.
  if (!found.length && span.site === 'loop.run') found = taskLines(bundle, excerptId, lane);
  // A worker thread running with no site of its own: the job handed to the pool.
  if (!found.length && span.site === '' && span.state === 'running') found = jobLines(bundle, excerptId);
  // Several lines with one site ("first wait" and "second wait" both sleep.serial.wait):
  // the one spelling out the span's label is the one.
  if (span.label) found = found.map((f) => narrowToLabel(f, span.label));
  // …or the one inside the coroutine this task runs (a producer's sleep, not a consumer's).
  if (lane && span.site !== 'loop.run') found = found.map((f) => narrowToTask(f, bundle, excerptId, lane));
  const state = `SpanState::${span.state}`;
  const entersState = (e: Excerpt) => e.parts.some((p) => p.lines.some((l) => l.text.includes(state)));
  const byState = found.length
    ? []
    : Object.values(bundle.excerpts)
        .filter((e) => isSharedId(e.id) && !listed.includes(e.id) && entersState(e))
        .map((e) => e.id);
  const seeAlso = shared([...listed, ...byState]);
  const entering = seeAlso.flatMap((e) =>
    e.parts.flatMap((p) => p.lines.filter((l) => l.text.includes(state)).map((l) => ({ excerpt: e.id, file: p.file, n: l.n }))),
  );
  return { found, seeAlso, entering };
}

function narrowToLabel(found: SiteLines, label: string): SiteLines {
  if (found.lines.length < 2) return found;
  const literal = JSON.stringify(label); // "first wait", quoted as in the C++
  const text = new Map(found.excerpt.parts.flatMap((p) => p.lines.map((l) => [`${p.file}:${l.n}`, l.text] as const)));
  const named = found.lines.filter((l) => text.get(`${l.file}:${l.n}`)?.includes(literal));
  return named.length ? { ...found, lines: named } : found;
}

function narrowToTask(found: SiteLines, bundle: ExcerptBundle, excerptId: string, lane: string): SiteLines {
  if (found.lines.length < 2) return found;
  const decl = taskLines(bundle, excerptId, lane)[0];
  if (!decl || decl.excerpt.id !== found.excerpt.id) return found;
  // The coroutine's body: from its declaration to the next coroutine declared in the excerpt.
  const starts = declarations(found.excerpt);
  const inside = found.lines.filter((l) =>
    decl.lines.some((d) => {
      if (d.file !== l.file || l.n < d.n) return false;
      const next = starts.find((s) => s.file === d.file && s.n > d.n);
      return !next || l.n < next.n;
    }),
  );
  return inside.length ? { ...found, lines: inside } : found;
}
