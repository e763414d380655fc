// Vite plugins for the hosted site (`vite build` only; the dev server is untouched):
//
//   - csp: each HTML page gets the Content-Security-Policy of web/public/_headers as a
//     <meta http-equiv> tag, first in its <head>, for hosts that cannot send headers
//     (GitHub Pages). A <meta> policy cannot carry frame-ancestors, so that directive
//     is left out of the tag: only the header keeps the main page from being framed.
//   - engine files named by content: dist/engine/playground-threads.<hash>.{js,wasm,worker.js},
//     one hash per build flavour over all of its files, so that a page, a cache or a
//     half-finished deploy can never pair one build's .js with another's .wasm. The page
//     finds them through __PLAYGROUND_ENGINE_FILES__ (web/src/engine/module.js).
//   - precache manifest: the list of the site's files and a version (a hash of them all)
//     written to dist/precache-manifest.json and into dist/coi-serviceworker.js, whose
//     bytes thus change with every build, so browsers install the new worker, which
//     caches that build for offline use and drops the old one.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';
import { parseHeadersFile } from './headers-file.js';


/** The one Content-Security-Policy `_headers` gives a path (an error when none or several rules set it). */
export function policyFor(headersFile: string, path: string): string {
  const values = parseHeadersFile(headersFile)
    .filter((rule) => rule.pattern.test(path))
    .flatMap((rule) => rule.headers.filter(([name]) => name.toLowerCase() === 'content-security-policy').map(([, value]) => value));
  if (values.length !== 1) throw new Error(`_headers sets ${values.length} Content-Security-Policy headers for ${path}; it must set one`);
  return values[0];
}

/** The policy as a <meta> tag may carry it: without frame-ancestors (and the other directives a <meta> policy ignores). */
export function metaPolicy(policy: string): string {
  const ignored = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']);
  return policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !ignored.has(d.split(/\s+/)[0].toLowerCase()))
    .join('; ');
}

/** Files under dir, as paths relative to it with '/' separators, sorted. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else out.push(relative(dir, join(d, entry.name)).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

const ENGINE_FILE = /^(playground-[a-z]+)\.(js|wasm|worker\.js)$/;

/** For each engine file in dir: its content-named name. One hash per flavour, over all of that flavour's files. */
export function engineNames(dir: string): Record<string, string> {
  const flavours = new Map<string, string[]>();
  for (const file of files(dir)) {
    const match = ENGINE_FILE.exec(file);
    if (match) flavours.set(match[1], [...(flavours.get(match[1]) ?? []), file]);
  }
  const names: Record<string, string> = {};
  for (const [flavour, list] of flavours) {
    const hash = createHash('sha256');
    for (const file of list) hash.update(file).update('\0').update(readFileSync(join(dir, file))).update('\0');
    const digest = hash.digest('hex').slice(0, 12);
    for (const file of list) names[file] = file.replace(ENGINE_FILE, (_, name: string, ext: string) => `${name}.${digest}.${ext}`);
  }
  return names;
}

/** What the service worker precaches: every file of the site but these. */
const NOT_PRECACHED = new Set(['_headers', 'coi-serviceworker.js', 'precache-manifest.json', 'embed-loader.js', 'engine/package.json']);
/** The line of web/public/coi-serviceworker.js that the build replaces with the manifest. */
const PRECACHE_LINE = /^const PRECACHE = \{ version: '', files: \[\] \};.*$/m;

export interface PrecacheManifest {
  version: string;
  files: string[];
  /** Engine file names as built → their names in dist/engine/. */
  engine: Record<string, string>;
}

export function sitePlugin({ publicDir }: { publicDir: string }): Plugin[] {
  let names: Record<string, string> = {};
  let outDir = '';

  const csp: Plugin = {
    name: 'playground:csp-meta',
    apply: 'build',
    transformIndexHtml(html, context) {
      const policy = metaPolicy(policyFor(readFileSync(join(publicDir, '_headers'), 'utf8'), context.path));
      const charset = /<meta charset="utf-8" \/>\n?/i;
      if (!charset.test(html)) throw new Error(`${context.path}: no <meta charset="utf-8" /> to put the CSP <meta> tag after`);
      const escaped = policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      // First after the charset, before any script: a <meta> policy covers only what comes after it.
      return html.replace(charset, (tag) => `${tag}    <meta http-equiv="Content-Security-Policy" content="${escaped}" />\n`);
    },
  };

  const offline: Plugin = {
    name: 'playground:engine-files-and-precache',
    apply: 'build',
    config() {
      names = engineNames(join(publicDir, 'engine'));
      return { define: { __PLAYGROUND_ENGINE_FILES__: JSON.stringify(names) } };
    },
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      // Worker bundles are written into the main one; this runs once, after every file is in place.
      const engineDir = join(outDir, 'engine');
      const now = engineNames(engineDir);
      if (JSON.stringify(now) !== JSON.stringify(names)) throw new Error('the engine files in web/public/engine changed during the build: build the site again');
      for (const [built, named] of Object.entries(names)) renameSync(join(engineDir, built), join(engineDir, named));

      const list = files(outDir).filter((f) => !NOT_PRECACHED.has(f));
      const version = createHash('sha256');
      for (const file of list) version.update(file).update('\0').update(readFileSync(join(outDir, file))).update('\0');
      const manifest: PrecacheManifest = { version: version.digest('hex').slice(0, 16), files: list, engine: names };
      writeFileSync(join(outDir, 'precache-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

      const workerPath = join(outDir, 'coi-serviceworker.js');
      const worker = readFileSync(workerPath, 'utf8');
      if (!PRECACHE_LINE.test(worker)) throw new Error('coi-serviceworker.js has no `const PRECACHE = { version: \'\', files: [] };` line to fill in');
      writeFileSync(workerPath, worker.replace(PRECACHE_LINE, () => `const PRECACHE = ${JSON.stringify({ version: manifest.version, files: list })};`));
    },
  };

  return [csp, offline];
}
