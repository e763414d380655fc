// The site's one service worker (web/src/env/isolation.ts registers it on the
// top-level page, never inside an iframe). Two jobs:
//
// 1. Cross-origin isolation for hosts that cannot send headers (GitHub Pages):
//    the site's own responses get COOP/COEP/CORP where the host sent none, so
//    the next load of the page is cross-origin isolated (the page reloads once).
// 2. Offline after one visit: `vite build` fills in PRECACHE below with every
//    file of the build and a version (web/plugins/site-plugin.ts), so this file
//    changes with each build and the browser installs it anew. Installing
//    caches that build's files (the engine files are named by their content);
//    activating drops the caches of earlier builds. Pages are fetched from the
//    network first (a new deploy shows at once) and from the cache when that
//    fails; every other file from the cache first. Under the dev server
//    PRECACHE stays empty: nothing is cached.
//
// Only same-origin GET requests are touched; the page makes no other.
const PRECACHE = { version: '', files: [] }; // filled in by vite build
const CACHE_PREFIX = 'concurrency-playground-';
const CACHE = `${CACHE_PREFIX}${PRECACHE.version}`;

self.addEventListener('install', (event) => {
  self.skipWaiting();
  if (!PRECACHE.version) return;
  // A file that cannot be fetched is left out (it is then fetched when asked for):
  // offline use is a bonus, and a failed install would cost the isolation fallback too.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        PRECACHE.files.map((file) => {
          const url = new URL(file, self.location.href).href;
          return fetch(url, { cache: 'no-cache' })
            .then((response) => (response.ok && !response.redirected ? cache.put(url, response) : undefined))
            .catch(() => undefined);
        }),
      ),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

/** The site's responses as the isolation needs them: COOP/COEP/CORP added where the host sent none. */
function isolated(response) {
  if (response.status === 0 || response.type === 'opaque') return response;
  const missing = [
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Embedder-Policy', 'require-corp'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
  ].filter(([name]) => !response.headers.has(name));
  if (!missing.length) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The cached copy of a request: a page by its path alone (its query is the experiment), a directory as its index.html. */
async function cached(request) {
  if (!PRECACHE.version) return undefined;
  const url = new URL(request.url);
  url.hash = '';
  const page = request.mode === 'navigate';
  if (page) {
    url.search = '';
    if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  }
  const cache = await caches.open(CACHE);
  return cache.match(url.href);
}

async function respond(request) {
  if (request.mode === 'navigate') {
    try {
      return await fetch(request);
    } catch (error) {
      const copy = await cached(request);
      if (copy) return copy;
      throw error;
    }
  }
  return (await cached(request)) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Chrome bug: only-if-cached with a non-same-origin mode throws; leave those alone.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(respond(request).then(isolated));
});
