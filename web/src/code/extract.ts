// Finds the marked excerpts in the engine's C++ sources. Pure functions of the
// source text, so the build (web/plugins/excerpts-plugin.ts) and the tests use the
// same code. A block is
//
//   // [excerpt sleep.threads]        ID: <scenario>.<mode>, or core.<name> for shared code;
//                                     several ids ("sleep.coroutines, sleep.first-completed")
//                                     put one block in several excerpts
//   // [see also core.gil.handoff]    optional, inside a block: shared excerpts to show with it
//   ...code...                        a line recording a span names its site as a string
//   // [/excerpt]                     literal ("sleep.threads.wait") or `// @site <id>`
//
// Several blocks with one ID are joined in file order (a pipeline's stages in
// separate functions). Markers are removed, each block is dedented, and every
// line keeps its real line number.
import type { Excerpt, ExcerptBundle, ExcerptLine, ExcerptPart, ExcerptProblem, SiteLocation } from './types';

export interface SourceFile {
  /** Path from the repository root, forward slashes. */
  file: string;
  text: string;
}

/** A scenario's id and modes (the shape of scenarios/*.json that matters here). */
export interface ScenarioModes {
  id: string;
  modes: string[];
}

const OPEN = /^\s*\/\/\s*\[excerpt\s+([^\]]*?)\s*\]\s*$/;
const CLOSE = /^\s*\/\/\s*\[\/excerpt\]\s*$/;
const SEE_ALSO = /^\s*\/\/\s*\[see also\s+([^\]]*?)\s*\]\s*$/;
/** Anything that looks like a marker, to catch misspelt ones ("// [excerpt]", "// [/excerpts]"). */
const MARKER_LIKE = /^\s*\/\/\s*\[\/?\s*(excerpt|see also)/;
const ID = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

/** A site id: dotted lower-case words, the first starting with a letter ("pc.producer.put"). */
export const SITE_PATTERN = '[a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+';
const SITE_LITERAL = new RegExp(`"(${SITE_PATTERN})"`, 'g');
const SITE_MARKER = new RegExp(`@site\\s+(${SITE_PATTERN})`, 'g');
/** String literals that look like sites but name files. */
const FILE_NAME = /\.(c|cc|cpp|h|hpp|csv|json|js|txt|wasm|md)$/;

/** Sites recorded inside a core helper rather than on the calling line: a line that
 *  calls the helper is where a span with that site came from, as the reader sees it. */
export const CALL_SITES: ReadonlyArray<{ site: string; call: RegExp }> = [
  { site: 'loop.sleep', call: /\bco_await\s+sleep\s*\(/ },
  { site: 'queue.put', call: /\bco_await\s+[\w.[\]>-]+?(?:\.|->)put\s*\(/ },
  { site: 'queue.get', call: /\bco_await\s+[\w.[\]>-]+?(?:\.|->)get\s*\(/ },
  // gather / wait_first, or a task awaited by its handle (`co_await producer;`)
  { site: 'loop.join', call: /\bco_await\s+(?:(?:gather|wait_first)\s*\(|[\w.>-]+\s*;)/ },
];

export const isSharedId = (id: string) => id.startsWith('core.');

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** A line split into its code and its trailing // comment (a // inside a string is code). */
export function splitComment(line: string): { code: string; comment: string } {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || (c === "'" && !/\w/.test(line[i - 1] ?? ''))) {
      // 1'000'000 is a number
      quote = c;
    } else if (c === '/' && line[i + 1] === '/') {
      return { code: line.slice(0, i), comment: line.slice(i) };
    } else if (c === '/' && line[i + 1] === '*') {
      const end = line.indexOf('*/', i + 2);
      if (end < 0) return { code: line.slice(0, i), comment: line.slice(i) };
      i = end + 1;
    }
  }
  return { code: line, comment: '' };
}

/** The sites a line names: string literals shaped like site ids in its code, and
 *  `// @site id` in its comment (a comment merely mentioning a site does not count). */
export function sitesOf(line: string): string[] {
  const { code, comment } = splitComment(line);
  const found: string[] = [];
  for (const m of code.matchAll(SITE_LITERAL)) if (!FILE_NAME.test(m[1])) found.push(m[1]);
  for (const m of comment.matchAll(SITE_MARKER)) found.push(m[1]);
  return unique(found);
}

const SPAWN = /\bspawn\(\s*([A-Za-z_]\w*)\s*\(.*?\)\s*,\s*"([^"]+)"/g;

/** Coroutines a line spawns as named tasks: `loop.spawn(reader(loop, run), "reader")`
 *  → {task: "reader", fn: "reader"}; a name built as "producer " + n gives "producer". */
export function spawnsOf(line: string): Array<{ task: string; fn: string }> {
  const { code } = splitComment(line);
  return [...code.matchAll(SPAWN)].map((m) => ({ task: m[2].trim(), fn: m[1] })).filter((s) => s.task !== '');
}

/** The line as the reader sees it: `@site id` markers taken out of its comment (and a
 *  comment left empty by that removed). */
export function withoutSiteMarkers(line: string): string {
  const { code, comment } = splitComment(line);
  if (!comment.includes('@site')) return line;
  const rest = comment.replace(new RegExp(`\\s*@site\\s+${SITE_PATTERN}`, 'g'), '');
  return (/^\/\/\s*$/.test(rest) ? code : code + rest).replace(/\s+$/, '');
}

/** Sites recorded by the core helpers this line calls (see CALL_SITES). */
export function usesOf(line: string): string[] {
  const { code } = splitComment(line); // a comment mentioning sleep( is not a call
  return CALL_SITES.filter((c) => c.call.test(code)).map((c) => c.site);
}

type RawLine = { n: number; text: string; sites: string[] };

function dedent(raw: RawLine[]): ExcerptLine[] {
  const lines = raw.map((l) => ({ n: l.n, text: withoutSiteMarkers(l.text).replace(/\s+$/, ''), sites: l.sites }));
  while (lines.length && lines[0].text === '') lines.shift();
  while (lines.length && lines[lines.length - 1].text === '') lines.pop();
  const indents = lines.filter((l) => l.text !== '').map((l) => /^[ \t]*/.exec(l.text)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => ({ n: l.n, text: l.text.slice(cut), sites: l.sites, uses: usesOf(l.text) }));
}

export interface FileExcerpts {
  /** One entry per id of each block (a block marked with two ids appears twice, same part). */
  blocks: Array<{ id: string; part: ExcerptPart; seeAlso: string[]; line: number }>;
  problems: ExcerptProblem[];
}

/** The marked blocks of one source file, in order, and what is wrong with its markers. */
export function extractFile(file: string, text: string): FileExcerpts {
  const blocks: FileExcerpts['blocks'] = [];
  const problems: ExcerptProblem[] = [];
  let open: { ids: string[]; line: number; raw: RawLine[]; seeAlso: string[] } | undefined;
  // Sites of a line that is only `// @site id`: they belong to the next line of code.
  let pending: string[] = [];
  const lines = text.split(/\r?\n/);
  const close = () => {
    pending = [];
    if (!open) return;
    const part: ExcerptPart = { file, lines: dedent(open.raw) };
    if (!part.lines.some((l) => l.text.trim() !== '')) {
      problems.push({ file, line: open.line, message: `excerpt ${open.ids.join(', ')} is empty` });
    }
    for (const id of open.ids) blocks.push({ id, part, seeAlso: open.seeAlso, line: open.line });
    open = undefined;
  };
  lines.forEach((text, i) => {
    const n = i + 1;
    const start = OPEN.exec(text);
    if (start) {
      const ids = start[1].split(/[\s,]+/).filter(Boolean);
      if (open)
        problems.push({
          file,
          line: n,
          message: `[excerpt ${ids.join(', ')}] starts before [excerpt ${open.ids.join(', ')}] (line ${open.line}) is closed with [/excerpt]`,
        });
      close();
      const bad = ids.filter((id) => !ID.test(id));
      if (ids.length === 0 || bad.length) {
        problems.push({ file, line: n, message: `"${start[1]}" is not an excerpt id: use <scenario>.<mode> or core.<name>` });
        return;
      }
      open = { ids: unique(ids), line: n, raw: [], seeAlso: [] };
      return;
    }
    if (CLOSE.test(text)) {
      if (!open) problems.push({ file, line: n, message: '[/excerpt] without an [excerpt ID] before it' });
      close();
      return;
    }
    const see = SEE_ALSO.exec(text);
    if (see) {
      const ids = see[1].split(/[\s,]+/).filter(Boolean);
      if (!open) problems.push({ file, line: n, message: '[see also …] outside an excerpt' });
      else open.seeAlso.push(...ids);
      for (const id of ids) if (!isSharedId(id)) problems.push({ file, line: n, message: `[see also ${id}]: only shared excerpts (core.…) can be seen also` });
      return;
    }
    if (MARKER_LIKE.test(text)) {
      problems.push({ file, line: n, message: `malformed excerpt marker: ${text.trim()}` });
      return;
    }
    if (!open) return;
    const { code } = splitComment(text);
    const sites = sitesOf(text);
    if (code.trim() === '' && sites.length && withoutSiteMarkers(text).trim() === '') {
      pending.push(...sites);
      return;
    }
    if (code.trim() !== '' && pending.length) {
      open.raw.push({ n, text, sites: unique([...pending, ...sites]) });
      pending = [];
      return;
    }
    open.raw.push({ n, text, sites });
  });
  if (open) {
    problems.push({ file, line: open.line, message: `[excerpt ${open.ids.join(', ')}] is never closed with [/excerpt]` });
    close();
  }
  return { blocks, problems };
}

/** Every excerpt of the given sources, blocks with one ID joined in path then line order.
 *  With `scenarios`, an ID that names no scenario mode (and is not core.…) is a problem. */
export function buildBundle(files: SourceFile[], scenarios?: ScenarioModes[]): ExcerptBundle {
  const excerpts: Record<string, Excerpt> = {};
  const sites: Record<string, SiteLocation[]> = {};
  const tasks: Record<string, string[]> = {};
  const problems: ExcerptProblem[] = [];
  const known = scenarios ? new Set(scenarios.flatMap((s) => s.modes.map((m) => `${s.id}.${m}`))) : undefined;
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const { file, text } of sorted) {
    text.split(/\r?\n/).forEach((line, i) => {
      for (const site of sitesOf(line)) (sites[site] ??= []).push({ file, line: i + 1 });
      for (const { task, fn } of spawnsOf(line)) {
        const fns = (tasks[task] ??= []);
        if (!fns.includes(fn)) fns.push(fn);
      }
    });
    const found = extractFile(file, text);
    problems.push(...found.problems);
    for (const block of found.blocks) {
      if (known && !isSharedId(block.id) && !known.has(block.id)) {
        problems.push({ file, line: block.line, message: `excerpt ${block.id} names no scenario mode (scenarios/*.json)` });
      }
      const excerpt = (excerpts[block.id] ??= { id: block.id, parts: [], seeAlso: [] });
      excerpt.parts.push(block.part);
      excerpt.seeAlso = unique([...excerpt.seeAlso, ...block.seeAlso]);
    }
  }
  // A shared excerpt that records a site some excerpt's line uses or names is seen also.
  const shared = Object.values(excerpts).filter((e) => isSharedId(e.id));
  for (const excerpt of Object.values(excerpts)) {
    const named = new Set(excerpt.parts.flatMap((p) => p.lines.flatMap((l) => [...l.sites, ...l.uses])));
    for (const s of shared) {
      if (s.id === excerpt.id || excerpt.seeAlso.includes(s.id)) continue;
      if (s.parts.some((p) => p.lines.some((l) => l.sites.some((site) => named.has(site))))) excerpt.seeAlso.push(s.id);
    }
  }
  for (const excerpt of Object.values(excerpts)) {
    for (const id of excerpt.seeAlso) {
      if (!excerpts[id]) {
        const file = excerpt.parts[0]?.file ?? '';
        problems.push({ file, line: excerpt.parts[0]?.lines[0]?.n ?? 0, message: `excerpt ${excerpt.id} sees also ${id}, which is not marked anywhere` });
      }
    }
  }
  return { excerpts, sites, tasks, problems };
}

/** `<scenario>.<mode>` ids with no excerpt, or only an empty one. */
export function missingModes(bundle: ExcerptBundle, scenarios: ScenarioModes[]): string[] {
  const missing: string[] = [];
  for (const s of scenarios) {
    for (const m of s.modes) {
      const e = bundle.excerpts[`${s.id}.${m}`];
      if (!e?.parts.some((p) => p.lines.some((l) => l.text.trim() !== ''))) missing.push(`${s.id}.${m}`);
    }
  }
  return missing;
}

export function formatProblem(p: ExcerptProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}
