// Vite plugin: `import excerpts from 'virtual:excerpts'` gives the excerpts marked
// in the engine's C++ sources (wasm/**/*.{hpp,cpp}), read when the module is
// built, so the page always shows the code that is compiled — there is no copy
// to keep in step. In the dev server, editing a C++ file reloads the page with
// its new excerpts. Marker problems are build warnings here; the tests
// (tests/web/code-excerpts.test.ts) fail on them.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { buildBundle, formatProblem, type ScenarioModes, type SourceFile } from '../src/code/extract.ts';
import type { ExcerptBundle } from '../src/code/types.ts';

export const VIRTUAL_ID = 'virtual:excerpts';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
const SOURCE = /\.(hpp|cpp)$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (SOURCE.test(entry.name)) out.push(path);
  }
  return out;
}

/** The C++ sources under `root`/wasm, paths relative to `root`. */
export function readSources(root: string): SourceFile[] {
  return walk(join(root, 'wasm'))
    .sort()
    .map((path) => ({ file: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }));
}

/** Ids and modes of scenarios/*.json (files without both are skipped: the schema). */
export function readScenarioModes(root: string): ScenarioModes[] {
  const dir = join(root, 'scenarios');
  const out: ScenarioModes[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    try {
      const s = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { id?: unknown; modes?: unknown };
      if (typeof s.id === 'string' && Array.isArray(s.modes)) out.push({ id: s.id, modes: s.modes.map((m) => m.id) });
    } catch {
      // A broken scenario file is reported by the scenario loader and its tests, not here.
    }
  }
  return out;
}

/** A hash of every file the excerpts depend on (the C++ sources and the scenarios). */
export function sourceDigest(root: string, sources: SourceFile[] = readSources(root)): string {
  const hash = createHash('sha256');
  for (const s of sources) hash.update(`${s.file}\0${s.text}\0`);
  hash.update(JSON.stringify(readScenarioModes(root)));
  return hash.digest('hex');
}

/** What `virtual:excerpts` exports, computed from the files as they are now. */
export function collectExcerpts(root: string): ExcerptBundle {
  return buildBundle(readSources(root), readScenarioModes(root));
}

export function excerptsPlugin(options: { root: string }): Plugin {
  const { root } = options;
  const wasmDir = join(root, 'wasm');
  const scenariosDir = join(root, 'scenarios');
  let server: ViteDevServer | undefined;
  let served = ''; // the bundle the dev server last served, as JSON
  return {
    name: 'playground-excerpts',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const sources = readSources(root);
      // A watching build rebuilds when a source changes; the dev server watches itself (below).
      if (!server) for (const s of sources) this.addWatchFile(join(root, s.file));
      const bundle = buildBundle(sources, readScenarioModes(root));
      for (const p of bundle.problems) this.warn(`code excerpts: ${formatProblem(p)}`);
      served = JSON.stringify(bundle);
      // What was read, for tests (the page imports only the default export).
      return `export default ${served};\nexport const digest = ${JSON.stringify(sourceDigest(root, sources))};\n`;
    },
    configureServer(dev) {
      server = dev;
      dev.watcher.add([wasmDir, scenariosDir]);
      const changed = (path: string) => {
        if (!(path.startsWith(wasmDir) && SOURCE.test(path)) && !(path.startsWith(scenariosDir) && path.endsWith('.json'))) return;
        // Reload the page only when what it shows changed (not for every edit of the engine).
        if (served && JSON.stringify(collectExcerpts(root)) === served) return;
        for (const environment of Object.values(server?.environments ?? {})) {
          const mod = environment.moduleGraph.getModuleById(RESOLVED_ID);
          if (mod) environment.moduleGraph.invalidateModule(mod);
        }
        server?.ws.send({ type: 'full-reload' });
      };
      dev.watcher.on('change', changed);
      dev.watcher.on('add', changed);
      dev.watcher.on('unlink', changed);
    },
  };
}
