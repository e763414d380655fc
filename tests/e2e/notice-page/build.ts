// Builds the test-only notice page (./index.html, ./page.ts) with Vite into
// build/e2e/notice-page/, outside the site: the browser tests serve it beside
// the site under test (server.mjs `mounts`), at the same origin as its engine
// files. It asks for those files by the content-based names the site's build
// gave them (dist/precache-manifest.json), as the site's own pages do.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { root } from '../helpers';

/** Where the page is served beside the site. */
export const NOTICE_PAGE_PATH = '/test-only/notice-page/';

/** Builds the page for the site in `site`; returns its directory. */
export async function buildNoticePage(site: string): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(site, 'precache-manifest.json'), 'utf8')) as { engine: Record<string, string> };
  const outDir = resolve(root, 'build/e2e/notice-page');
  await build({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    base: './',
    logLevel: 'error', // not Node's engine path (web/src/engine/module.js), which Vite warns it cannot resolve
    define: { __PLAYGROUND_ENGINE_FILES__: JSON.stringify(manifest.engine) },
    worker: { format: 'es' }, // the engine's worker uses top-level await (web/src/engine/worker.js)
    build: { outDir, emptyOutDir: true, minify: false },
  });
  return outDir;
}
