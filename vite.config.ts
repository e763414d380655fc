/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { excerptsPlugin } from './web/plugins/excerpts-plugin.ts';
import { sitePlugin } from './web/plugins/site-plugin.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Threads need SharedArrayBuffer, which needs cross-origin isolation (COOP + COEP).
// The embed page also asks for Document-Isolation-Policy, so browsers that know it
// (Chrome 137+) give it threads even inside an iframe of a plain page. Same headers
// as web/public/_headers, which static hosts read.
function isolationHeaders(req: IncomingMessage, res: ServerResponse, next: () => void) {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  // The embed page may be framed by an isolated course page on another origin: it must allow that.
  const embed = req.url?.startsWith('/embed') ?? false;
  res.setHeader('Cross-Origin-Resource-Policy', embed ? 'cross-origin' : 'same-origin');
  if (embed) res.setHeader('Document-Isolation-Policy', 'isolate-and-require-corp');
  next();
}
const isolation: Plugin = {
  name: 'cross-origin-isolation',
  configureServer: (server) => void server.middlewares.use(isolationHeaders),
  configurePreviewServer: (server) => void server.middlewares.use(isolationHeaders),
};

export default defineConfig({
  root: here('web'),
  base: './',
  // excerpts: the C++ shown in the code panel; site: the CSP <meta> tag, content-named engine files, the offline precache (build only)
  plugins: [preact(), isolation, excerptsPlugin({ root: here('.') }), sitePlugin({ publicDir: here('web/public') })],
  worker: { format: 'es' }, // the engine's worker uses top-level await (web/src/engine/worker.js)
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    rolldownOptions: { input: { main: here('web/index.html'), embed: here('web/embed.html') } },
  },
  test: {
    root: here('.'),
    projects: [
      { extends: true, test: { name: 'web', include: ['tests/web/**/*.test.{ts,tsx}'], environment: 'jsdom', testTimeout: 30_000 } },
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/web/**', '**/node_modules/**'] } },
    ],
  },
});
