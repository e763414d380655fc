/*! Concurrency Playground embed loader (MIT). On a course page:
 *
 *   <div data-concurrency-demo="sleep" data-threads="4" data-title="Sleep: threads vs coroutines"></div>
 *   <script src="https://PLAYGROUND/embed-loader.js" async></script>
 *
 * turns each placeholder into a lazy, titled iframe of embed.html (beside this
 * file) that follows the height of its content. data-concurrency-demo is the
 * scenario; every other data-* attribute is a URL parameter of the embed page
 * (data-first-ms="800" -> first_ms=800), except data-title (the iframe's title)
 * and data-height (its height until the demo reports one). Placeholders added
 * later are found too. No dependencies; no HTML is built from the attributes;
 * only the iframe's own style properties are set (CSSOM), which a host's
 * style-src does not restrict. Heights are taken only from messages of this
 * playground's origin whose source is one of the iframes made here. */
(() => {
  const script = document.currentScript;
  if (!script?.src || window.concurrencyPlaygroundLoader) return;
  window.concurrencyPlaygroundLoader = true;
  const embed = new URL('embed.html', script.src);
  const MESSAGE = 'concurrency-playground:height';
  const MIN = 80;
  const MAX = 10000;
  const NOT_PARAMETERS = ['concurrency-demo', 'title', 'height'];
  const frames = new Set();
  let count = 0;

  const clamp = (value, fallback) => {
    const n = value === null || value === '' ? Number.NaN : Number(value);
    return Number.isFinite(n) ? Math.round(Math.min(MAX, Math.max(MIN, n))) : fallback;
  };

  const mount = (placeholder) => {
    if (placeholder.concurrencyPlaygroundFrame) return;
    const query = new URLSearchParams();
    const scenario = placeholder.getAttribute('data-concurrency-demo');
    if (scenario) query.set('scenario', scenario);
    for (const attribute of Array.from(placeholder.attributes)) {
      const name = attribute.name.slice(5);
      if (attribute.name.startsWith('data-') && NOT_PARAMETERS.indexOf(name) < 0) query.set(name.replace(/-/g, '_'), attribute.value);
    }
    const id = placeholder.id || `concurrency-demo-${++count}`;
    const url = new URL(embed.href);
    url.search = query.toString();
    url.hash = new URLSearchParams({ id }).toString();

    const frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = placeholder.getAttribute('data-title') || `Concurrency Playground: ${scenario || 'demo'}`;
    frame.setAttribute('loading', 'lazy');
    frame.setAttribute('allow', 'cross-origin-isolated; clipboard-write');
    frame.style.display = 'block';
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.height = `${clamp(placeholder.getAttribute('data-height'), 480)}px`;
    placeholder.concurrencyPlaygroundFrame = frame;
    frames.add(frame);
    placeholder.replaceChildren(frame);
  };

  const scan = () => {
    for (const placeholder of Array.from(document.querySelectorAll('[data-concurrency-demo]'))) mount(placeholder);
  };

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (event.origin !== embed.origin || !data || data.type !== MESSAGE || !event.source) return;
    for (const frame of Array.from(frames)) {
      if (frame.contentWindow === event.source) {
        const height = clamp(data.height, undefined);
        if (height !== undefined) frame.style.height = `${height}px`;
      }
    }
  });

  const start = () => {
    scan();
    new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
