// A small static server for the built site (dist/), for the browser tests and
// the benchmarks. It serves files as a plain static host would, with:
//
//   - the headers of the site's own `_headers` file (Netlify format: a path
//     pattern, then indented `Name: value` lines), Content-Security-Policy
//     included, so the tests run under exactly what ships, not a copy of it;
//   - or nothing at all (a host that cannot set headers, like GitHub Pages:
//     then only the CSP <meta> tag of the HTML applies).
//
// It records every request it answers, so tests can check what the page loaded.
//
//   node tests/e2e/server.mjs [--root dist] [--port 8080] [--plain] [--no-csp]
//
// Plain JavaScript, so that `node` runs it as is; tsc checks it through its JSDoc types.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHeadersFile } from '../../web/plugins/headers-file.js';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The headers the rules give a path. A header set by two matching rules is joined
 * with a comma, as Cloudflare Pages does (Netlify keeps the last one instead): the
 * site's file sets each header once per path, and the tests check that.
 * @param {ReturnType<typeof parseHeadersFile>} rules
 * @param {string} path
 * @returns {Map<string, string>} by lower-case name
 */
export function headersFor(rules, path) {
  /** @type {Map<string, string>} */
  const result = new Map();
  for (const rule of rules) {
    if (!rule.pattern.test(path)) continue;
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      const earlier = result.get(key);
      result.set(key, earlier === undefined ? value : `${earlier}, ${value}`);
    }
  }
  return result;
}

/**
 * Starts the server. Options:
 *   root      directory to serve (default dist/)
 *   port      0 for any free port (default)
 *   headers   true: apply root/_headers, CSP included (default); false: send no policy headers at all
 *   csp       false: leave out the Content-Security-Policy of _headers (default: send it)
 *   routes    extra { '/path': (req, res) => void } handlers (a parent page for the embed test)
 *   mounts    extra { '/prefix/': directory } served beside the site, with the headers `_headers` gives their
 *             paths (a test-only page at the same origin as the site's engine files)
 * Resolves to { url, port, requests, close() }.
 * @param {{ root?: string, port?: number, headers?: boolean, csp?: false,
 *   routes?: Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void>,
 *   mounts?: Record<string, string> }} [options]
 * @returns {Promise<{ url: string, port: number, requests: { method: string, path: string, search: string }[], close(): Promise<void> }>}
 */
export async function startServer({ root = 'dist', port = 0, headers = true, csp, routes = {}, mounts = {} } = {}) {
  const base = resolve(root);
  const mounted = Object.entries(mounts).map(([prefix, dir]) => ({ prefix, dir: resolve(dir) }));
  if (!existsSync(join(base, 'index.html'))) throw new Error(`no built site in ${base}: run npx vite build first`);
  const rules = headers && existsSync(join(base, '_headers')) ? parseHeadersFile(readFileSync(join(base, '_headers'), 'utf8')) : [];
  /** @type {{ method: string, path: string, search: string }[]} */
  const requests = [];

  // Long query strings (the hostile-input tests send 10 000-character values) must reach the page.
  const server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, search: url.search });
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of headersFor(rules, url.pathname)) if (csp !== false || name !== 'content-security-policy') res.setHeader(name, value);

    const route = routes[url.pathname];
    if (route) return route(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const mount = mounted.find((m) => url.pathname.startsWith(m.prefix));
    const dir = mount?.dir ?? base;
    let path = normalize(join(dir, decodeURIComponent(mount ? url.pathname.slice(mount.prefix.length) : url.pathname)));
    if (path !== dir && !path.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Length': statSync(path).size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(path).pipe(res);
  });

  await /** @type {Promise<void>} */ (
    new Promise((done, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => done());
    })
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP port');
  const actual = address.port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    requests,
    close: () =>
      /** @type {Promise<void>} */ (
        new Promise((done) => {
          server.closeAllConnections?.();
          server.close(() => done());
        })
      ),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (/** @type {string} */ name, /** @type {string} */ fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const server = await startServer({
    root: value('--root', 'dist'),
    port: Number(value('--port', '8080')),
    headers: !args.includes('--plain'),
    csp: args.includes('--no-csp') ? false : undefined,
  });
  console.log(`serving ${value('--root', 'dist')} at ${server.url}${args.includes('--plain') ? ' (no isolation headers)' : ''}`);
}
