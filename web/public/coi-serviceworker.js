// Cross-origin isolation for hosts that cannot send headers (GitHub Pages).
// Registered by the page only when it is not isolated and not inside an iframe
// (web/src/env/isolation.ts); it re-serves this origin's responses with
// COOP/COEP/CORP so the next load of the page is cross-origin isolated.
// Only same-origin requests are touched; the page makes no other.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  // Chrome bug: only-if-cached with a non-same-origin mode throws; leave those alone.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0 || response.type === 'opaque') return response;
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      headers.set('Cross-Origin-Resource-Policy', 'same-origin');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
});
